import { Anchor, Group, NativeSelect, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { ListPager } from '../../../components/ListPager';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { INQUIRY_STATUSES, useInquiries, type InquiryBox, type InquiryStatus } from '../api';
import { INQUIRY_BOXES, PAGE_SIZE } from './inquiryLimits';
import { InquiryKindBadge, InquiryStatusBadge } from './inquiryLabels';

/** What the list shows, as kept in the URL. */
interface InquiryFilter {
  box: InquiryBox;
  status: InquiryStatus | '';
  page: number;
}

function filterFrom(search: URLSearchParams): InquiryFilter {
  const page = Number(search.get('page'));
  return {
    box: INQUIRY_BOXES.find((b) => b === search.get('box')) ?? 'sent',
    status: INQUIRY_STATUSES.find((s) => s === search.get('status')) ?? '',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

function searchFrom(filter: InquiryFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.box !== 'sent') params.set('box', filter.box);
  if (filter.status) params.set('status', filter.status);
  if (filter.page > 1) params.set('page', String(filter.page));
  return params;
}

/** 問い合わせ: sent and received inquiries in two tabs, a status filter and paging, all kept in the URL. */
export function InquiryListPage() {
  const { t } = useTranslation();
  usePageTitle(t('catalogInquiries.list.title'));
  const [search, setSearch] = useSearchParams();
  const filter = filterFrom(search);
  const show = (next: InquiryFilter) => setSearch(searchFrom(next));

  return (
    <Stack>
      <Title order={1}>{t('catalogInquiries.list.title')}</Title>
      <Text size="sm">{t('catalogInquiries.list.intro')}</Text>
      <Tabs
        value={filter.box}
        onChange={(value) => show({ box: INQUIRY_BOXES.find((b) => b === value) ?? 'sent', status: filter.status, page: 1 })}
        keepMounted={false}
      >
        <Tabs.List>
          {INQUIRY_BOXES.map((box) => (
            <Tabs.Tab key={box} value={box} data-testid={`inquiry-box-${box}`}>
              {t(`catalogInquiries.box.${box}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {INQUIRY_BOXES.map((box) => (
          <Tabs.Panel key={box} value={box} pt="md">
            <InquiryBoxPanel box={box} filter={filter} show={show} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

function InquiryBoxPanel({ box, filter, show }: { box: InquiryBox; filter: InquiryFilter; show: (next: InquiryFilter) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const inquiries = useInquiries(filter);
  const pages = inquiries.data ? Math.max(1, Math.ceil(inquiries.data.total / PAGE_SIZE)) : 1;

  return (
    <Stack>
      <Group align="flex-end">
        <NativeSelect
          label={t('catalogInquiries.fields.status')}
          value={filter.status}
          onChange={(e) => show({ ...filter, status: INQUIRY_STATUSES.find((s) => s === e.currentTarget.value) ?? '', page: 1 })}
          data={[{ value: '', label: t('catalogInquiries.list.allStatuses') }, ...INQUIRY_STATUSES.map((s) => ({ value: s, label: t(`catalogInquiries.status.${s}`) }))]}
          data-testid="inquiry-filter-status"
        />
      </Group>
      {inquiries.isPending ? (
        <LoadingState />
      ) : inquiries.isError ? (
        <ErrorAlert error={inquiries.error} onRetry={() => void inquiries.refetch()} />
      ) : inquiries.data.total === 0 ? (
        <Stack gap="xs" align="flex-start" data-testid="inquiry-empty">
          <Text c="dimmed">{filter.status ? t('catalogInquiries.list.emptyFiltered') : t(`catalogInquiries.list.empty.${box}`)}</Text>
          {!filter.status && box === 'sent' && (
            <Anchor component={Link} to="/s/catalog/search">
              {t('catalogInquiries.list.toSearch')}
            </Anchor>
          )}
        </Stack>
      ) : (
        <Stack>
          <Text size="sm">{t('catalogInquiries.list.total', { count: inquiries.data.total })}</Text>
          <Table.ScrollContainer minWidth={860}>
            <Table striped verticalSpacing="xs" data-testid="inquiry-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('catalogInquiries.fields.kind')}</Table.Th>
                  <Table.Th scope="col">{t('catalogInquiries.fields.subject')}</Table.Th>
                  <Table.Th scope="col">{t(`catalogInquiries.fields.counterpart.${box}`)}</Table.Th>
                  <Table.Th scope="col">{t('catalogInquiries.fields.product')}</Table.Th>
                  <Table.Th scope="col">{t('catalogInquiries.fields.lastMessageAt')}</Table.Th>
                  <Table.Th scope="col">{t('catalogInquiries.fields.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {inquiries.data.items.map((inquiry) => (
                  <Table.Tr key={inquiry.id} data-testid={`inquiry-row-${inquiry.subject}`}>
                    <Table.Td>
                      <InquiryKindBadge kind={inquiry.kind} />
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/s/catalog/inquiries/${inquiry.id}`} fw={700}>
                        {inquiry.subject}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{inquiry.counterpart.name}</Table.Td>
                    <Table.Td>
                      {inquiry.product ? (
                        <Anchor component={Link} to={`/s/catalog/p/${inquiry.product.id}`} size="sm">
                          {inquiry.product.name}
                        </Anchor>
                      ) : (
                        <Text span c="dimmed" size="sm">
                          {t('catalogInquiries.list.noProduct')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{formatDateTime(inquiry.lastMessageAt, lang)}</Table.Td>
                    <Table.Td>
                      <InquiryStatusBadge status={inquiry.status} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ListPager pages={pages} page={filter.page} onChange={(page) => show({ ...filter, page })} />
        </Stack>
      )}
    </Stack>
  );
}
