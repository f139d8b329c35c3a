import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReportStatus } from './reportsApi';

const COLORS: Record<ReportStatus, string> = { new: 'red.9', triaging: 'blue.9', resolved: 'teal.9', rejected: 'gray.8' };

export function ReportStatusBadge({ status }: { status: ReportStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant={status === 'new' ? 'filled' : 'outline'} color={COLORS[status]} data-testid="report-status">
      {t(`opsMonitor.reports.status.${status}`)}
    </Badge>
  );
}
