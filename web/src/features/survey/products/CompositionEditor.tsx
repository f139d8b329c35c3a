import { ActionIcon, Button, Checkbox, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n/useLang';
import {
  casMessage,
  emptyMaterial,
  emptyPart,
  emptySubstance,
  itemOps,
  materialSum,
  type CompositionDraft,
  type ItemOps,
  type MaterialDraft,
  type PartDraft,
  type SubstanceDraft,
} from './compositionDraft';
import { ColumnHeads } from '../tableParts';
import { formatNumber } from './numbers';

/** Most nested parts the editor offers to add (the tree itself may be deeper when imported). */
const MAX_DEPTH = 6;

interface EditorProps {
  value: CompositionDraft;
  onChange: (next: CompositionDraft) => void;
  /** Messages keyed by the API's field paths (`composition.parts.0.materials.1.substances.2.cas`). */
  errors: Record<string, string>;
  readOnly: boolean;
}

/** The names of the inputs, keys under `surveyProducts.composition`. */
type FieldLabel = 'partName' | 'partNumber' | 'numberOfUnits' | 'massG' | 'materialName' | 'materialClass' | 'cas' | 'substanceName' | 'massPercent' | 'otherId' | 'exemption';

/** One text input of a node: which draft value it edits and how the input is shaped. */
interface FieldSpec<K extends string> {
  key: K;
  label: FieldLabel;
  /** Ends the input's test id (`part-name`, `substance-cas`). */
  testId: string;
  required?: boolean;
  decimal?: boolean;
  maxLength?: number;
  w?: number;
  placeholder?: string;
  /** A CAS number: checked as typed, the local message before the server's. */
  cas?: boolean;
}

const PART_FIELDS: FieldSpec<'name' | 'partNumber' | 'numberOfUnits' | 'massG'>[] = [
  { key: 'name', label: 'partName', testId: 'name', required: true, maxLength: 300 },
  { key: 'partNumber', label: 'partNumber', testId: 'number', maxLength: 100, w: 140 },
  { key: 'numberOfUnits', label: 'numberOfUnits', testId: 'units', decimal: true, w: 90 },
  { key: 'massG', label: 'massG', testId: 'mass', decimal: true, w: 110 },
];

const MATERIAL_FIELDS: FieldSpec<'name' | 'materialClass' | 'massG'>[] = [
  { key: 'name', label: 'materialName', testId: 'name', required: true, maxLength: 300 },
  { key: 'materialClass', label: 'materialClass', testId: 'class', maxLength: 40, w: 120 },
  { key: 'massG', label: 'massG', testId: 'mass', decimal: true, w: 110 },
];

/** In the order of the substance table's columns. */
const SUBSTANCE_FIELDS: FieldSpec<'cas' | 'name' | 'massPercent' | 'otherId' | 'exemption'>[] = [
  { key: 'cas', label: 'cas', testId: 'cas', placeholder: '7439-92-1', maxLength: 40, w: 140, cas: true },
  { key: 'name', label: 'substanceName', testId: 'name', required: true, maxLength: 300 },
  { key: 'massPercent', label: 'massPercent', testId: 'percent', decimal: true, w: 100 },
  { key: 'otherId', label: 'otherId', testId: 'other-id', maxLength: 100, w: 120 },
  { key: 'exemption', label: 'exemption', testId: 'exemption', maxLength: 200, w: 140 },
];

/**
 * 構成: the IEC 62474 tree of a product — parts (nested) → materials → substances with mass
 * percent — edited in place. CAS numbers are checked as typed; each material shows the live
 * sum of its substances and warns above 100 %. Also used for a response's products.
 */
export function CompositionEditor({ value, onChange, errors, readOnly }: EditorProps) {
  const { t } = useTranslation();
  const setParts = (parts: PartDraft[]) => onChange({ ...value, parts });
  const setSubstances = (substances: SubstanceDraft[]) => onChange({ ...value, substances });
  return (
    <Stack gap="sm" data-testid="composition-editor">
      <Title order={2} size="h4">
        {t('surveyProducts.composition.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('surveyProducts.composition.hint')}
      </Text>
      <ErrorLine message={errors.composition} />
      {value.parts.length === 0 && value.substances.length === 0 && <Text size="sm">{t('surveyProducts.composition.empty')}</Text>}
      <PartList parts={value.parts} number="" path="composition.parts" depth={1} errors={errors} readOnly={readOnly} onChange={setParts} />
      {(value.substances.length > 0 || !readOnly) && (
        <Paper withBorder p="sm">
          <Stack gap="xs">
            <Text fw={700} size="sm">
              {t('surveyProducts.composition.productSubstances')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('surveyProducts.composition.productSubstancesHint')}
            </Text>
            <SubstanceRows
              rows={value.substances}
              where={t('surveyProducts.composition.productLabel')}
              path="composition.substances"
              errors={errors}
              readOnly={readOnly}
              onChange={setSubstances}
              testId="product-substance"
            />
            {value.substances.length > 0 && <SumLine substances={value.substances} testId="product-substance-sum" />}
          </Stack>
        </Paper>
      )}
      {!readOnly && (
        <Group>
          <Button variant="light" size="xs" onClick={() => setParts([...value.parts, emptyPart()])} data-testid="part-add">
            {t('surveyProducts.composition.addPart')}
          </Button>
          <Button variant="subtle" size="xs" onClick={() => setSubstances([...value.substances, emptySubstance()])} data-testid="product-substance-add">
            {t('surveyProducts.composition.addProductSubstance')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** A node's message from the checks (not tied to one input); nothing when there is none. */
function ErrorLine({ message, testId }: { message: string | undefined; testId?: string }) {
  if (message === undefined) return null;
  return (
    <Text size="sm" c="var(--mantine-color-error)" data-testid={testId}>
      {message}
    </Text>
  );
}

interface DraftFieldsProps<K extends string, D extends Record<K, string>> {
  fields: FieldSpec<K>[];
  draft: D;
  onChange: (next: D) => void;
  /** The node, as people read it (`部品 1.2`): names each input for screen readers. */
  where: string;
  /** The node's API path; an input's server message is at `${path}.${key}`. */
  path: string;
  errors: Record<string, string>;
  readOnly: boolean;
  /** Starts each input's test id (`part` → `part-name`). */
  testId: string;
  /** Parts and materials show the field's name as placeholder; table cells have column heads. */
  labelAsPlaceholder: boolean;
  /** Each input in its own table cell. */
  asCells?: boolean;
}

/** The text inputs of one node of the tree, as the field specs describe them. */
function DraftFields<K extends string, D extends Record<K, string>>({ fields, draft, onChange, where, path, errors, readOnly, testId, labelAsPlaceholder, asCells = false }: DraftFieldsProps<K, D>) {
  const { t } = useTranslation();
  const casMessages = { casShape: t('surveyProducts.composition.casShape'), casCheck: (expected: number) => t('surveyProducts.composition.casCheck', { expected }) };
  return fields.map((spec) => {
    const name = t(`surveyProducts.composition.${spec.label}`);
    const value = draft[spec.key];
    const serverError = errors[`${path}.${spec.key}`];
    const input = (
      <TextInput
        key={spec.key}
        aria-label={t('surveyProducts.composition.fieldOf', { where, field: name })}
        placeholder={spec.placeholder ?? (labelAsPlaceholder ? name : undefined)}
        required={spec.required === true && !readOnly}
        readOnly={readOnly}
        inputMode={spec.decimal === true ? 'decimal' : undefined}
        maxLength={spec.maxLength}
        w={spec.w}
        value={value}
        error={spec.cas === true ? (casMessage(value, casMessages) ?? serverError) : serverError}
        onChange={(e) => onChange({ ...draft, [spec.key]: e.currentTarget.value })}
        data-testid={`${testId}-${spec.testId}`}
      />
    );
    return asCells ? <Table.Td key={spec.key}>{input}</Table.Td> : input;
  });
}

/** Up / down / remove buttons of one node, each naming the node it acts on. */
function RowActions({ where, first, last, onMove, onRemove, testId }: { where: string; first: boolean; last: boolean; onMove: (delta: -1 | 1) => void; onRemove: () => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <Group gap={2} wrap="nowrap">
      <ActionIcon variant="subtle" disabled={first} aria-label={t('surveyProducts.composition.moveUp', { where })} onClick={() => onMove(-1)} data-testid={`${testId}-up`}>
        ↑
      </ActionIcon>
      <ActionIcon variant="subtle" disabled={last} aria-label={t('surveyProducts.composition.moveDown', { where })} onClick={() => onMove(1)} data-testid={`${testId}-down`}>
        ↓
      </ActionIcon>
      <ActionIcon variant="subtle" color="red" aria-label={t('surveyProducts.composition.remove', { where })} onClick={onRemove} data-testid={`${testId}-remove`}>
        ×
      </ActionIcon>
    </Group>
  );
}

interface PartListProps {
  parts: PartDraft[];
  /** The parent part's number (`1.2`), empty at the top. */
  number: string;
  /** The list's API path (`composition.parts`, `composition.parts.0.parts`). */
  path: string;
  depth: number;
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (parts: PartDraft[]) => void;
}

/** The parts of the product, or of one part, numbered 1, 2 … or 1.1, 1.2 …. */
function PartList({ parts, number, path, depth, errors, readOnly, onChange }: PartListProps) {
  const { t } = useTranslation();
  return parts.map((part, index) => {
    const own = number === '' ? String(index + 1) : `${number}.${index + 1}`;
    return (
      <PartEditor
        key={part.rowId}
        part={part}
        where={t('surveyProducts.composition.partLabel', { n: own })}
        number={own}
        path={`${path}.${index}`}
        depth={depth}
        errors={errors}
        readOnly={readOnly}
        {...itemOps(parts, index, onChange)}
      />
    );
  });
}

interface NodeProps<T> extends ItemOps<T> {
  where: string;
  path: string;
  errors: Record<string, string>;
  readOnly: boolean;
}

interface PartProps extends NodeProps<PartDraft> {
  part: PartDraft;
  number: string;
  depth: number;
}

function PartEditor({ part, where, number, path, depth, first, last, errors, readOnly, onChange, onRemove, onMove }: PartProps) {
  const { t } = useTranslation();
  const set = (patch: Partial<PartDraft>) => onChange({ ...part, ...patch });
  return (
    <Paper withBorder p="sm" ml={depth > 1 ? 'md' : 0} data-testid="part" data-depth={depth}>
      <Stack gap="xs">
        <Group align="flex-start" gap="xs" wrap="wrap">
          <Text fw={700} size="sm" mt={6} miw={60}>
            {where}
          </Text>
          <DraftFields fields={PART_FIELDS} draft={part} onChange={onChange} where={where} path={path} errors={errors} readOnly={readOnly} testId="part" labelAsPlaceholder />
          <Checkbox
            mt={8}
            label={t('surveyProducts.composition.isArticle')}
            aria-label={t('surveyProducts.composition.fieldOf', { where, field: t('surveyProducts.composition.isArticle') })}
            checked={part.isArticle}
            disabled={readOnly}
            onChange={(e) => set({ isArticle: e.currentTarget.checked })}
            data-testid="part-article"
          />
          {!readOnly && <RowActions where={where} first={first} last={last} onMove={onMove} onRemove={onRemove} testId="part" />}
        </Group>
        <ErrorLine message={errors[path]} />
        {part.materials.map((material, index) => (
          <MaterialEditor
            key={material.rowId}
            material={material}
            where={t('surveyProducts.composition.materialLabel', { part: where, n: index + 1 })}
            path={`${path}.materials.${index}`}
            errors={errors}
            readOnly={readOnly}
            {...itemOps(part.materials, index, (materials) => set({ materials }))}
          />
        ))}
        <PartList parts={part.parts} number={number} path={`${path}.parts`} depth={depth + 1} errors={errors} readOnly={readOnly} onChange={(parts) => set({ parts })} />
        {!readOnly && (
          <Group gap="xs">
            <Button variant="light" size="compact-xs" onClick={() => set({ materials: [...part.materials, emptyMaterial()] })} aria-label={t('surveyProducts.composition.addMaterialTo', { where })} data-testid="material-add">
              {t('surveyProducts.composition.addMaterial')}
            </Button>
            {depth < MAX_DEPTH && (
              <Button variant="subtle" size="compact-xs" onClick={() => set({ parts: [...part.parts, emptyPart()] })} aria-label={t('surveyProducts.composition.addChildPartTo', { where })} data-testid="child-part-add">
                {t('surveyProducts.composition.addChildPart')}
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

interface MaterialProps extends NodeProps<MaterialDraft> {
  material: MaterialDraft;
}

function MaterialEditor({ material, where, path, first, last, errors, readOnly, onChange, onRemove, onMove }: MaterialProps) {
  return (
    <Paper withBorder p="xs" ml="md" bg="var(--mantine-color-gray-0)" data-testid="material">
      <Stack gap="xs">
        <Group align="flex-start" gap="xs" wrap="wrap">
          <Text size="sm" fw={600} mt={6}>
            {where}
          </Text>
          <DraftFields fields={MATERIAL_FIELDS} draft={material} onChange={onChange} where={where} path={path} errors={errors} readOnly={readOnly} testId="material" labelAsPlaceholder />
          {!readOnly && <RowActions where={where} first={first} last={last} onMove={onMove} onRemove={onRemove} testId="material" />}
        </Group>
        <ErrorLine message={errors[path]} testId="material-error" />
        <SubstanceRows rows={material.substances} where={where} path={`${path}.substances`} errors={errors} readOnly={readOnly} onChange={(substances) => onChange({ ...material, substances })} testId="substance" />
        <SumLine substances={material.substances} testId="material-sum" />
      </Stack>
    </Paper>
  );
}

/** The live sum of a material's substances; above 100 % it warns (the server refuses beyond its tolerance). */
function SumLine({ substances, testId }: { substances: SubstanceDraft[]; testId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const sum = materialSum({ rowId: '', name: '', materialClass: '', massG: '', substances });
  const over = sum > 100;
  return (
    <Text size="sm" c={over ? 'var(--mantine-color-error)' : 'dimmed'} fw={over ? 700 : undefined} role={over ? 'alert' : undefined} data-testid={testId} data-over={over}>
      {over ? t('surveyProducts.composition.sumOver', { sum: formatNumber(sum, lang) }) : t('surveyProducts.composition.sum', { sum: formatNumber(sum, lang) })}
    </Text>
  );
}

interface SubstanceRowsProps {
  rows: SubstanceDraft[];
  where: string;
  path: string;
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (rows: SubstanceDraft[]) => void;
  testId: string;
}

function SubstanceRows({ rows, where, path, errors, readOnly, onChange, testId }: SubstanceRowsProps) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing={4}>
            <ColumnHeads labels={[...SUBSTANCE_FIELDS.map((spec) => t(`surveyProducts.composition.${spec.label}`)), ...(readOnly ? [] : [t('surveyProducts.composition.actions')])]} />
            <Table.Tbody>
              {rows.map((row, index) => {
                const here = t('surveyProducts.composition.substanceLabel', { parent: where, n: index + 1 });
                const { first, last, onChange: setRow, onRemove, onMove } = itemOps(rows, index, onChange);
                return (
                  <Table.Tr key={row.rowId} data-testid={`${testId}-row`}>
                    <DraftFields fields={SUBSTANCE_FIELDS} draft={row} onChange={setRow} where={here} path={`${path}.${index}`} errors={errors} readOnly={readOnly} testId={testId} labelAsPlaceholder={false} asCells />
                    {!readOnly && (
                      <Table.Td>
                        <RowActions where={here} first={first} last={last} onMove={onMove} onRemove={onRemove} testId={testId} />
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {!readOnly && testId === 'substance' && (
        <Group>
          <Button variant="subtle" size="compact-xs" onClick={() => onChange([...rows, emptySubstance()])} aria-label={t('surveyProducts.composition.addSubstanceTo', { where })} data-testid="substance-add">
            {t('surveyProducts.composition.addSubstance')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
