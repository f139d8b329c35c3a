import { ActionIcon, Button, Checkbox, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n/useLang';
import {
  casMessage,
  emptyMaterial,
  emptyPart,
  emptySubstance,
  materialSum,
  moved,
  type CompositionDraft,
  type MaterialDraft,
  type PartDraft,
  type SubstanceDraft,
} from './compositionDraft';
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
      {errors.composition !== undefined && (
        <Text size="sm" c="var(--mantine-color-error)">
          {errors.composition}
        </Text>
      )}
      {value.parts.length === 0 && value.substances.length === 0 && <Text size="sm">{t('surveyProducts.composition.empty')}</Text>}
      {value.parts.map((part, index) => (
        <PartEditor
          key={part.rowId}
          part={part}
          where={t('surveyProducts.composition.partLabel', { n: String(index + 1) })}
          number={String(index + 1)}
          path={`composition.parts.${index}`}
          depth={1}
          first={index === 0}
          last={index === value.parts.length - 1}
          errors={errors}
          readOnly={readOnly}
          onChange={(next) => setParts(value.parts.map((p, i) => (i === index ? next : p)))}
          onRemove={() => setParts(value.parts.filter((_, i) => i !== index))}
          onMove={(delta) => setParts(moved(value.parts, index, delta))}
        />
      ))}
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

interface PartProps {
  part: PartDraft;
  where: string;
  number: string;
  path: string;
  depth: number;
  first: boolean;
  last: boolean;
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (next: PartDraft) => void;
  onRemove: () => void;
  onMove: (delta: -1 | 1) => void;
}

function PartEditor({ part, where, number, path, depth, first, last, errors, readOnly, onChange, onRemove, onMove }: PartProps) {
  const { t } = useTranslation();
  const set = (patch: Partial<PartDraft>) => onChange({ ...part, ...patch });
  const field = (name: string) => t('surveyProducts.composition.fieldOf', { where, field: name });
  return (
    <Paper withBorder p="sm" ml={depth > 1 ? 'md' : 0} data-testid="part" data-depth={depth}>
      <Stack gap="xs">
        <Group align="flex-start" gap="xs" wrap="wrap">
          <Text fw={700} size="sm" mt={6} miw={60}>
            {where}
          </Text>
          <TextInput
            aria-label={field(t('surveyProducts.composition.partName'))}
            placeholder={t('surveyProducts.composition.partName')}
            required={!readOnly}
            readOnly={readOnly}
            maxLength={300}
            value={part.name}
            error={errors[`${path}.name`]}
            onChange={(e) => set({ name: e.currentTarget.value })}
            data-testid="part-name"
          />
          <TextInput
            aria-label={field(t('surveyProducts.composition.partNumber'))}
            placeholder={t('surveyProducts.composition.partNumber')}
            readOnly={readOnly}
            maxLength={100}
            w={140}
            value={part.partNumber}
            error={errors[`${path}.partNumber`]}
            onChange={(e) => set({ partNumber: e.currentTarget.value })}
            data-testid="part-number"
          />
          <TextInput
            aria-label={field(t('surveyProducts.composition.numberOfUnits'))}
            placeholder={t('surveyProducts.composition.numberOfUnits')}
            inputMode="decimal"
            readOnly={readOnly}
            w={90}
            value={part.numberOfUnits}
            error={errors[`${path}.numberOfUnits`]}
            onChange={(e) => set({ numberOfUnits: e.currentTarget.value })}
            data-testid="part-units"
          />
          <TextInput
            aria-label={field(t('surveyProducts.composition.massG'))}
            placeholder={t('surveyProducts.composition.massG')}
            inputMode="decimal"
            readOnly={readOnly}
            w={110}
            value={part.massG}
            error={errors[`${path}.massG`]}
            onChange={(e) => set({ massG: e.currentTarget.value })}
            data-testid="part-mass"
          />
          <Checkbox
            mt={8}
            label={t('surveyProducts.composition.isArticle')}
            aria-label={field(t('surveyProducts.composition.isArticle'))}
            checked={part.isArticle}
            disabled={readOnly}
            onChange={(e) => set({ isArticle: e.currentTarget.checked })}
            data-testid="part-article"
          />
          {!readOnly && <RowActions where={where} first={first} last={last} onMove={onMove} onRemove={onRemove} testId="part" />}
        </Group>
        {errors[path] !== undefined && (
          <Text size="sm" c="var(--mantine-color-error)">
            {errors[path]}
          </Text>
        )}
        {part.materials.map((material, index) => (
          <MaterialEditor
            key={material.rowId}
            material={material}
            where={t('surveyProducts.composition.materialLabel', { part: where, n: index + 1 })}
            path={`${path}.materials.${index}`}
            first={index === 0}
            last={index === part.materials.length - 1}
            errors={errors}
            readOnly={readOnly}
            onChange={(next) => set({ materials: part.materials.map((m, i) => (i === index ? next : m)) })}
            onRemove={() => set({ materials: part.materials.filter((_, i) => i !== index) })}
            onMove={(delta) => set({ materials: moved(part.materials, index, delta) })}
          />
        ))}
        {part.parts.map((child, index) => (
          <PartEditor
            key={child.rowId}
            part={child}
            where={t('surveyProducts.composition.partLabel', { n: `${number}.${index + 1}` })}
            number={`${number}.${index + 1}`}
            path={`${path}.parts.${index}`}
            depth={depth + 1}
            first={index === 0}
            last={index === part.parts.length - 1}
            errors={errors}
            readOnly={readOnly}
            onChange={(next) => set({ parts: part.parts.map((p, i) => (i === index ? next : p)) })}
            onRemove={() => set({ parts: part.parts.filter((_, i) => i !== index) })}
            onMove={(delta) => set({ parts: moved(part.parts, index, delta) })}
          />
        ))}
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

interface MaterialProps {
  material: MaterialDraft;
  where: string;
  path: string;
  first: boolean;
  last: boolean;
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (next: MaterialDraft) => void;
  onRemove: () => void;
  onMove: (delta: -1 | 1) => void;
}

function MaterialEditor({ material, where, path, first, last, errors, readOnly, onChange, onRemove, onMove }: MaterialProps) {
  const { t } = useTranslation();
  const set = (patch: Partial<MaterialDraft>) => onChange({ ...material, ...patch });
  const field = (name: string) => t('surveyProducts.composition.fieldOf', { where, field: name });
  return (
    <Paper withBorder p="xs" ml="md" bg="var(--mantine-color-gray-0)" data-testid="material">
      <Stack gap="xs">
        <Group align="flex-start" gap="xs" wrap="wrap">
          <Text size="sm" fw={600} mt={6}>
            {where}
          </Text>
          <TextInput
            aria-label={field(t('surveyProducts.composition.materialName'))}
            placeholder={t('surveyProducts.composition.materialName')}
            required={!readOnly}
            readOnly={readOnly}
            maxLength={300}
            value={material.name}
            error={errors[`${path}.name`]}
            onChange={(e) => set({ name: e.currentTarget.value })}
            data-testid="material-name"
          />
          <TextInput
            aria-label={field(t('surveyProducts.composition.materialClass'))}
            placeholder={t('surveyProducts.composition.materialClass')}
            readOnly={readOnly}
            maxLength={40}
            w={120}
            value={material.materialClass}
            error={errors[`${path}.materialClass`]}
            onChange={(e) => set({ materialClass: e.currentTarget.value })}
            data-testid="material-class"
          />
          <TextInput
            aria-label={field(t('surveyProducts.composition.massG'))}
            placeholder={t('surveyProducts.composition.massG')}
            inputMode="decimal"
            readOnly={readOnly}
            w={110}
            value={material.massG}
            error={errors[`${path}.massG`]}
            onChange={(e) => set({ massG: e.currentTarget.value })}
            data-testid="material-mass"
          />
          {!readOnly && <RowActions where={where} first={first} last={last} onMove={onMove} onRemove={onRemove} testId="material" />}
        </Group>
        {errors[path] !== undefined && (
          <Text size="sm" c="var(--mantine-color-error)" data-testid="material-error">
            {errors[path]}
          </Text>
        )}
        <SubstanceRows rows={material.substances} where={where} path={`${path}.substances`} errors={errors} readOnly={readOnly} onChange={(substances) => set({ substances })} testId="substance" />
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
  const casMessages = { casShape: t('surveyProducts.composition.casShape'), casCheck: (expected: number) => t('surveyProducts.composition.casCheck', { expected }) };
  const update = (index: number, patch: Partial<SubstanceDraft>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <Stack gap={4}>
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('surveyProducts.composition.cas')}</Table.Th>
                <Table.Th scope="col">{t('surveyProducts.composition.substanceName')}</Table.Th>
                <Table.Th scope="col">{t('surveyProducts.composition.massPercent')}</Table.Th>
                <Table.Th scope="col">{t('surveyProducts.composition.otherId')}</Table.Th>
                <Table.Th scope="col">{t('surveyProducts.composition.exemption')}</Table.Th>
                {!readOnly && <Table.Th scope="col">{t('surveyProducts.composition.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row, index) => {
                const here = t('surveyProducts.composition.substanceLabel', { parent: where, n: index + 1 });
                const field = (name: string) => t('surveyProducts.composition.fieldOf', { where: here, field: name });
                const rowPath = `${path}.${index}`;
                return (
                  <Table.Tr key={row.rowId} data-testid={`${testId}-row`}>
                    <Table.Td>
                      <TextInput
                        aria-label={field(t('surveyProducts.composition.cas'))}
                        placeholder="7439-92-1"
                        maxLength={40}
                        w={140}
                        readOnly={readOnly}
                        value={row.cas}
                        error={casMessage(row.cas, casMessages) ?? errors[`${rowPath}.cas`]}
                        onChange={(e) => update(index, { cas: e.currentTarget.value })}
                        data-testid={`${testId}-cas`}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={field(t('surveyProducts.composition.substanceName'))}
                        required={!readOnly}
                        maxLength={300}
                        readOnly={readOnly}
                        value={row.name}
                        error={errors[`${rowPath}.name`]}
                        onChange={(e) => update(index, { name: e.currentTarget.value })}
                        data-testid={`${testId}-name`}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={field(t('surveyProducts.composition.massPercent'))}
                        inputMode="decimal"
                        w={100}
                        readOnly={readOnly}
                        value={row.massPercent}
                        error={errors[`${rowPath}.massPercent`]}
                        onChange={(e) => update(index, { massPercent: e.currentTarget.value })}
                        data-testid={`${testId}-percent`}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={field(t('surveyProducts.composition.otherId'))}
                        maxLength={100}
                        w={120}
                        readOnly={readOnly}
                        value={row.otherId}
                        error={errors[`${rowPath}.otherId`]}
                        onChange={(e) => update(index, { otherId: e.currentTarget.value })}
                        data-testid={`${testId}-other-id`}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={field(t('surveyProducts.composition.exemption'))}
                        maxLength={200}
                        w={140}
                        readOnly={readOnly}
                        value={row.exemption}
                        error={errors[`${rowPath}.exemption`]}
                        onChange={(e) => update(index, { exemption: e.currentTarget.value })}
                        data-testid={`${testId}-exemption`}
                      />
                    </Table.Td>
                    {!readOnly && (
                      <Table.Td>
                        <RowActions
                          where={here}
                          first={index === 0}
                          last={index === rows.length - 1}
                          onMove={(delta) => onChange(moved(rows, index, delta))}
                          onRemove={() => onChange(rows.filter((_, i) => i !== index))}
                          testId={testId}
                        />
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
