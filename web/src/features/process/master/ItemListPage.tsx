import { Anchor, Badge, Button, Group, NativeSelect, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { useFilterDraft } from '../../../components/useFilterDraft';
import { usePageTitle } from '../../../layout/usePageTitle';
import { ITEM_KINDS, useIsProcessAdmin, useItems, type ItemFilter, type ItemKind } from './api';
import { ImportDialog } from './ImportDialog';
import { ClassificationBadge } from '../labels/LabelFieldsEditor';
import { MasterPager, MasterHeader, NoticeFromState, ReadOnlyNote } from './shared';

function filterFrom(search: URLSearchParams): ItemFilter {
  const page = Number(search.get('page'));
  return {
    q: search.get('q') ?? '',
    kind: ITEM_KINDS.find((k) => k === search.get('kind')) ?? '',
    includeArchived: search.get('includeArchived') === 'true',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** 品目: every raw material, intermediate and product, searchable by code or name. */
export function ItemListPage() {
  const { t } = useTranslation();
  usePageTitle(t('processMaster.items.title'));
  const isAdmin = useIsProcessAdmin();
  const [search, setSearch] = useSearchParams();
  const filter = filterFrom(search);
  const [draft, setDraft] = useFilterDraft(filter);
  const items = useItems(filter);
  const [importing, setImporting] = useState(false);

  const show = (next: ItemFilter) => {
    const params = new URLSearchParams();
    if (next.q.trim() !== '') params.set('q', next.q.trim());
    if (next.kind !== '') params.set('kind', next.kind);
    if (next.includeArchived) params.set('includeArchived', 'true');
    if (next.page > 1) params.set('page', String(next.page));
    setSearch(params);
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    show({ ...draft, page: 1 });
  };
  const filtered = filter.q !== '' || filter.kind !== '';

  return (
    <Stack>
      <MasterHeader
        title={t('processMaster.items.title')}
        intro={t('processMaster.items.intro')}
        actions={
          isAdmin && (
            <>
              <Button variant="default" onClick={() => setImporting(true)} data-testid="item-import-open">
                {t('processMaster.import.open')}
              </Button>
              <Button component={Link} to="/s/process/items/new" data-testid="item-new">
                {t('processMaster.items.new')}
              </Button>
            </>
          )
        }
      />
      {!isAdmin && <ReadOnlyNote />}
      <NoticeFromState />
      <form onSubmit={submit} role="search" aria-label={t('processMaster.items.searchLabel')}>
        <Group align="flex-end">
          <TextInput
            label={t('processMaster.items.search')}
            placeholder={t('processMaster.items.searchPlaceholder')}
            value={draft.q}
            onChange={(e) => setDraft({ ...draft, q: e.currentTarget.value })}
            data-testid="item-search"
          />
          <NativeSelect
            label={t('processMaster.items.kind')}
            value={draft.kind}
            onChange={(e) => {
              const kind = ITEM_KINDS.find((k) => k === e.currentTarget.value) ?? '';
              show({ ...draft, kind, page: 1 });
            }}
            data={[{ value: '', label: t('processMaster.items.allKinds') }, ...ITEM_KINDS.map((k) => ({ value: k, label: t(`processMaster.kind.${k}`) }))]}
            data-testid="item-kind-filter"
          />
          <Switch
            label={t('processMaster.items.includeArchived')}
            checked={draft.includeArchived}
            onChange={(e) => show({ ...draft, includeArchived: e.currentTarget.checked, page: 1 })}
            mb={8}
            data-testid="item-archived-toggle"
          />
          <Button type="submit" variant="light" data-testid="item-search-submit">
            {t('processMaster.search')}
          </Button>
        </Group>
      </form>
      {items.isPending ? (
        <LoadingState />
      ) : items.isError ? (
        <ErrorAlert error={items.error} onRetry={() => void items.refetch()} />
      ) : items.data.total === 0 ? (
        <Text c="dimmed" data-testid="item-empty">
          {filtered ? t('processMaster.items.noMatches') : isAdmin ? t('processMaster.items.emptyAdmin') : t('processMaster.items.empty')}
        </Text>
      ) : (
        <Stack>
          <Text size="sm" aria-live="polite">
            {t('processMaster.total', { count: items.data.total })}
          </Text>
          <Table.ScrollContainer minWidth={720}>
            <Table striped verticalSpacing="xs" data-testid="item-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('processMaster.items.code')}</Table.Th>
                  <Table.Th scope="col">{t('processMaster.items.name')}</Table.Th>
                  <Table.Th scope="col">{t('processMaster.items.kind')}</Table.Th>
                  <Table.Th scope="col">{t('processMaster.items.unit')}</Table.Th>
                  <Table.Th scope="col">{t('process.labels.labels')}</Table.Th>
                  <Table.Th scope="col">{t('process.labels.classification')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.data.items.map((item) => (
                  <Table.Tr key={item.id} data-testid={`item-row-${item.code}`}>
                    <Table.Td>
                      <Anchor component={Link} to={`/s/process/items/${item.id}`} fw={700}>
                        {item.code}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {item.name}
                      {item.archived && (
                        <Badge ml="xs" color="gray.8" variant="outline">
                          {t('processMaster.archived')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{t(`processMaster.kind.${item.kind satisfies ItemKind}`)}</Table.Td>
                    <Table.Td>{item.unit}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {item.labels.map((label) => (
                          <Badge key={label} variant="outline" color="blue.9" tt="none">
                            {label}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <ClassificationBadge classification={item.classification} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <MasterPager total={items.data.total} page={filter.page} onChange={(page) => show({ ...filter, page })} />
        </Stack>
      )}
      {importing && <ImportDialog kind="items" onClose={() => setImporting(false)} />}
    </Stack>
  );
}
