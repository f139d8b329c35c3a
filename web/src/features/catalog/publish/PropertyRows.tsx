import { Autocomplete, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useLang } from '../../../i18n/useLang';
import { usePropertyKeys, type PropertyKey } from '../api';
import { emptyProperty, type PropertyDraft } from './productDraft';

/** The units offered for a key: its canonical unit first, then the others the server converts. */
function unitChoices(key: PropertyKey | undefined): string[] {
  if (!key || key.unit === '') return [];
  return [...new Set([key.unit, ...(key.units ?? [])])];
}

/** 物性: rows of property values; the key chosen from the catalog's list fills the name and unit. */
export function PropertyRows({
  rows,
  onChange,
  errors,
  readOnly,
}: {
  rows: PropertyDraft[];
  onChange: (rows: PropertyDraft[]) => void;
  /** Messages keyed like `properties.0.unit`. */
  errors: Record<string, string>;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const keys = usePropertyKeys();
  const update = (index: number, patch: Partial<PropertyDraft>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const keyOf = (key: string) => keys.data?.find((k) => k.key === key);

  return (
    <Stack gap="xs" data-testid="property-rows">
      <Title order={2} size="h4">
        {t('catalogPublish.properties.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('catalogPublish.properties.hint')}
      </Text>
      {keys.isError && <ErrorAlert error={keys.error} onRetry={() => void keys.refetch()} />}
      {errors.properties && (
        <Text size="sm" c="var(--mantine-color-error)">
          {errors.properties}
        </Text>
      )}
      {rows.length === 0 && <Text size="sm">{t('catalogPublish.properties.empty')}</Text>}
      {rows.map((row, index) => {
        const n = index + 1;
        const path = `properties.${index}`;
        const key = keyOf(row.key);
        const textOnly = key !== undefined && key.unit === '';
        const keyChoices = (keys.data ?? []).map((k) => ({ value: k.key, label: k.name[lang] }));
        // A saved key the list no longer has stays visible, so the server can name it.
        if (row.key !== '' && !key) keyChoices.push({ value: row.key, label: row.key });
        return (
          <Paper key={row.rowId} withBorder p="sm" data-testid="property-row">
            <Stack gap="xs">
              <Group justify="space-between">
                <Text fw={700} size="sm">
                  {t('catalogPublish.properties.rowTitle', { n })}
                </Text>
                {!readOnly && (
                  <Button variant="subtle" color="red" size="xs" onClick={() => onChange(rows.filter((_, i) => i !== index))} data-testid="property-remove">
                    {t('catalogPublish.properties.remove', { n })}
                  </Button>
                )}
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
                <NativeSelect
                  label={t('catalogPublish.properties.key')}
                  required={!readOnly}
                  disabled={readOnly}
                  value={row.key}
                  error={errors[`${path}.key`]}
                  onChange={(e) => {
                    const next = keyOf(e.currentTarget.value);
                    update(index, {
                      key: e.currentTarget.value,
                      name: next ? next.name[lang] : row.name,
                      unit: next ? next.unit : row.unit,
                      ...(next && next.unit === '' ? { valueMin: '', valueMax: '' } : {}),
                    });
                  }}
                  data={[{ value: '', label: t('catalogPublish.properties.chooseKey') }, ...keyChoices]}
                  data-testid="property-key"
                />
                <TextInput
                  label={t('catalogPublish.properties.name')}
                  required={!readOnly}
                  readOnly={readOnly}
                  maxLength={100}
                  value={row.name}
                  error={errors[`${path}.name`]}
                  onChange={(e) => update(index, { name: e.currentTarget.value })}
                  data-testid="property-name"
                />
                {!textOnly && (
                  <>
                    <TextInput
                      label={t('catalogPublish.properties.valueMin')}
                      inputMode="decimal"
                      readOnly={readOnly}
                      value={row.valueMin}
                      error={errors[`${path}.valueMin`]}
                      onChange={(e) => update(index, { valueMin: e.currentTarget.value })}
                      data-testid="property-min"
                    />
                    <TextInput
                      label={t('catalogPublish.properties.valueMax')}
                      inputMode="decimal"
                      readOnly={readOnly}
                      value={row.valueMax}
                      error={errors[`${path}.valueMax`]}
                      onChange={(e) => update(index, { valueMax: e.currentTarget.value })}
                      data-testid="property-max"
                    />
                    <Autocomplete
                      label={t('catalogPublish.properties.unit')}
                      description={key ? t('catalogPublish.properties.unitHint', { unit: key.unit }) : undefined}
                      readOnly={readOnly}
                      maxLength={30}
                      value={row.unit}
                      data={unitChoices(key)}
                      error={errors[`${path}.unit`]}
                      onChange={(unit) => update(index, { unit })}
                      data-testid="property-unit"
                    />
                  </>
                )}
                <TextInput
                  label={textOnly ? t('catalogPublish.properties.valueTextOnly') : t('catalogPublish.properties.valueText')}
                  readOnly={readOnly}
                  maxLength={200}
                  value={row.valueText}
                  error={errors[`${path}.valueText`]}
                  onChange={(e) => update(index, { valueText: e.currentTarget.value })}
                  data-testid="property-text"
                />
                <TextInput
                  label={t('catalogPublish.properties.testMethod')}
                  placeholder="ISO 1183"
                  readOnly={readOnly}
                  maxLength={100}
                  value={row.testMethod}
                  error={errors[`${path}.testMethod`]}
                  onChange={(e) => update(index, { testMethod: e.currentTarget.value })}
                  data-testid="property-method"
                />
                <TextInput
                  label={t('catalogPublish.properties.conditions')}
                  readOnly={readOnly}
                  maxLength={200}
                  value={row.conditions}
                  error={errors[`${path}.conditions`]}
                  onChange={(e) => update(index, { conditions: e.currentTarget.value })}
                  data-testid="property-conditions"
                />
              </SimpleGrid>
            </Stack>
          </Paper>
        );
      })}
      {!readOnly && rows.length < 100 && (
        <Group>
          <Button variant="light" size="xs" onClick={() => onChange([...rows, emptyProperty()])} data-testid="property-add">
            {t('catalogPublish.properties.add')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
