import { Alert, Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import type { RequestStatus } from '../api';

const STATUS_COLOR: Record<RequestStatus, string> = {
  draft: 'gray.7',
  sent: 'blue.9',
  answering: 'indigo.9',
  submitted: 'cyan.9',
  accepted: 'teal.9',
  returned: 'red.9',
  cancelled: 'dark.4',
};

/** 下書き / 依頼中 / … as a badge whose word carries the meaning (colour only helps). */
export function RequestStatusBadge({ status }: { status: RequestStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="filled" data-testid="request-status">
      {t(`surveyRequests.status.${status}`)}
    </Badge>
  );
}

/** 期限超過, shown beside the deadline when it has passed. */
export function OverdueBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="red.9" variant="outline" data-testid="request-overdue">
      {t('surveyRequests.list.overdue')}
    </Badge>
  );
}

/**
 * The error of a refused action: the server's message, plus what to do about it for the answers
 * people meet in daily work (someone changed it first; the role does not allow it).
 */
export function ActionError({ error, fieldsShownInline }: { error: unknown; fieldsShownInline?: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorAlert error={error} fieldsShownInline={fieldsShownInline} />
      {error instanceof ApiError && error.status === 409 && error.code === 'conflict' && (
        <Alert color="orange" data-testid="action-conflict">
          {t('surveyRequests.detail.conflict')}
        </Alert>
      )}
      {error instanceof ApiError && error.status === 403 && (
        <Alert color="orange" data-testid="action-forbidden">
          {t('surveyRequests.detail.forbidden')}
        </Alert>
      )}
    </>
  );
}
