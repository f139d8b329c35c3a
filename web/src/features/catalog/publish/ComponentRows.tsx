import { ActionIcon, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { casProblem } from './casNumber';
import { emptyComponent, type ComponentDraft } from './productDraft';

/** The CAS message shown as soon as a number is typed: wrong shape, or the check digit it should have. */
function useCasMessage() {
  const { t } = useTranslation();
  return (text: string): string | undefined => {
    const problem = casProblem(text);
    if (problem === null) return undefined;
    return problem.problem === 'shape' ? t('catalogPublish.components.casShape') : t('catalogPublish.components.casCheck', { expected: problem.expected });
  };
}

/** 組成: rows of component (CAS number, name, content range in %). */
export function ComponentRows({
  rows,
  onChange,
  errors,
  readOnly,
}: {
  rows: ComponentDraft[];
  onChange: (rows: ComponentDraft[]) => void;
  /** Messages keyed like `components.0.casNumber`. */
  errors: Record<string, string>;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const casMessage = useCasMessage();
  const update = (index: number, patch: Partial<ComponentDraft>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  return (
    <Stack gap="xs" data-testid="component-rows">
      <Title order={2} size="h4">
        {t('catalogPublish.components.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('catalogPublish.components.hint')}
      </Text>
      {errors.components && (
        <Text size="sm" c="var(--mantine-color-error)">
          {errors.components}
        </Text>
      )}
      {rows.length === 0 ? (
        <Text size="sm">{t('catalogPublish.components.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('catalogPublish.components.casNumber')}</Table.Th>
                <Table.Th scope="col">{t('catalogPublish.components.name')}</Table.Th>
                <Table.Th scope="col">{t('catalogPublish.components.minPct')}</Table.Th>
                <Table.Th scope="col">{t('catalogPublish.components.maxPct')}</Table.Th>
                {!readOnly && <Table.Th scope="col">{t('catalogPublish.rowActions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row, index) => {
                const n = index + 1;
                const path = `components.${index}`;
                return (
                  <Table.Tr key={row.rowId} data-testid="component-row">
                    <Table.Td>
                      <TextInput
                        aria-label={t('catalogPublish.components.casLabel', { n })}
                        placeholder="9003-07-0"
                        maxLength={40}
                        readOnly={readOnly}
                        value={row.casNumber}
                        error={casMessage(row.casNumber) ?? errors[`${path}.casNumber`]}
                        onChange={(e) => update(index, { casNumber: e.currentTarget.value })}
                        data-testid="component-cas"
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={t('catalogPublish.components.nameLabel', { n })}
                        required={!readOnly}
                        maxLength={200}
                        readOnly={readOnly}
                        value={row.name}
                        error={errors[`${path}.name`]}
                        onChange={(e) => update(index, { name: e.currentTarget.value })}
                        data-testid="component-name"
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={t('catalogPublish.components.minLabel', { n })}
                        inputMode="decimal"
                        w={100}
                        readOnly={readOnly}
                        value={row.minPct}
                        error={errors[`${path}.minPct`]}
                        onChange={(e) => update(index, { minPct: e.currentTarget.value })}
                        data-testid="component-min"
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={t('catalogPublish.components.maxLabel', { n })}
                        inputMode="decimal"
                        w={100}
                        readOnly={readOnly}
                        value={row.maxPct}
                        error={errors[`${path}.maxPct`]}
                        onChange={(e) => update(index, { maxPct: e.currentTarget.value })}
                        data-testid="component-max"
                      />
                    </Table.Td>
                    {!readOnly && (
                      <Table.Td>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('catalogPublish.components.remove', { n })}
                          onClick={() => onChange(rows.filter((_, i) => i !== index))}
                          data-testid="component-remove"
                        >
                          ×
                        </ActionIcon>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {!readOnly && rows.length < 50 && (
        <Group>
          <Button variant="light" size="xs" onClick={() => onChange([...rows, emptyComponent()])} data-testid="component-add">
            {t('catalogPublish.components.add')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
