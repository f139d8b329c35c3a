import { Button, Fieldset, Group, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { isApiStatus } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { NotFoundContent } from '../../../components/NotFoundContent';
import { usePageTitle } from '../../../layout/usePageTitle';
import { useDeleteRecord, useFormula, useIsProcessAdmin, useItemChoices, useSaveFormula, type Formula } from './api';
import { ItemPicker } from './ItemPicker';
import { BackLink, ConfirmDialog, parseNumber, ReadOnlyNote, SaveError, serverFieldErrors } from './shared';

const FIELDS = ['itemId', 'code', 'name', 'baseQuantity', 'yieldPct', 'isDefault', 'lines'] as const;
type Field = (typeof FIELDS)[number];

interface LineDraft {
  key: number;
  componentItemId: string;
  quantity: string;
  scrapPct: string;
}

interface Draft {
  itemId: string;
  code: string;
  name: string;
  baseQuantity: string;
  yieldPct: string;
  isDefault: boolean;
  lines: LineDraft[];
}

let nextKey = 1;
const emptyLine = (): LineDraft => ({ key: nextKey++, componentItemId: '', quantity: '', scrapPct: '0' });

function draftOf(f: Formula): Draft {
  return {
    itemId: f.itemId,
    code: f.code,
    name: f.name,
    baseQuantity: String(f.baseQuantity),
    yieldPct: String(f.yieldPct),
    isDefault: f.isDefault,
    lines: f.lines.map((l) => ({ key: nextKey++, componentItemId: l.componentItemId, quantity: String(l.quantity), scrapPct: String(l.scrapPct) })),
  };
}

/** One formula (bill of materials): a new one (`/formulas/new?itemId=`) or an existing one. */
export function FormulaEditPage() {
  const { formulaId } = useParams();
  const id = formulaId === 'new' ? undefined : formulaId;
  const formula = useFormula(id);
  if (id === undefined) return <FormulaForm />;
  if (formula.isPending) return <LoadingState />;
  if (formula.isError) return isApiStatus(formula.error, 404) ? <NotFoundContent /> : <ErrorAlert error={formula.error} onRetry={() => void formula.refetch()} />;
  return <FormulaForm formula={formula.data} onReload={() => void formula.refetch()} />;
}

function FormulaForm({ formula, onReload }: { formula?: Formula; onReload?: () => void }) {
  const { t } = useTranslation();
  const isAdmin = useIsProcessAdmin();
  const readOnly = !isAdmin;
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const title = formula ? t('processMaster.formulas.editTitle', { code: formula.code }) : t('processMaster.formulas.newTitle');
  usePageTitle(title);
  const items = useItemChoices();
  const save = useSaveFormula(formula?.id);
  const remove = useDeleteRecord('formulas');
  const [draft, setDraft] = useState<Draft>(() =>
    formula ? draftOf(formula) : { itemId: search.get('itemId') ?? '', code: '', name: '', baseQuantity: '100', yieldPct: '100', isDefault: true, lines: [emptyLine()] },
  );
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [lineErrors, setLineErrors] = useState<Record<number, string>>({});
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    if (formula) setDraft(draftOf(formula));
  }, [formula]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
  };
  const setLine = (key: number, patch: Partial<LineDraft>) => {
    set('lines', draft.lines.map((l) => (l.key === key ? { ...l, ...patch } : l)));
    setLineErrors((current) => ({ ...current, [key]: '' }));
  };
  const unitOf = (itemId: string) => items.data?.find((i) => i.id === itemId)?.unit ?? '';

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.reset();
    const next: Partial<Record<Field, string>> = {};
    if (draft.itemId === '') next.itemId = t('processMaster.chooseItem');
    if (draft.code.trim() === '') next.code = t('processMaster.required');
    if (draft.name.trim() === '') next.name = t('processMaster.required');
    const base = parseNumber(draft.baseQuantity);
    const yieldPct = parseNumber(draft.yieldPct);
    if (base === null || base <= 0) next.baseQuantity = t('processMaster.positiveNumber');
    if (yieldPct === null || yieldPct <= 0 || yieldPct > 100) next.yieldPct = t('processMaster.formulas.yieldRange');
    const badLines: Record<number, string> = {};
    const lines = draft.lines.map((l) => {
      const quantity = parseNumber(l.quantity);
      const scrap = parseNumber(l.scrapPct);
      if (l.componentItemId === '') badLines[l.key] = t('processMaster.chooseItem');
      else if (l.componentItemId === draft.itemId) badLines[l.key] = t('processMaster.formulas.selfComponent');
      else if (quantity === null || quantity <= 0) badLines[l.key] = t('processMaster.formulas.lineQuantity');
      else if (scrap === null || scrap < 0 || scrap >= 100) badLines[l.key] = t('processMaster.formulas.scrapRange');
      return { componentItemId: l.componentItemId, quantity: quantity ?? 0, scrapPct: scrap ?? 0 };
    });
    if (draft.lines.length === 0) next.lines = t('processMaster.formulas.noLines');
    else if (Object.keys(badLines).length > 0) next.lines = t('processMaster.formulas.badLines');
    setErrors(next);
    setLineErrors(badLines);
    if (Object.keys(next).length > 0 || base === null || yieldPct === null) return;
    save.mutate(
      { itemId: draft.itemId, code: draft.code.trim(), name: draft.name.trim(), baseQuantity: base, yieldPct, isDefault: draft.isDefault, lines, ...(formula ? { version: formula.version } : {}) },
      {
        onSuccess: (saved) => void navigate(`/s/process/formulas?itemId=${encodeURIComponent(saved.itemId)}`, { state: { notice: t('processMaster.formulas.saved', { code: saved.code }) } }),
        onError: (error) => setErrors(serverFieldErrors(error, FIELDS)),
      },
    );
  };

  if (items.isPending) return <LoadingState />;
  if (items.isError) return <ErrorAlert error={items.error} onRetry={() => void items.refetch()} />;

  return (
    <Stack maw={960}>
      <BackLink to="/s/process/formulas" label={t('processMaster.formulas.back')} />
      <Title order={1}>{title}</Title>
      {readOnly && <ReadOnlyNote />}
      {save.isError && <SaveError error={save.error} fields={FIELDS} onReload={onReload} />}
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <ItemPicker
              items={items.data}
              value={draft.itemId}
              onChange={(id) => set('itemId', id)}
              label={t('processMaster.formulas.item')}
              emptyLabel={t('processMaster.chooseItemOption')}
              error={errors.itemId}
              disabled={readOnly}
              required={!readOnly}
              testId="formula-item"
            />
            <TextInput label={t('processMaster.formulas.code')} required={!readOnly} readOnly={readOnly} maxLength={40} value={draft.code} error={errors.code} onChange={(e) => set('code', e.currentTarget.value)} data-testid="formula-code" />
            <TextInput label={t('processMaster.formulas.name')} required={!readOnly} readOnly={readOnly} maxLength={200} value={draft.name} error={errors.name} onChange={(e) => set('name', e.currentTarget.value)} data-testid="formula-name" />
            <TextInput
              label={t('processMaster.formulas.baseQuantity')}
              description={t('processMaster.formulas.baseQuantityHint', { unit: unitOf(draft.itemId) || '—' })}
              inputMode="decimal"
              required={!readOnly}
              readOnly={readOnly}
              value={draft.baseQuantity}
              error={errors.baseQuantity}
              onChange={(e) => set('baseQuantity', e.currentTarget.value)}
              data-testid="formula-baseQuantity"
            />
            <TextInput
              label={t('processMaster.formulas.yieldPct')}
              description={t('processMaster.formulas.yieldHint')}
              inputMode="decimal"
              required={!readOnly}
              readOnly={readOnly}
              value={draft.yieldPct}
              error={errors.yieldPct}
              onChange={(e) => set('yieldPct', e.currentTarget.value)}
              data-testid="formula-yieldPct"
            />
            <Switch label={t('processMaster.formulas.isDefault')} description={t('processMaster.formulas.isDefaultHint')} checked={draft.isDefault} disabled={readOnly} onChange={(e) => set('isDefault', e.currentTarget.checked)} mt="md" data-testid="formula-isDefault" />
          </SimpleGrid>
          <Fieldset legend={t('processMaster.formulas.components')}>
            {errors.lines && (
              <Text size="sm" c="red.9" role="alert" mb="xs">
                {errors.lines}
              </Text>
            )}
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing={6} data-testid="formula-lines">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col" w={40}>
                      {t('processMaster.formulas.lineNo')}
                    </Table.Th>
                    <Table.Th scope="col">{t('processMaster.formulas.component')}</Table.Th>
                    <Table.Th scope="col" w={140}>
                      {t('processMaster.formulas.quantity')}
                    </Table.Th>
                    <Table.Th scope="col" w={110}>
                      {t('processMaster.formulas.scrapPct')}
                    </Table.Th>
                    {!readOnly && (
                      <Table.Th scope="col" w={80}>
                        <VisuallyHidden>{t('processMaster.actions')}</VisuallyHidden>
                      </Table.Th>
                    )}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {draft.lines.map((line, index) => {
                    const n = index + 1;
                    return (
                      <Table.Tr key={line.key} data-testid="formula-line">
                        <Table.Td>{n}</Table.Td>
                        <Table.Td>
                          <ItemPicker
                            items={items.data.filter((i) => i.id !== draft.itemId)}
                            value={line.componentItemId}
                            onChange={(id) => setLine(line.key, { componentItemId: id })}
                            label={t('processMaster.formulas.componentN', { n })}
                            emptyLabel={t('processMaster.chooseItemOption')}
                            disabled={readOnly}
                            size="xs"
                            hideLabel
                            error={lineErrors[line.key] || undefined}
                            testId="formula-line-item"
                          />
                        </Table.Td>
                        <Table.Td>
                          <TextInput
                            size="xs"
                            inputMode="decimal"
                            aria-label={t('processMaster.formulas.quantityN', { n })}
                            rightSection={<Text size="xs">{unitOf(line.componentItemId)}</Text>}
                            readOnly={readOnly}
                            value={line.quantity}
                            onChange={(e) => setLine(line.key, { quantity: e.currentTarget.value })}
                            data-testid="formula-line-quantity"
                          />
                        </Table.Td>
                        <Table.Td>
                          <TextInput size="xs" inputMode="decimal" aria-label={t('processMaster.formulas.scrapPctN', { n })} readOnly={readOnly} value={line.scrapPct} onChange={(e) => setLine(line.key, { scrapPct: e.currentTarget.value })} data-testid="formula-line-scrap" />
                        </Table.Td>
                        {!readOnly && (
                          <Table.Td>
                            <Button variant="subtle" color="red" size="compact-xs" onClick={() => set('lines', draft.lines.filter((l) => l.key !== line.key))} aria-label={t('processMaster.formulas.removeLine', { n })}>
                              {t('processMaster.remove')}
                            </Button>
                          </Table.Td>
                        )}
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {!readOnly && (
              <Button variant="light" size="xs" mt="xs" onClick={() => set('lines', [...draft.lines, emptyLine()])} data-testid="formula-add-line">
                {t('processMaster.formulas.addLine')}
              </Button>
            )}
          </Fieldset>
          {isAdmin && (
            <Group justify="space-between">
              <Group>
                <Button type="submit" loading={save.isPending} data-testid="formula-save">
                  {t('processMaster.save')}
                </Button>
                <Button variant="default" onClick={() => void navigate('/s/process/formulas')}>
                  {t('processMaster.cancel')}
                </Button>
              </Group>
              {formula && (
                <Button color="red" variant="outline" onClick={() => setConfirming(true)} data-testid="formula-delete">
                  {t('processMaster.delete')}
                </Button>
              )}
            </Group>
          )}
        </Stack>
      </form>
      {confirming && formula && (
        <ConfirmDialog
          title={t('processMaster.formulas.deleteTitle')}
          message={t('processMaster.formulas.deleteConfirm', { code: formula.code, name: formula.name })}
          confirmLabel={t('processMaster.delete')}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(formula.id, { onSuccess: () => void navigate('/s/process/formulas', { state: { notice: t('processMaster.formulas.deleted', { code: formula.code }) } }) })}
          onClose={() => {
            setConfirming(false);
            remove.reset();
          }}
        />
      )}
    </Stack>
  );
}
