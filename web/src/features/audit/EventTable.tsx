import { Code, Stack, Table, Text } from '@mantine/core';
import { ListPager } from '../../components/ListPager';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import type { EventPage, LogEvent } from './api';
import { useActionLabel } from './actionLabels';

// Dark shades: readable (WCAG AA) on white and on striped rows.
const RESULT_COLOR = { success: 'teal.9', failure: 'red.9', denied: 'violet.9' } as const;

interface EventTableProps {
  page: EventPage;
  onPage: (page: number) => void;
  /** The operator log shows which customer a staff action concerned. */
  showCustomer?: boolean;
}

function Detail({ event }: { event: LogEvent }) {
  const { t } = useTranslation();
  const purpose = typeof event.details.purpose === 'string' ? event.details.purpose : undefined;
  return (
    <Stack gap={2}>
      {purpose && <Text size="sm">{t('audit.breakglass.purpose', { purpose: t(`audit.breakglass.purposes.${purpose as 'members' | 'events' | 'evidence_export' | 'evidence_download'}`, { defaultValue: purpose }) })}</Text>}
      {event.reason && (
        <Text size="sm">
          {t('audit.table.reasonLabel')}
          {event.reason}
        </Text>
      )}
      {event.targetType && (
        <Text size="xs" c="dimmed">
          {event.targetType}: {event.targetId}
          {event.targetLabels.length > 0 && ` [${event.targetLabels.join(', ')}]`}
        </Text>
      )}
    </Stack>
  );
}

/** A page of a log: when, who, what, result and why, with the provider's staff marked. */
export function EventTable({ page, onPage, showCustomer = false }: EventTableProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const actionLabel = useActionLabel();
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));

  return (
    <Stack>
      <Text size="sm" data-testid="audit-total">
        {t('audit.table.total', { count: page.total })}
      </Text>
      <Table.ScrollContainer minWidth={860}>
        <Table striped verticalSpacing="xs" data-testid="audit-table">
          <Table.Thead>
            <Table.Tr style={{ whiteSpace: 'nowrap' }}>
              <Table.Th scope="col">{t('audit.table.time')}</Table.Th>
              <Table.Th scope="col">{t('audit.table.actor')}</Table.Th>
              <Table.Th scope="col">{t('audit.table.action')}</Table.Th>
              <Table.Th scope="col">{t('audit.table.result')}</Table.Th>
              <Table.Th scope="col">{t('audit.table.detail')}</Table.Th>
              {showCustomer && <Table.Th scope="col">{t('audit.table.customer')}</Table.Th>}
              <Table.Th scope="col">{t('audit.table.ip')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {page.events.map((event) => (
              <Table.Tr key={event.id} data-testid={event.actorType === 'staff' ? 'audit-row-staff' : 'audit-row'}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(event.occurredAt, lang)}</Table.Td>
                <Table.Td>
                  <Stack gap={2} align="flex-start">
                    {event.actorName && <Text size="sm">{event.actorName}</Text>}
                    {!event.actorName && event.actorType === 'user' && <Code>{event.actorId?.slice(0, 8) ?? '—'}</Code>}
                    {event.actorType !== 'user' && (
                      <Text size="xs" fw={700} c={event.actorType === 'staff' ? 'violet.9' : 'gray.8'}>
                        {t(`audit.actorType.${event.actorType}`)}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Stack gap={2} align="flex-start">
                    {actionLabel(event.action) !== event.action && <Text size="sm">{actionLabel(event.action)}</Text>}
                    <Code>{event.action}</Code>
                  </Stack>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm" fw={700} c={RESULT_COLOR[event.result]}>
                    {t(`audit.result.${event.result}`)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Detail event={event} />
                </Table.Td>
                {showCustomer && <Table.Td>{event.customerId ? <Code>{event.customerId.slice(0, 8)}</Code> : '—'}</Table.Td>}
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{event.ip ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ListPager pages={pages} page={page.page} onChange={onPage} testId="audit-pagination" />
    </Stack>
  );
}
