import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../i18n';
import type { ResponseStatus } from '../api';

const STATUS_COLOR: Record<ResponseStatus, string> = {
  draft: 'gray.7',
  in_review: 'violet.9',
  returned: 'red.9',
  approved: 'teal.9',
  sent: 'blue.9',
};

/** 作成中 / 承認待ち / 差し戻し / 承認済み / 送信済み. */
export function ResponseStatusBadge({ status }: { status: ResponseStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="filled" data-testid="response-status">
      {t(`surveyResponses.status.${status}`)}
    </Badge>
  );
}

const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/** 1536 → "1.5 KB": a file's size as people read it. */
export function formatFileSize(bytes: number, lang: Lang): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  return `${value.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${UNITS[unit]}`;
}
