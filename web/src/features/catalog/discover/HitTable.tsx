import { Anchor, Checkbox, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLang } from '../../../i18n/useLang';
import type { SearchHit } from '../api';
import { COMPARE_MAX } from './searchFilter';
import { CategoryLabel, DocKindBadges, FlagBadges, FormLabel, ListButtons, PublisherLink, productName, useProductLists } from './shared';

/** The hits of one page, each with its comparison checkbox and list buttons. */
export function HitTable({ hits, compareIds, onCompare }: { hits: SearchHit[]; compareIds?: string[]; onCompare?: (id: string, on: boolean) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const membership = useProductLists();
  return (
    <Table.ScrollContainer minWidth={880}>
      <Table striped verticalSpacing="xs" data-testid="search-results">
        <Table.Thead>
          <Table.Tr>
            {onCompare && <Table.Th scope="col">{t('catalogDiscover.search.compare')}</Table.Th>}
            <Table.Th scope="col">{t('catalogDiscover.product.name')}</Table.Th>
            <Table.Th scope="col">{t('catalogDiscover.product.publisher')}</Table.Th>
            <Table.Th scope="col">{t('catalogDiscover.product.categoryForm')}</Table.Th>
            <Table.Th scope="col">{t('catalogDiscover.product.flags')}</Table.Th>
            <Table.Th scope="col">{t('catalogDiscover.product.docKinds')}</Table.Th>
            <Table.Th scope="col">{t('catalogDiscover.lists.title')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {hits.map((hit) => {
            const name = productName(hit, lang);
            const chosen = compareIds?.includes(hit.id) ?? false;
            return (
              <Table.Tr key={hit.id} data-testid={`hit-${hit.id}`}>
                {onCompare && (
                  <Table.Td>
                    <Checkbox
                      aria-label={t('catalogDiscover.search.compareAdd', { name })}
                      checked={chosen}
                      disabled={!chosen && (compareIds?.length ?? 0) >= COMPARE_MAX}
                      onChange={(e) => onCompare(hit.id, e.currentTarget.checked)}
                      data-testid={`compare-${hit.id}`}
                    />
                  </Table.Td>
                )}
                <Table.Td>
                  <Anchor component={Link} to={`/s/catalog/p/${hit.id}`} fw={700} data-testid={`hit-link-${hit.id}`}>
                    {name}
                  </Anchor>
                  <Text size="xs">{[hit.grade, hit.brand].filter((v) => v !== '').join(' / ')}</Text>
                  {hit.matched !== undefined && hit.matched !== '' && (
                    <Text size="xs" c="dimmed">
                      {t('catalogDiscover.search.matched', { text: hit.matched })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <PublisherLink publisher={hit.publisher} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    <CategoryLabel code={hit.category} />
                  </Text>
                  <Text size="xs">
                    <FormLabel form={hit.form} />
                  </Text>
                </Table.Td>
                <Table.Td>
                  <FlagBadges flags={hit.regulatoryFlags} />
                </Table.Td>
                <Table.Td>
                  <DocKindBadges kinds={hit.documentKinds} />
                </Table.Td>
                <Table.Td>{membership.ready && <ListButtons productId={hit.id} productLabel={name} lists={membership.lists(hit.id)} stacked />}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
