import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InquiryKind, InquiryStatus } from '../api';

const KIND_COLOR: Record<InquiryKind, string> = { sample: 'grape.9', quote: 'indigo.9', question: 'cyan.9' };
const STATUS_COLOR: Record<InquiryStatus, string> = { open: 'blue.9', answered: 'teal.9', closed: 'gray.7' };

/** サンプル依頼 / 見積依頼 / 質問, as a badge whose word carries the meaning (colour only helps). */
export function InquiryKindBadge({ kind }: { kind: InquiryKind }) {
  const { t } = useTranslation();
  return (
    <Badge color={KIND_COLOR[kind]} variant="filled" data-testid="inquiry-kind">
      {t(`catalogInquiries.kind.${kind}`)}
    </Badge>
  );
}

/** 未回答 / 回答済み / 完了. */
export function InquiryStatusBadge({ status }: { status: InquiryStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="filled" data-testid="inquiry-status">
      {t(`catalogInquiries.status.${status}`)}
    </Badge>
  );
}
