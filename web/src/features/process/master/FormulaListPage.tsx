import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { useFormulas, useIsProcessAdmin, useItemChoices } from './api';
import { ImportDialog } from './ImportDialog';
import { ItemPicker } from './ItemPicker';
import { formatNumber, MasterPager, MasterHeader, NoticeFromState, ReadOnlyNote } from './shared';

/** 配合: the bills of materials of each item, with base quantity, yield and components. */
export function FormulaListPage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('processMaster.formulas.title'));
  const isAdmin = useIsProcessAdmin();
  const [search, setSearch] = useSearchParams();
  const itemId = search.get('itemId') ?? '';
  const pageParam = Number(search.get('page'));
  const page = Number.isInteger(pageParam) && pageParam > 1 ? pageParam : 1;
  const items = useItemChoices();
  const formulas = useFormulas({ itemId, page });
  const [importing, setImporting] = useState(false);

  const show = (next: { itemId: string; page: number }) => {
    const params = new URLSearchParams();
    if (next.itemId !== '') params.set('itemId', next.itemId);
    if (next.page > 1) params.set('page', String(next.page));
    setSearch(params);
  };

  return (
    <Stack>
      <MasterHeader
        title={t('processMaster.formulas.title')}
        intro={t('processMaster.formulas.intro')}
        actions={
          isAdmin && (
            <>
              <Button variant="default" onClick={() => setImporting(true)} data-testid="formula-import-open">
                {t('processMaster.import.open')}
              </Button>
              <Button component={Link} to={itemId ? `/s/process/formulas/new?itemId=${encodeURIComponent(itemId)}` : '/s/process/formulas/new'} data-testid="formula-new">
                {t('processMaster.formulas.new')}
              </Button>
            </>
          )
        }
      />
      {!isAdmin && <ReadOnlyNote />}
      <NoticeFromState />
      <Group>
        <ItemPicker
          items={items.data ?? []}
          value={itemId}
          onChange={(id) => show({ itemId: id, page: 1 })}
          label={t('processMaster.formulas.filterItem')}
          emptyLabel={t('processMaster.allItems')}
          testId="formula-item-filter"
        />
      </Group>
      {formulas.isPending ? (
        <LoadingState />
      ) : formulas.isError ? (
        <ErrorAlert error={formulas.error} onRetry={() => void formulas.refetch()} />
      ) : formulas.data.total === 0 ? (
        <Text c="dimmed" data-testid="formula-empty">
          {isAdmin ? t('processMaster.formulas.emptyAdmin') : t('processMaster.formulas.empty')}
        </Text>
      ) : (
        <Stack>
          <Text size="sm">{t('processMaster.total', { count: formulas.data.total })}</Text>
          <Table.ScrollContainer minWidth={760}>
            <Table striped verticalSpacing="xs" data-testid="formula-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('processMaster.formulas.code')}</Table.Th>
                  <Table.Th scope="col">{t('processMaster.formulas.name')}</Table.Th>
                  <Table.Th scope="col">{t('processMaster.formulas.item')}</Table.Th>
                  <Table.Th scope="col">{t('processMaster.formulas.baseQuantity')}</Table.Th>
                  <Table.Th scope="col">{t('processMaster.formulas.yieldPct')}</Table.Th>
                  <Table.Th scope="col">{t('processMaster.formulas.components')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {formulas.data.formulas.map((f) => (
                  <Table.Tr key={f.id} data-testid={`formula-row-${f.code}`}>
                    <Table.Td>
                      <Anchor component={Link} to={`/s/process/formulas/${f.id}`} fw={700}>
                        {f.code}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {f.name}
                      {f.isDefault && (
                        <Badge ml="xs" color="blue.9" variant="outline">
                          {t('processMaster.default')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{`${f.itemCode} — ${f.itemName}`}</Table.Td>
                    <Table.Td>{formatNumber(f.baseQuantity, lang)}</Table.Td>
                    <Table.Td>{`${formatNumber(f.yieldPct, lang)}%`}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{f.lines.map((line) => `${line.componentCode} ${formatNumber(line.quantity, lang)}${line.unit}`).join('、')}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <MasterPager total={formulas.data.total} page={page} onChange={(next) => show({ itemId, page: next })} />
        </Stack>
      )}
      {importing && <ImportDialog kind="formulas" onClose={() => setImporting(false)} />}
    </Stack>
  );
}
