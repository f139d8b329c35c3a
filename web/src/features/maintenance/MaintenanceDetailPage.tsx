import { Alert, Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useOutletContext, useParams } from 'react-router';
import { isApiStatus } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { NotFoundContent } from '../../components/NotFoundContent';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import type { StaffSession } from '../audit/api';
import { useNotice, type MailStatus, type NoticeDetail } from './api';
import { CancelNoticeModal } from './CancelNoticeModal';
import { NoticeStatusBadges, useServiceNames } from './noticeLabels';
import { windowText } from './noticeTime';

const MAIL_COLOR: Record<MailStatus | 'unknown', string> = { queued: 'blue.9', sent: 'teal.9', failed: 'red.9', captured: 'gray.8', unknown: 'gray.8' };

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="sm" fw={700}>
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

/** One maintenance: what tenants were told, whom, and how each mail went; change and cancel. */
export function MaintenanceDetailPage() {
  const { t } = useTranslation();
  usePageTitle(t('maintenance.detail.title'));
  const { noticeId = '' } = useParams();
  const detail = useNotice(noticeId);
  if (detail.isPending) return <LoadingState />;
  if (isApiStatus(detail.error, 404) || isApiStatus(detail.error, 400)) return <NotFoundContent />;
  if (detail.isError) return <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />;
  return <NoticeDetailView data={detail.data} />;
}

