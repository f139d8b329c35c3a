import { Alert, Anchor, Button, List, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { REGULATORY_FLAGS, useCompare, type CompareResult, type Product } from '../api';
import { propertyValue } from './ProductPage';
import { compareIdsFrom } from './searchFilter';
import { CategoryLabel, DiscoverHeader, DocKindBadges, FormLabel, PaidOnlyNote, PublisherLink, WithPlan, formatRange, productName } from './shared';

/** 比較: up to five products side by side (properties for paid readers). */
export function ComparePage() {
  const { t } = useTranslation();
  usePageTitle(t('catalogDiscover.compare.title'));
  return (
    <Stack>
      <Anchor component={Link} to="/s/catalog/search" size="sm" w="fit-content">
        {t('catalogDiscover.backToSearch')}
      </Anchor>
      <DiscoverHeader title={t('catalogDiscover.compare.title')} intro={t('catalogDiscover.compare.intro')} />
      <WithPlan>{() => <CompareScreen />}</WithPlan>
    </Stack>
  );
}

function CompareScreen() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const ids = compareIdsFrom(search, 'ids');
  const result = useCompare(ids);
  const remove = (id: string) => {
    const rest = ids.filter((other) => other !== id);
    setSearch(rest.length > 0 ? new URLSearchParams({ ids: rest.join(',') }) : new URLSearchParams());
  };
  if (ids.length < 2) {
    return (
      <Alert color="blue" variant="light" data-testid="compare-too-few">
        <Text size="sm">{t('catalogDiscover.compare.tooFew')}</Text>
        <Button component={Link} to="/s/catalog/search" size="xs" mt="sm" variant="light">
          {t('catalogDiscover.compare.toSearch')}
        </Button>
      </Alert>
    );
  }
  if (result.isPending) return <LoadingState />;
  if (result.isError) return <ErrorAlert error={result.error} onRetry={() => void result.refetch()} />;
  return <CompareTable result={result.data} onRemove={remove} />;
}

function Row({ label, products, cell }: { label: string; products: Product[]; cell: (p: Product) => ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th scope="row">{label}</Table.Th>
      {products.map((p) => (
        <Table.Td key={p.id}>{cell(p)}</Table.Td>
      ))}
    </Table.Tr>
  );
}

function GroupRow({ label, span }: { label: string; span: number }) {
  return (
    <Table.Tr>
      <Table.Th scope="colgroup" colSpan={span} bg="gray.1">
        {label}
      </Table.Th>
    </Table.Tr>
  );
}

function CompareTable({ result, onRemove }: { result: CompareResult; onRemove: (id: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { products } = result;
  const full = products.every((p) => p.access === 'full');
  const span = products.length + 1;
  return (
    <Stack>
      <Table.ScrollContainer minWidth={240 + products.length * 200}>
        <Table withTableBorder withColumnBorders verticalSpacing="xs" data-testid="compare-table">
          <caption style={{ captionSide: 'top', textAlign: 'left' }}>{t('catalogDiscover.compare.caption', { count: products.length })}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('catalogDiscover.compare.item')}</Table.Th>
              {products.map((p) => (
                <Table.Th key={p.id} scope="col" data-testid={`compare-col-${p.id}`}>
                  <Stack gap={4} align="flex-start">
                    <Anchor component={Link} to={`/s/catalog/p/${p.id}`} fw={700}>
                      {productName(p, lang)}
                    </Anchor>
                    <Button size="compact-xs" variant="subtle" color="red" onClick={() => onRemove(p.id)} aria-label={t('catalogDiscover.compare.removeNamed', { name: productName(p, lang) })} data-testid={`compare-remove-${p.id}`}>
                      {t('catalogDiscover.compare.remove')}
                    </Button>
                  </Stack>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <GroupRow label={t('catalogDiscover.product.basics')} span={span} />
            <Row label={t('catalogDiscover.product.publisher')} products={products} cell={(p) => <PublisherLink publisher={p.publisher} />} />
            <Row label={t('catalogDiscover.product.grade')} products={products} cell={(p) => p.grade || '—'} />
            <Row label={t('catalogDiscover.product.brand')} products={products} cell={(p) => p.brand || '—'} />
            <Row label={t('catalogDiscover.product.category')} products={products} cell={(p) => <CategoryLabel code={p.category} />} />
            <Row label={t('catalogDiscover.product.form')} products={products} cell={(p) => <FormLabel form={p.form} />} />
            <Row label={t('catalogDiscover.product.applications')} products={products} cell={(p) => p.applications.join('、') || '—'} />
            <Row label={t('catalogDiscover.product.docKinds')} products={products} cell={(p) => <DocKindBadges kinds={p.documentKinds} />} />
            <GroupRow label={t('catalogDiscover.product.flags')} span={span} />
            {REGULATORY_FLAGS.map((flag) => (
              <Row
                key={flag}
                label={t(`catalog.enum.flag.${flag}`)}
                products={products}
                cell={(p) => (p.regulatoryFlags.includes(flag) ? t('catalogDiscover.compare.stated') : t('catalogDiscover.compare.notStated'))}
              />
            ))}
            <GroupRow label={t('catalogDiscover.product.composition')} span={span} />
            <Row
              label={t('catalogDiscover.product.components')}
              products={products}
              cell={(p) =>
                p.components.length === 0 ? (
                  '—'
                ) : (
                  <List size="sm" spacing={2}>
                    {p.components.map((c, index) => {
                      const range = formatRange(c.minPct, c.maxPct, lang);
                      return (
                        <List.Item key={`${index}-${c.name}`}>
                          {c.name}
                          {c.casNumber ? ` (${c.casNumber})` : ''}
                          {range !== '' ? ` ${range} %` : ''}
                        </List.Item>
                      );
                    })}
                  </List>
                )
              }
            />
            {full && result.properties.length > 0 && (
              <>
                <GroupRow label={t('catalogDiscover.product.properties')} span={span} />
                {result.properties.map((row) => (
                  <Table.Tr key={row.key} data-testid={`compare-prop-${row.key}`}>
                    <Table.Th scope="row">
                      {row.name}
                      {row.unit !== '' ? ` (${row.unit})` : ''}
                    </Table.Th>
                    {row.values.map((value, index) => (
                      <Table.Td key={products[index]?.id ?? index}>{value === null ? '—' : propertyValue(value, lang)}</Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {!full && (
        <PaidOnlyNote testId="compare-paid-note">
          <Text size="sm">{t('catalogDiscover.paidOnly.compare')}</Text>
        </PaidOnlyNote>
      )}
    </Stack>
  );
}
