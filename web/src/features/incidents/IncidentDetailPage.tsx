import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext, useParams } from 'react-router';
import { isApiStatus } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import type { StaffSession } from '../audit/api';
import { useIncident, type AffectedTenant, type IncidentDetail, type MessageKind } from './api';
import { CountdownText, IncidentStatusBadge, MailStatusText, NotificationBadge, SeverityBadge, useServiceNames } from './incidentLabels';
import { useServerNow } from './incidentTime';
import classes from './incidents.module.css';
import { SendMessageDialog } from './SendMessageDialog';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={700}>
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

function Facts({ incident, now }: { incident: IncidentDetail; now: Date }) {
  const { t } = useTranslation();
  const lang = useLang();
  const serviceNames = useServiceNames();
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h4">
          {t('incidents.detail.facts')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          <Fact label={t('incidents.detail.occurredAt')}>
            <Text data-testid="incident-occurred-at">{formatDateTime(incident.occurredAt, lang, { withZone: true })}</Text>
          </Fact>
          <Fact label={t('incidents.detail.confirmedAt')}>
            <Text data-testid="incident-confirmed-at">{formatDateTime(incident.confirmedAt, lang, { withZone: true })}</Text>
          </Fact>
          <Fact label={t('incidents.detail.deadline')}>
            <Stack gap={2}>
              <Text fw={700} data-testid="incident-deadline">
                {formatDateTime(incident.deadline, lang, { withZone: true })}
              </Text>
              {incident.notifications.unsent > 0 && <CountdownText deadline={incident.deadline} now={now} />}
            </Stack>
          </Fact>
          <Fact label={t('incidents.detail.occurredWhen')}>
            <Text size="sm">{incident.occurredInBusinessHours ? t('incidents.detail.inHours') : t('incidents.detail.outOfHours')}</Text>
          </Fact>
          <Fact label={t('incidents.detail.services')}>
            <Text size="sm">{serviceNames(incident.services)}</Text>
          </Fact>
          <Fact label={t('incidents.detail.scope')}>
            <Text size="sm">{incident.tenantScope === 'contracted' ? t('incidents.detail.scopeContracted') : t('incidents.detail.scopeSelected')}</Text>
          </Fact>
          <Fact label={t('incidents.detail.recorded')}>
            <Text size="sm">{t('incidents.detail.recordedBy', { date: formatDateTime(incident.recordedAt, lang), name: incident.recordedByName })}</Text>
          </Fact>
          {incident.closedAt && (
            <Fact label={t('incidents.detail.closed')}>
              <Text size="sm">{t('incidents.detail.recordedBy', { date: formatDateTime(incident.closedAt, lang), name: incident.closedByName ?? '' })}</Text>
            </Fact>
          )}
        </SimpleGrid>
        <Fact label={t('incidents.detail.description')}>
          <Text size="sm" className={classes.preWrap}>
            {incident.description}
          </Text>
        </Fact>
      </Stack>
    </Card>
  );
}

interface TenantTableProps {
  incident: IncidentDetail;
  now: Date;
  selectable: boolean;
  selected: string[];
  onSelect: (ids: string[]) => void;
}