function NoticeDetailView({ data }: { data: NoticeDetail }) {
  const { t } = useTranslation();
  const lang = useLang();
  const staff = useOutletContext<StaffSession>();
  const location = useLocation();
  const serviceNames = useServiceNames();
  const [done, setDone] = useState<string | null>(() => {
    const state: unknown = location.state;
    return typeof state === 'object' && state !== null && 'done' in state && typeof state.done === 'string' ? state.done : null;
  });
  const navigate = useNavigate();
  // The outcome is said once: a reload or a return through history does not repeat it.
  useEffect(() => {
    if (location.state) void navigate(location.pathname, { replace: true, state: null });
  }, [location.state, location.pathname, navigate]);
  const [cancelling, setCancelling] = useState(false);
  const { notice, tenants, notifications } = data;
  const open = notice.status === 'upcoming' || notice.status === 'in_progress';
  const canWrite = staff.permissions.includes('ops:tenants:write');
  const affected = tenants.filter((tenant) => tenant.affected).length;

  return (
    <Stack>
      <Anchor component={Link} to="/ops/maintenance" size="sm">
        {t('maintenance.backToList')}
      </Anchor>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('maintenance.detail.title')}</Title>
        {canWrite && open && (
          <Group gap="xs">
            <Button component={Link} to={`/ops/maintenance/${notice.id}/edit`} variant="default" data-testid="maintenance-edit">
              {t('maintenance.detail.edit')}
            </Button>
            <Button color="red" variant="outline" onClick={() => setCancelling(true)} data-testid="maintenance-cancel">
              {t('maintenance.detail.cancel')}
            </Button>
          </Group>
        )}
      </Group>
      {done && (
        <Alert color="green" role="status" withCloseButton closeButtonLabel={t('maintenance.close')} onClose={() => setDone(null)} data-testid="maintenance-done">
          {done}
        </Alert>
      )}
      {canWrite && !open && (
        <Text size="sm" c="dimmed">
          {t('maintenance.detail.closed')}
        </Text>
      )}
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Field label={t('maintenance.detail.window')}>
            <Text data-testid="maintenance-window">{windowText(notice.startsAt, notice.endsAt, lang)}</Text>
          </Field>
          <Field label={t('maintenance.detail.status')}>
            <NoticeStatusBadges status={notice.status} urgent={notice.urgent} />
          </Field>
          <Field label={t('maintenance.detail.services')}>
            <Text>{serviceNames(notice.services)}</Text>
          </Field>
          <Field label={t('maintenance.detail.createdBy')}>
            <Text>{t('maintenance.detail.createdByValue', { name: notice.createdByName, date: formatDateTime(notice.createdAt, lang) })}</Text>
          </Field>
          <Field label={t('maintenance.detail.descriptionJa')}>
            <Text lang="ja" style={{ whiteSpace: 'pre-wrap' }}>
              {notice.description.ja}
            </Text>
          </Field>
          <Field label={t('maintenance.detail.descriptionEn')}>
            <Text lang="en" style={{ whiteSpace: 'pre-wrap' }}>
              {notice.description.en}
            </Text>
          </Field>
          <Field label={t('maintenance.detail.revision')}>
            <Text>{t('maintenance.detail.revisionValue', { revision: notice.revision, date: formatDateTime(notice.updatedAt, lang) })}</Text>
          </Field>
          {notice.urgentReason && (
            <Field label={t('maintenance.detail.urgentReason')}>
              <Text>{notice.urgentReason}</Text>
            </Field>
          )}
          {notice.cancelledAt && (
            <Field label={t('maintenance.detail.cancelled')}>
              <Text data-testid="maintenance-cancelled">
                {t('maintenance.detail.cancelledValue', { date: formatDateTime(notice.cancelledAt, lang), name: notice.cancelledByName ?? '', reason: notice.cancelReason ?? '' })}
              </Text>
            </Field>
          )}
        </SimpleGrid>
      </Card>

      <Title order={2} size="h3">
        {t('maintenance.detail.tenantsTitle')}
      </Title>
      {tenants.length === 0 ? (
        <Text c="dimmed">{t('maintenance.detail.tenantsEmpty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="xs" data-testid="maintenance-tenants">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('maintenance.detail.tenantCode')}</Table.Th>
                <Table.Th scope="col">{t('maintenance.detail.tenantName')}</Table.Th>
                <Table.Th scope="col">{t('maintenance.detail.contact')}</Table.Th>
                <Table.Th scope="col">{t('maintenance.detail.affected')}</Table.Th>
                <Table.Th scope="col">{t('maintenance.detail.firstNotifiedAt')}</Table.Th>
                <Table.Th scope="col">{t('maintenance.detail.remindedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tenants.map((tenant) => (
                <Table.Tr key={tenant.customerId}>
                  <Table.Td>{tenant.code}</Table.Td>
                  <Table.Td>{tenant.name}</Table.Td>
                  <Table.Td>{tenant.contactEmail}</Table.Td>
                  <Table.Td>{tenant.affected ? t('maintenance.detail.affectedYes') : t('maintenance.detail.affectedNo')}</Table.Td>
                  <Table.Td>{formatDateTime(tenant.firstNotifiedAt, lang)}</Table.Td>
                  <Table.Td>{tenant.remindedAt ? formatDateTime(tenant.remindedAt, lang) : t('maintenance.detail.notReminded')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <Title order={2} size="h3">
        {t('maintenance.detail.notificationsTitle')}
      </Title>
      {notifications.length === 0 ? (
        <Text c="dimmed">{t('maintenance.detail.notificationsEmpty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="xs" data-testid="maintenance-notifications">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('maintenance.detail.sentAt')}</Table.Th>
                <Table.Th scope="col">{t('maintenance.detail.tenant')}</Table.Th>
                <Table.Th scope="col">{t('maintenance.detail.kind')}</Table.Th>
                <Table.Th scope="col">{t('maintenance.detail.to')}</Table.Th>
                <Table.Th scope="col">{t('maintenance.detail.mail')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {notifications.map((n) => {
                const status = n.mailStatus ?? 'unknown';
                return (
                  <Table.Tr key={n.id}>
                    <Table.Td>{formatDateTime(n.sentAt, lang)}</Table.Td>
                    <Table.Td>{n.tenantName ?? n.customerId}</Table.Td>
                    <Table.Td>{t(`maintenance.kind.${n.kind}`)}</Table.Td>
                    <Table.Td>{n.to}</Table.Td>
                    <Table.Td>
                      <Badge variant="outline" color={MAIL_COLOR[status]} data-testid="maintenance-mail-status">
                        {t(`maintenance.mail.${status}`)}
                      </Badge>
                      {n.mailSentAt && (
                        <Text size="xs" c="dimmed">
                          {formatDateTime(n.mailSentAt, lang)}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {cancelling && <CancelNoticeModal notice={notice} affectedTenants={affected} onClose={() => setCancelling(false)} notify={setDone} />}
    </Stack>
  );
}
