import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useFilterDraft } from '../../../components/useFilterDraft';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { REQUEST_STATUSES, useRequests, type RequestBox } from '../api';
import { PAGE_SIZE, useSurveyAbilities, type RequestListFilter } from './requestApi';
import { PagedTable } from '../products/shared';
import { OverdueBadge, RequestStatusBadge } from './requestLabels';

function filterFrom(box: RequestBox, search: URLSearchParams): RequestListFilter {
  const page = Number(search.get('page'));
  return {
    box,
    status: REQUEST_STATUSES.find((s) => s === search.get('status')) ?? '',
    q: search.get('q') ?? '',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

function searchFrom(filter: RequestListFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.status) params.set('status', filter.status);
  if (filter.q.trim()) params.set('q', filter.q.trim());
  if (filter.page > 1) params.set('page', String(filter.page));
  return params;
}

/** The path of a request's page, by the box it is in. */
export function requestPath(box: RequestBox, requestId: string): string {
  return box === 'outgoing' ? `/s/survey/requests/${requestId}` : `/s/survey/incoming/${requestId}`;
}

/**
 * 調査依頼 / 受信した依頼: one box of requests with a status filter, a search and paging,
 * all kept in the URL so a view can be shared.
 */
export function RequestList({ box }: { box: RequestBox }) {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useSurveyAbilities();
  const title = box === 'outgoing' ? t('surveyRequests.list.title') : t('surveyRequests.list.incomingTitle');
  usePageTitle(title);
  const [search, setSearch] = useSearchParams();
  const filter = filterFrom(box, search);
  const [draft, setDraft] = useFilterDraft({ q: filter.q });
  const show = (next: RequestListFilter) => setSearch(searchFrom(next));
  const requests = useRequests({ ...filter, pageSize: PAGE_SIZE });
  const filtered = filter.status !== '' || filter.q !== '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    show({ ...filter, q: draft.q, page: 1 });
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{title}</Title>
        {box === 'outgoing' && can.write && (
          <Button component={Link} to="/s/survey/requests/new" data-testid="request-new">
            {t('surveyRequests.list.new')}
          </Button>
        )}
      </Group>
      <Text size="sm">{box === 'outgoing' ? t('surveyRequests.list.intro') : t('surveyRequests.list.incomingIntro')}</Text>
      <form onSubmit={submit} role="search" aria-label={t('surveyRequests.list.search')}>
        <Group align="flex-end">
          <TextInput
            label={t('surveyRequests.list.search')}
            value={draft.q}
            onChange={(e) => setDraft({ q: e.currentTarget.value })}
            data-testid="request-filter-q"
          />
          <Button type="submit" variant="light">
            {t('surveyRequests.list.searchSubmit')}
          </Button>
          <NativeSelect
            label={t('surveyRequests.fields.status')}
            value={filter.status}
            onChange={(e) => show({ ...filter, status: REQUEST_STATUSES.find((s) => s === e.currentTarget.value) ?? '', page: 1 })}
            data={[
              { value: '', label: t('surveyRequests.list.allStatuses') },
              ...REQUEST_STATUSES.filter((s) => box === 'outgoing' || s !== 'draft').map((s) => ({ value: s, label: t(`surveyRequests.status.${s}`) })),
            ]}
            data-testid="request-filter-status"
          />
        </Group>
      </form>
      <PagedTable
        query={requests}
        emptyText={filtered ? t('surveyRequests.list.emptyFiltered') : box === 'outgoing' ? t('surveyRequests.list.emptyOutgoing') : t('surveyRequests.list.emptyIncoming')}
        emptyTestId="request-empty"
        totalLine={(total) => <Text size="sm">{t('surveyRequests.list.total', { count: total })}</Text>}
        minWidth={900}
        testId="request-table"
        headers={[
          t('surveyRequests.fields.title'),
          box === 'outgoing' ? t('surveyRequests.fields.supplier') : t('surveyRequests.fields.requester'),
          t('surveyRequests.fields.itemCount'),
          t('surveyRequests.fields.respondBy'),
          t('surveyRequests.fields.updatedAt'),
          t('surveyRequests.fields.status'),
        ]}
        row={(request) => (
          <Table.Tr key={request.id} data-testid={`request-row-${request.title}`}>
            <Table.Td>
              <Anchor component={Link} to={requestPath(box, request.id)} fw={700}>
                {request.title}
              </Anchor>
              {request.requesterRef && (
                <Text size="xs" c="dimmed">
                  {request.requesterRef}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{box === 'outgoing' ? request.supplierName : request.requesterName}</Table.Td>
            <Table.Td>{request.itemCount.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US')}</Table.Td>
            <Table.Td>
              <Group gap={6}>
                <Text size="sm">{request.respondBy.replaceAll('-', '/')}</Text>
                {request.overdue && <OverdueBadge />}
              </Group>
            </Table.Td>
            <Table.Td>{formatDateTime(request.updatedAt, lang)}</Table.Td>
            <Table.Td>
              <RequestStatusBadge status={request.status} />
            </Table.Td>
          </Table.Tr>
        )}
        page={filter.page}
        pageSize={PAGE_SIZE}
        onPage={(page) => show({ ...filter, page })}
      />
    </Stack>
  );
}

/** 調査依頼: the requests this company sent. */
export function OutgoingRequestsPage() {
  return <RequestList box="outgoing" />;
}
