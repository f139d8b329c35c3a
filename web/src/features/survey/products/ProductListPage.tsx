import { Anchor, Badge, Button, Group, NativeSelect, Stack, Table, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useFilterDraft } from '../../../components/useFilterDraft';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { OUTCOMES, useCanWriteSurvey, useProducts, type Outcome, type ProductSort } from '../api';
import { ProductImportDialog } from './ProductImportDialog';
import { ChangedBadge, NoticeFromState, OutcomeBadge, PAGE_SIZE, PagedTable, PageHeader, ReadOnlyNote } from './shared';
import { formatNumber } from './numbers';

interface ListFilter {
  q: string;
  label: string;
  outcome: Outcome | '';
  sort: ProductSort;
  page: number;
}

const SORTS: readonly ProductSort[] = ['updated', 'number', 'name'];

function filterFrom(search: URLSearchParams): ListFilter {
  const page = Number(search.get('page'));
  return {
    q: search.get('q') ?? '',
    label: search.get('label') ?? '',
    outcome: OUTCOMES.find((o) => o === search.get('outcome')) ?? '',
    sort: SORTS.find((s) => s === search.get('sort')) ?? 'updated',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** 調査対象製品: the products whose composition the tenant keeps, with their check outcome. */
export function ProductListPage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('surveyProducts.list.title'));
  const canWrite = useCanWriteSurvey();
  const [search, setSearch] = useSearchParams();
  const filter = filterFrom(search);
  const [draft, setDraft] = useFilterDraft(filter);
  const products = useProducts({ ...filter, pageSize: PAGE_SIZE });
  const [importing, setImporting] = useState(false);

  const show = (next: ListFilter) => {
    const params = new URLSearchParams();
    if (next.q.trim() !== '') params.set('q', next.q.trim());
    if (next.label.trim() !== '') params.set('label', next.label.trim());
    if (next.outcome !== '') params.set('outcome', next.outcome);
    if (next.sort !== 'updated') params.set('sort', next.sort);
    if (next.page > 1) params.set('page', String(next.page));
    setSearch(params);
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    show({ ...draft, page: 1 });
  };
  const filtered = filter.q !== '' || filter.label !== '' || filter.outcome !== '';

  return (
    <Stack>
      <PageHeader
        title={t('surveyProducts.list.title')}
        intro={t('surveyProducts.list.intro')}
        actions={
          canWrite && (
            <>
              <Button variant="default" onClick={() => setImporting(true)} data-testid="survey-product-import-open">
                {t('surveyProducts.import.open')}
              </Button>
              <Button component={Link} to="/s/survey/products/new" data-testid="survey-product-new">
                {t('surveyProducts.list.new')}
              </Button>
            </>
          )
        }
      />
      {!canWrite && <ReadOnlyNote text={t('surveyProducts.readOnly')} />}
      <NoticeFromState />
      <form onSubmit={submit} role="search" aria-label={t('surveyProducts.list.searchLabel')}>
        <Group align="flex-end">
          <TextInput
            label={t('surveyProducts.list.search')}
            placeholder={t('surveyProducts.list.searchPlaceholder')}
            value={draft.q}
            onChange={(e) => setDraft({ ...draft, q: e.currentTarget.value })}
            data-testid="survey-product-search"
          />
          <TextInput label={t('surveyProducts.list.label')} value={draft.label} w={160} onChange={(e) => setDraft({ ...draft, label: e.currentTarget.value })} data-testid="survey-product-label-filter" />
          <NativeSelect
            label={t('surveyProducts.list.outcome')}
            value={draft.outcome}
            onChange={(e) => show({ ...draft, outcome: OUTCOMES.find((o) => o === e.currentTarget.value) ?? '', page: 1 })}
            data={[{ value: '', label: t('surveyProducts.list.allOutcomes') }, ...OUTCOMES.map((o) => ({ value: o, label: t(`survey.outcome.${o}`) }))]}
            data-testid="survey-product-outcome-filter"
          />
          <NativeSelect
            label={t('surveyProducts.list.sort')}
            value={draft.sort}
            onChange={(e) => show({ ...draft, sort: SORTS.find((s) => s === e.currentTarget.value) ?? 'updated', page: 1 })}
            data={SORTS.map((s) => ({ value: s, label: t(`surveyProducts.list.sortBy.${s}`) }))}
            data-testid="survey-product-sort"
          />
          <Button type="submit" variant="light" data-testid="survey-product-search-submit">
            {t('survey.filter')}
          </Button>
        </Group>
      </form>
      <PagedTable
        query={products}
        emptyText={filtered ? t('surveyProducts.list.noMatches') : canWrite ? t('surveyProducts.list.emptyWriter') : t('surveyProducts.list.empty')}
        emptyTestId="survey-product-empty"
        minWidth={900}
        testId="survey-product-table"
        headers={[
          t('surveyProducts.product.productNumber'),
          t('surveyProducts.product.name'),
          t('surveyProducts.product.supplierName'),
          t('surveyProducts.list.parts'),
          t('surveyProducts.list.substances'),
          t('surveyProducts.list.outcome'),
          t('surveyProducts.product.labels'),
          t('surveyProducts.list.updatedAt'),
        ]}
        row={(product) => (
          <Table.Tr key={product.id} data-testid="survey-product-row">
            <Table.Td>
              <Anchor component={Link} to={`/s/survey/products/${product.id}`} fw={700}>
                {product.productNumber}
              </Anchor>
            </Table.Td>
            <Table.Td>{product.name}</Table.Td>
            <Table.Td>{product.supplierName}</Table.Td>
            <Table.Td>{formatNumber(product.partCount, lang)}</Table.Td>
            <Table.Td>{formatNumber(product.substanceCount, lang)}</Table.Td>
            <Table.Td>
              <Group gap={4}>
                <OutcomeBadge outcome={product.worstOutcome} />
                {product.changedCount > 0 && <ChangedBadge />}
              </Group>
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                {product.labels.map((label) => (
                  <Badge key={label} variant="outline" color="blue.9" tt="none">
                    {label}
                  </Badge>
                ))}
              </Group>
            </Table.Td>
            <Table.Td>{formatDateTime(product.updatedAt, lang)}</Table.Td>
          </Table.Tr>
        )}
        page={filter.page}
        pageSize={PAGE_SIZE}
        onPage={(page) => show({ ...filter, page })}
      />
      {importing && <ProductImportDialog onClose={() => setImporting(false)} />}
    </Stack>
  );
}