/** Every affected tenant: its deadline in JST, the countdown while unsent, and 「期限内」/「期限超過」. */
function TenantTable({ incident, now, selectable, selected, onSelect }: TenantTableProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const unsent = incident.tenants.filter((tenant) => !tenant.notifiedAt && tenant.contactEmail);
  const allChosen = unsent.length > 0 && unsent.every((tenant) => selected.includes(tenant.customerId));
  return (
    <Table.ScrollContainer minWidth={980}>
      <Table striped verticalSpacing="xs" data-testid="incident-tenants">
        <Table.Thead>
          <Table.Tr>
            {selectable && (
              <Table.Th scope="col">
                <Checkbox
                  aria-label={t('incidents.detail.selectAll')}
                  checked={allChosen}
                  indeterminate={!allChosen && selected.length > 0}
                  disabled={unsent.length === 0}
                  onChange={(e) => onSelect(e.currentTarget.checked ? unsent.map((tenant) => tenant.customerId) : [])}
                  data-testid="incident-select-all"
                />
              </Table.Th>
            )}
            <Table.Th scope="col">{t('incidents.detail.tenant')}</Table.Th>
            <Table.Th scope="col">{t('incidents.detail.contact')}</Table.Th>
            <Table.Th scope="col">{t('incidents.detail.tenantDeadline')}</Table.Th>
            <Table.Th scope="col">{t('incidents.detail.countdown')}</Table.Th>
            <Table.Th scope="col">{t('incidents.detail.status')}</Table.Th>
            <Table.Th scope="col">{t('incidents.detail.notifiedAt')}</Table.Th>
            <Table.Th scope="col">{t('incidents.detail.delivery')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {incident.tenants.map((tenant) => (
            <Table.Tr key={tenant.customerId} data-testid="incident-tenant-row" data-tenant={tenant.code}>
              {selectable && (
                <Table.Td>
                  <Checkbox
                    aria-label={t('incidents.detail.selectTenant', { name: tenant.name })}
                    checked={selected.includes(tenant.customerId)}
                    disabled={Boolean(tenant.notifiedAt) || !tenant.contactEmail}
                    onChange={(e) => onSelect(e.currentTarget.checked ? [...selected, tenant.customerId] : selected.filter((id) => id !== tenant.customerId))}
                    data-testid="incident-select-tenant"
                  />
                </Table.Td>
              )}
              <Table.Td>
                <Text size="sm" fw={700}>
                  {tenant.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {tenant.code}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{tenant.contactEmail ?? t('incidents.detail.contactGone')}</Text>
              </Table.Td>
              <Table.Td>{formatDateTime(tenant.deadline, lang, { withZone: true })}</Table.Td>
              <Table.Td>{tenant.notifiedAt ? '—' : <CountdownText deadline={tenant.deadline} now={now} />}</Table.Td>
              <Table.Td>
                <NotificationBadge status={tenant.status} />
              </Table.Td>
              <Table.Td>{tenant.notifiedAt ? formatDateTime(tenant.notifiedAt, lang, { withZone: true }) : '—'}</Table.Td>
              <Table.Td>{tenant.notifiedAt ? <MailStatusText status={tenant.mailStatus} /> : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function MessageHistory({ incident }: { incident: IncidentDetail }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (incident.messages.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="incident-no-messages">
        {t('incidents.detail.noMessages')}
      </Text>
    );
  }
  return (
    <Stack data-testid="incident-messages">
      {incident.messages.map((message) => (
        <Card withBorder key={message.id}>
          <Group gap="xs" mb="xs">
            <Badge variant="outline" color="blue.9">
              {t(`incidents.kind.${message.kind}`)}
            </Badge>
            <Text size="sm">
              {t('incidents.detail.messageLine', {
                date: formatDateTime(message.sentAt, lang),
                name: message.sentByName,
                lang: t(`incidents.lang.${message.lang}`),
                count: message.recipients.length,
              })}
            </Text>
          </Group>
          <Text size="sm" className={classes.preWrap}>
            {message.message}
          </Text>
        </Card>
      ))}
    </Stack>
  );
}

/**
 * One incident: the facts with both times and the deadline in JST, every affected tenant's
 * notification against the deadline, and the first notice, updates and closure to send.
 */
export function IncidentDetailPage() {
  const { t } = useTranslation();
  const { incidentId = '' } = useParams();
  const staff = useOutletContext<StaffSession>();
  const answer = useIncident(incidentId);
  const now = useServerNow(answer.data?.now);
  const [selected, setSelected] = useState<string[]>([]);
  const [composing, setComposing] = useState<MessageKind | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  usePageTitle(answer.data?.incident.title ?? t('incidents.title'));

  if (answer.isPending) return <LoadingState />;
  if (isApiStatus(answer.error, 404) || (answer.isError && isApiStatus(answer.error, 400))) {
    return (
      <Alert color="yellow" title={t('incidents.detail.notFoundTitle')} data-testid="incident-not-found">
        <Stack gap="xs">
          <Text size="sm">{t('incidents.detail.notFoundBody')}</Text>
          <Anchor component={Link} to="/ops/incidents" size="sm">
            {t('incidents.back')}
          </Anchor>
        </Stack>
      </Alert>
    );
  }
  if (answer.isError) return <ErrorAlert error={answer.error} onRetry={() => void answer.refetch()} />;

  const { incident } = answer.data;
  const canWrite = staff.permissions.includes('ops:incidents:manage') && incident.status === 'open';
  const notified = incident.tenants.filter((tenant) => tenant.notifiedAt);
  const overdue = incident.tenants.filter((tenant) => tenant.status === 'overdue').length;
  const recipientsOf = (kind: MessageKind): AffectedTenant[] =>
    kind === 'notification' ? incident.tenants.filter((tenant) => selected.includes(tenant.customerId)) : kind === 'update' ? notified : incident.tenants;

  return (
    <Stack>
      <Anchor component={Link} to="/ops/incidents" size="sm">
        {t('incidents.back')}
      </Anchor>
      <Group gap="sm" align="center">
        <Title order={1}>{incident.title}</Title>
        <SeverityBadge severity={incident.severity} />
        <IncidentStatusBadge status={incident.status} />
      </Group>
      {notice && (
        <Alert color="green" role="status" withCloseButton closeButtonLabel={t('incidents.close')} onClose={() => setNotice(null)} data-testid="incident-notice">
          {notice}
        </Alert>
      )}
      {incident.confirmedAfterDeadline && incident.notifications.unsent > 0 && (
        <Alert color="red" title={t('incidents.notification.overdue')} data-testid="incident-confirmed-late">
          {t('incidents.detail.confirmedLate')}
        </Alert>
      )}
      {!incident.confirmedAfterDeadline && overdue > 0 && (
        <Alert color="red" title={t('incidents.notification.overdue')} data-testid="incident-overdue">
          {t('incidents.detail.overdueAlert', { count: overdue })}
        </Alert>
      )}
      <Facts incident={incident} now={now} />
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h3">
          {t('incidents.detail.tenants')}{' '}
          <Text span c="dimmed" size="md">
            {t('incidents.detail.tenantsCount', { count: incident.tenants.length })}
          </Text>
        </Title>
        {canWrite && (
          <Group gap="xs">
            <Button onClick={() => setComposing('notification')} disabled={selected.length === 0} data-testid="incident-send-notification">
              {t('incidents.detail.sendNotification')}
            </Button>
            <Button variant="default" onClick={() => setComposing('update')} disabled={notified.length === 0} data-testid="incident-send-update">
              {t('incidents.detail.sendUpdate')}
            </Button>
            <Button
              variant="outline"
              color="red"
              onClick={() => setComposing('closure')}
              disabled={notified.length < incident.tenants.length}
              title={notified.length < incident.tenants.length ? t('incidents.detail.closeHint') : undefined}
              data-testid="incident-close"
            >
              {t('incidents.detail.closeIncident')}
            </Button>
          </Group>
        )}
      </Group>
      {canWrite && notified.length < incident.tenants.length && (
        <Text size="xs" c="dimmed">
          {t('incidents.detail.closeHint')}
        </Text>
      )}
      <TenantTable incident={incident} now={now} selectable={canWrite} selected={selected} onSelect={setSelected} />
      <Title order={2} size="h3">
        {t('incidents.detail.messages')}
      </Title>
      <MessageHistory incident={incident} />
      {composing && (
        <SendMessageDialog
          incident={incident}
          kind={composing}
          recipients={recipientsOf(composing)}
          onClose={() => setComposing(null)}
          onSent={(count) => {
            setNotice(composing === 'closure' ? t('incidents.detail.closedDone', { count }) : t('incidents.detail.sentDone', { count }));
            setComposing(null);
            setSelected([]);
          }}
        />
      )}
    </Stack>
  );
}
