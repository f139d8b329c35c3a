import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useOutletContext, useParams } from 'react-router';
import { isApiStatus } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { NotFoundContent } from '../../components/NotFoundContent';
import { usePageTitle } from '../../layout/usePageTitle';
import type { StaffSession } from '../audit/api';
import { useNotice, useNotices } from './api';
import { NoticeForm } from './NoticeForm';

function Forbidden() {
  const { t } = useTranslation();
  return (
    <Alert color="yellow" title={t('errors.title')} data-testid="maintenance-forbidden">
      {t('maintenance.forbidden')}
    </Alert>
  );
}

/** Scheduling a new maintenance (staff who may change tenants and contracts). */
export function MaintenanceNewPage() {
  const { t } = useTranslation();
  usePageTitle(t('maintenance.form.titleNew'));
  const staff = useOutletContext<StaffSession>();
  // The list answer carries the configured lead time.
  const list = useNotices({ page: 1 });
  if (!staff.permissions.includes('ops:tenants:write')) return <Forbidden />;
  if (list.isPending) return <LoadingState />;
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  return <NoticeForm leadDays={list.data.leadDays} />;
}

/** Changing a maintenance that has not ended. */
export function MaintenanceEditPage() {
  const { t } = useTranslation();
  usePageTitle(t('maintenance.form.titleEdit'));
  const staff = useOutletContext<StaffSession>();
  const { noticeId = '' } = useParams();
  const detail = useNotice(noticeId);
  if (!staff.permissions.includes('ops:tenants:write')) return <Forbidden />;
  if (detail.isPending) return <LoadingState />;
  if (isApiStatus(detail.error, 404) || isApiStatus(detail.error, 400)) return <NotFoundContent />;
  if (detail.isError) return <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />;
  const { notice, leadDays } = detail.data;
  if (notice.status !== 'upcoming' && notice.status !== 'in_progress') {
    return (
      <Alert color="yellow" title={t('maintenance.form.titleEdit')} data-testid="maintenance-closed">
        {t('maintenance.detail.closed')}
      </Alert>
    );
  }
  return <NoticeForm notice={notice} leadDays={leadDays} />;
}
