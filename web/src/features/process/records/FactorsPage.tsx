import { Alert, Button, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { ENERGY_TYPES, ENERGY_UNITS, isEnergyType, useDeleteFactor, useFactors, useItems, useSaveFactor, type Factor } from './api';
import { RecordsDialog, formatNumber, parseAmount, useIsProcessAdmin } from './shared';

type Kind = Factor['kind'];

/** Adds or edits one factor. An energy factor names its energy type, a material factor its item. */
function FactorDialog({ factor, kind, taken, onClose, onSaved }: { factor: Factor | null; kind: Kind; taken: Factor[]; onClose: () => void; onSaved: (name: string) => void }) {
  const { t } = useTranslation();
  const items = useItems();
  const save = useSaveFactor();
  const [energyType, setEnergyType] = useState(factor?.energyType ?? '');
  const [itemId, setItemId] = useState(factor?.itemId ?? '');
  const [name, setName] = useState(factor?.name ?? '');
  const [unit, setUnit] = useState(factor?.unit ?? '');
  const [value, setValue] = useState(factor ? String(factor.kgCo2ePerUnit) : '');
  const [source, setSource] = useState(factor?.source ?? '');
  const [year, setYear] = useState(factor ? String(factor.year) : '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const serverField = (field: string) => (save.error instanceof ApiError ? save.error.fields[field] : undefined);

  const energyChoices = ENERGY_TYPES.filter((type) => type === factor?.energyType || !taken.some((f) => f.kind === 'energy' && f.energyType === type));
  const itemChoices = (items.data ?? []).filter((i) => i.id === factor?.itemId || !taken.some((f) => f.kind === 'material' && f.itemId === i.id));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    const amount = parseAmount(value);
    const yearValue = Number(year);
    if (kind === 'energy' && energyType === '') next.energyType = t('processRecords.required');
    if (kind === 'material' && itemId === '') next.itemId = t('processRecords.required');
    if (name.trim() === '') next.name = t('processRecords.required');
    if (unit.trim() === '') next.unit = t('processRecords.required');
    if (amount === null || amount < 0) next.kgCo2ePerUnit = t('processRecords.form.numberRequired');
    if (source.trim() === '') next.source = t('processRecords.required');
    if (!Number.isInteger(yearValue) || yearValue < 1990 || yearValue > 2100) next.year = t('processRecords.factors.yearInvalid');
    setErrors(next);
    if (Object.keys(next).length > 0 || amount === null) return;
    const common = { name: name.trim(), ...(kind === 'material' ? { unit: unit.trim() } : {}), kgCo2ePerUnit: amount, source: source.trim(), year: yearValue };
    const done = { onSuccess: () => onSaved(common.name) };
    if (factor) save.mutate({ id: factor.id, input: { version: factor.version, ...common } }, done);
    else save.mutate({ id: null, input: { kind, ...(kind === 'energy' ? { energyType } : { itemId }), ...common } }, done);
  };

  return (
    <RecordsDialog title={t(factor ? 'processRecords.factors.editTitle' : `processRecords.factors.newTitle.${kind}`)} onClose={onClose}>
      <form onSubmit={submit} noValidate data-testid="factor-form">
        <Stack>
          {save.isError && <ErrorAlert error={save.error} fieldsShownInline={['energyType', 'itemId', 'name', 'unit', 'kgCo2ePerUnit', 'source', 'year']} />}
          {kind === 'energy' ? (
            <NativeSelect
              label={t('processRecords.factors.energyType')}
              required
              disabled={factor !== null}
              value={energyType}
              onChange={(e) => {
                const type = e.currentTarget.value;
                setEnergyType(type);
                if (isEnergyType(type)) {
                  if (name.trim() === '') setName(t(`processRecords.energy.${type}`));
                  setUnit(ENERGY_UNITS[type]);
                }
              }}
              error={errors.energyType ?? serverField('energyType')}
              data={[{ value: '', label: t('processRecords.factors.chooseEnergy') }, ...energyChoices.map((type) => ({ value: type, label: `${t(`processRecords.energy.${type}`)} (${ENERGY_UNITS[type]})` }))]}
              data-testid="factor-energy-type"
            />
          ) : (
            <NativeSelect
              label={t('processRecords.factors.item')}
              required
              disabled={factor !== null}
              value={itemId}
              onChange={(e) => {
                const id = e.currentTarget.value;
                setItemId(id);
                const item = items.data?.find((i) => i.id === id);
                if (item) {
                  if (name.trim() === '') setName(item.name);
                  if (unit.trim() === '') setUnit(item.unit);
                }
              }}
              error={errors.itemId ?? serverField('itemId')}
              data={[{ value: '', label: t('processRecords.factors.chooseItem') }, ...itemChoices.map((i) => ({ value: i.id, label: `${i.code} ${i.name}` }))]}
              data-testid="factor-item"
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('processRecords.factors.name')} required maxLength={200} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name ?? serverField('name')} data-testid="factor-name" />
            <TextInput label={t('processRecords.factors.unit')} required maxLength={20} readOnly={kind === 'energy'} description={kind === 'energy' ? t('processRecords.factors.energyUnit') : undefined} value={unit} onChange={(e) => setUnit(e.currentTarget.value)} error={errors.unit ?? serverField('unit')} data-testid="factor-unit" />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('processRecords.factors.value')} required inputMode="decimal" value={value} onChange={(e) => setValue(e.currentTarget.value)} error={errors.kgCo2ePerUnit ?? serverField('kgCo2ePerUnit')} data-testid="factor-value" />
            <TextInput label={t('processRecords.factors.year')} required inputMode="numeric" value={year} onChange={(e) => setYear(e.currentTarget.value)} error={errors.year ?? serverField('year')} data-testid="factor-year" />
          </SimpleGrid>
          <TextInput label={t('processRecords.factors.source')} description={t('processRecords.factors.sourceHint')} required maxLength={500} value={source} onChange={(e) => setSource(e.currentTarget.value)} error={errors.source ?? serverField('source')} data-testid="factor-source" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('processRecords.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="factor-submit">
              {t('processRecords.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </RecordsDialog>
  );
}

function DeleteFactorDialog({ factor, onClose, onDeleted }: { factor: Factor; onClose: () => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteFactor();
  return (
    <RecordsDialog title={t('processRecords.factors.deleteTitle')} onClose={onClose} size="md">
      <Stack>
        {remove.isError && <ErrorAlert error={remove.error} />}
        <Text>{t('processRecords.factors.deleteConfirm', { name: factor.name })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('processRecords.cancel')}
          </Button>
          <Button color="red.9" loading={remove.isPending} onClick={() => remove.mutate(factor.id, { onSuccess: onDeleted })} data-testid="factor-delete-confirm">
            {t('processRecords.factors.delete')}
          </Button>
        </Group>
      </Stack>
    </RecordsDialog>
  );
}

function FactorTable({ kind, factors, isAdmin, onEdit, onDelete }: { kind: Kind; factors: Factor[]; isAdmin: boolean; onEdit: (f: Factor) => void; onDelete: (f: Factor) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (factors.length === 0) {
    return (
      <Text c="dimmed" data-testid={`factors-empty-${kind}`}>
        {t(`processRecords.factors.empty.${kind}`)}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped data-testid={`factors-table-${kind}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t(kind === 'energy' ? 'processRecords.factors.energyType' : 'processRecords.factors.item')}</Table.Th>
            <Table.Th scope="col">{t('processRecords.factors.name')}</Table.Th>
            <Table.Th scope="col" style={{ textAlign: 'right' }}>
              {t('processRecords.factors.valueColumn')}
            </Table.Th>
            <Table.Th scope="col">{t('processRecords.factors.source')}</Table.Th>
            <Table.Th scope="col">{t('processRecords.factors.year')}</Table.Th>
            {isAdmin && <Table.Th scope="col">{t('processRecords.records.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {factors.map((f) => {
            const subject = f.kind === 'energy' ? (f.energyType && isEnergyType(f.energyType) ? t(`processRecords.energy.${f.energyType}`) : (f.energyType ?? '')) : `${f.itemCode ?? ''} ${f.itemName ?? ''}`;
            return (
              <Table.Tr key={f.id} data-testid={`factor-row-${f.kind === 'energy' ? (f.energyType ?? f.id) : (f.itemCode ?? f.id)}`}>
                <Table.Td>{subject}</Table.Td>
                <Table.Td>{f.name}</Table.Td>
                <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }} data-testid="factor-value-cell">
                  {t('processRecords.factors.perUnit', { value: formatNumber(f.kgCo2ePerUnit, lang, 6), unit: f.unit })}
                </Table.Td>
                <Table.Td>{f.source}</Table.Td>
                <Table.Td>{f.year}</Table.Td>
                {isAdmin && (
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button size="xs" variant="light" onClick={() => onEdit(f)} aria-label={t('processRecords.factors.editOf', { name: f.name })} data-testid="factor-edit">
                        {t('processRecords.factors.edit')}
                      </Button>
                      <Button size="xs" variant="outline" color="red.9" onClick={() => onDelete(f)} aria-label={t('processRecords.factors.deleteOf', { name: f.name })} data-testid="factor-delete">
                        {t('processRecords.factors.delete')}
                      </Button>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * 排出係数: kg-CO2e per unit of each energy type and purchased material, with source and
 * year. Admins add, edit and delete them; members read them.
 */
export function FactorsPage() {
  const { t } = useTranslation();
  usePageTitle(t('processRecords.factors.title'));
  const isAdmin = useIsProcessAdmin();
  const factors = useFactors();
  const [dialog, setDialog] = useState<{ mode: 'edit'; kind: Kind; factor: Factor | null } | { mode: 'delete'; factor: Factor } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const open = (next: typeof dialog) => {
    setNotice(null);
    setDialog(next);
  };

  return (
    <Stack data-testid="factors-page">
      <Title order={1}>{t('processRecords.factors.title')}</Title>
      <Text size="sm">{t('processRecords.factors.intro')}</Text>
      {!isAdmin && (
        <Text size="sm" c="dimmed" data-testid="factors-read-only">
          {t('processRecords.factors.readOnly')}
        </Text>
      )}
      {notice && (
        <Alert color="teal" role="status" data-testid="factors-notice">
          {notice}
        </Alert>
      )}
      {factors.isPending ? (
        <LoadingState />
      ) : factors.isError ? (
        <ErrorAlert error={factors.error} onRetry={() => void factors.refetch()} />
      ) : (
        (['energy', 'material'] as const).map((kind) => (
          <Stack key={kind} gap="xs" component="section" aria-labelledby={`factors-heading-${kind}`}>
            <Group justify="space-between" align="flex-end">
              <Title order={2} size="h3" id={`factors-heading-${kind}`}>
                {t(`processRecords.factors.heading.${kind}`)}
              </Title>
              {isAdmin && !(kind === 'energy' && ENERGY_TYPES.every((type) => factors.data.some((f) => f.kind === 'energy' && f.energyType === type))) && (
                <Button variant="light" onClick={() => open({ mode: 'edit', kind, factor: null })} data-testid={`factor-new-${kind}`}>
                  {t(`processRecords.factors.new.${kind}`)}
                </Button>
              )}
            </Group>
            <FactorTable
              kind={kind}
              factors={factors.data.filter((f) => f.kind === kind)}
              isAdmin={isAdmin}
              onEdit={(factor) => open({ mode: 'edit', kind, factor })}
              onDelete={(factor) => open({ mode: 'delete', factor })}
            />
          </Stack>
        ))
      )}
      {dialog?.mode === 'edit' && (
        <FactorDialog
          factor={dialog.factor}
          kind={dialog.kind}
          taken={factors.data ?? []}
          onClose={() => setDialog(null)}
          onSaved={(name) => {
            setDialog(null);
            setNotice(t('processRecords.factors.saved', { name }));
          }}
        />
      )}
      {dialog?.mode === 'delete' && (
        <DeleteFactorDialog
          factor={dialog.factor}
          onClose={() => setDialog(null)}
          onDeleted={() => {
            setNotice(t('processRecords.factors.deleted', { name: dialog.factor.name }));
            setDialog(null);
          }}
        />
      )}
    </Stack>
  );
}
