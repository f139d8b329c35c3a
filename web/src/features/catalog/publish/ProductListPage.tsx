import { Alert, Anchor, Badge, Box, Button, Group, NativeSelect, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { useFilterDraft } from '../../../components/useFilterDraft';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { PRODUCT_STATUSES, useCanWriteProducts, usePlan, useProducts, type ProductStatus } from '../api';
import { ImportDialog } from './ImportDialog';
import { ListPager } from '../../../components/ListPager';
import { NoticeFromState, PAGE_SIZE, PageHeader, ReadOnlyNote, StatusBadge } from './shared';

type Sort = 'updated' | 'name';

interface ListFilter {
  status: ProductStatus | '';
  q: string;
  sort: Sort;
  page: number;
}

function filterFrom(search: URLSearchParams): ListFilter {
  const page = Number(search.get('page'));
  return {
    status: PRODUCT_STATUSES.find((s) => s === search.get('status')) ?? '',
    q: search.get('q') ?? '',
    sort: search.get('sort') === 'name' ? 'name' : 'updated',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** 自社製品: the own tenant's products in every state, to edit, publish and import. */
export function ProductListPage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('catalogPublish.products.title'));
  const canWrite = useCanWriteProducts();
  const plan = usePlan();
  const [search, setSearch] = useSearchParams();
  const filter = filterFrom(search);
  const [draft, setDraft] = useFilterDraft(filter);
  const products = useProducts({ ...filter, pageSize: PAGE_SIZE });
  const [importing, setImporting] = useState(false);

  const show = (next: ListFilter) => {
    const params = new URLSearchParams();
    if (next.status !== '') params.set('status', next.status);
    if (next.q.trim() !== '') params.set('q', next.q.trim());
    if (next.sort !== 'updated') params.set('sort', next.sort);
    if (next.page > 1) params.set('page', String(next.page));
    setSearch(params);
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    show({ ...draft, page: 1 });
  };
  const filtered = filter.q !== '' || filter.status !== '';

  return (
    <Stack>
      <PageHeader
        title={t('catalogPublish.products.title')}
        intro={t('catalogPublish.products.intro')}
        actions={
          canWrite && (
            <>
              <Button variant="default" onClick={() => setImporting(true)} data-testid="own-product-import-open">
                {t('catalogPublish.import.open')}
              </Button>
              <Button component={Link} to="/s/catalog/products/new" data-testid="own-product-new">
                {t('catalogPublish.products.new')}
              </Button>
            </>
          )
        }
      />
      {!canWrite && <ReadOnlyNote text={t('catalogPublish.readOnly')} />}
      {plan.data && !plan.data.publisher && (
        <Alert color="orange" variant="light" data-testid="own-product-not-publisher">
          {t('catalogPublish.products.notPublisher')}
        </Alert>
      )}
      <NoticeFromState />
      <Box role="radiogroup" aria-label={t('catalogPublish.products.statusFilter')}>
        <SegmentedControl
          value={filter.status === '' ? 'all' : filter.status}
          onChange={(value) => show({ ...draft, status: PRODUCT_STATUSES.find((s) => s === value) ?? '', page: 1 })}
          data={[{ value: 'all', label: t('catalogPublish.products.allStatuses') }, ...PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`catalog.enum.status.${s}`) }))]}
          data-testid="own-product-status-filter"
        />
      </Box>
      <form onSubmit={submit} role="search" aria-label={t('catalogPublish.products.searchLabel')}>
        <Group align="flex-end">
          <TextInput
            label={t('catalogPublish.products.search')}
            placeholder={t('catalogPublish.products.searchPlaceholder')}
            value={draft.q}
            onChange={(e) => setDraft({ ...draft, q: e.currentTarget.value })}
            data-testid="own-product-search"
          />
          <NativeSelect
            label={t('catalogPublish.products.sort')}
            value={draft.sort}
            onChange={(e) => show({ ...draft, sort: e.currentTarget.value === 'name' ? 'name' : 'updated', page: 1 })}
            data={[
              { value: 'updated', label: t('catalogPublish.products.sortUpdated') },
              { value: 'name', label: t('catalogPublish.products.sortName') },
            ]}
            data-testid="own-product-sort"
          />
          <Button type="submit" variant="light" data-testid="own-product-search-submit">
            {t('catalogPublish.search')}
          </Button>
        </Group>
      </form>
      {products.isPending ? (
        <LoadingState />
      ) : products.isError ? (
        <ErrorAlert error={products.error} onRetry={() => void products.refetch()} />
      ) : products.data.total === 0 ? (
        <Text c="dimmed" data-testid="own-product-empty">
          {filtered ? t('catalogPublish.products.noMatches') : canWrite ? t('catalogPublish.products.emptyWriter') : t('catalogPublish.products.empty')}
        </Text>
      ) : (
        <Stack>
          <Text size="sm" aria-live="polite">
            {t('catalogPublish.total', { count: products.data.total })}
          </Text>
          <Table.ScrollContainer minWidth={820}>
            <Table striped verticalSpacing="xs" data-testid="own-product-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('catalogPublish.product.name')}</Table.Th>
                  <Table.Th scope="col">{t('catalogPublish.product.grade')}</Table.Th>
                  <Table.Th scope="col">{t('catalogPublish.product.category')}</Table.Th>
                  <Table.Th scope="col">{t('catalogPublish.product.form')}</Table.Th>
                  <Table.Th scope="col">{t('catalogPublish.product.status')}</Table.Th>
                  <Table.Th scope="col">{t('catalogPublish.products.documents')}</Table.Th>
                  <Table.Th scope="col">{t('catalogPublish.products.updatedAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {products.data.items.map((product) => (
                  <Table.Tr key={product.id} data-testid="own-product-row">
                    <Table.Td>
                      <Anchor component={Link} to={`/s/catalog/products/${product.id}`} fw={700}>
                        {product.name}
                      </Anchor>
                      {product.nameEn !== '' && (
                        <Text size="xs" c="dimmed">
                          {product.nameEn}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{[product.grade, product.brand].filter((part) => part !== '').join(' / ')}</Table.Td>
                    <Table.Td>{product.category}</Table.Td>
                    <Table.Td>{t(`catalog.enum.form.${product.form}`)}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={product.status} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {product.documentKinds.map((kind) => (
                          <Badge key={kind} variant="outline" color="blue.9" tt="none">
                            {t(`catalog.enum.docKind.${kind}`)}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>{formatDateTime(product.updatedAt, lang)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ListPager total={products.data.total} page={filter.page} pageSize={PAGE_SIZE} onChange={(page) => show({ ...filter, page })} />
        </Stack>
      )}
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
    </Stack>
  );
}
