import { Anchor, Badge, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../../i18n/useLang';
import { responseFileUrl, type Composition, type PartNode, type ResponseDetail, type Substance } from '../api';
import { formatFileSize } from './responseLabels';
import { ColumnHeads } from '../tableParts';

/** One substance of a composition with where it sits: ["筐体", "ABS樹脂"]. */
export interface PlacedSubstance {
  path: string[];
  substance: Substance;
}

/** Every substance of a composition with its path (parts and materials), product-level ones first. */
export function placedSubstances(composition: Composition): PlacedSubstance[] {
  const out: PlacedSubstance[] = (composition.substances ?? []).map((substance) => ({ path: [], substance }));
  const walk = (part: PartNode, trail: string[]) => {
    const here = [...trail, part.name];
    for (const material of part.materials) for (const substance of material.substances) out.push({ path: [...here, material.name], substance });
    for (const child of part.parts) walk(child, here);
  };
  for (const part of composition.parts) walk(part, []);
  return out;
}

/** What the declarations say: how many entries are above threshold and how many claim an exemption. */
export function complianceCounts(response: Pick<ResponseDetail, 'compliance'>) {
  const declarations = response.compliance.flatMap((block) => block.declarations);
  return {
    above: declarations.filter((d) => d.aboveThreshold && !d.exemption).length,
    exempted: declarations.filter((d) => d.aboveThreshold && d.exemption).length,
    total: declarations.length,
  };
}

/** The outcome of the declarations as badges: 閾値超え n 件 / 閾値超えなし, 適用除外 n 件. */
export function ComplianceOutcome({ response }: { response: Pick<ResponseDetail, 'compliance'> }) {
  const { t } = useTranslation();
  const counts = complianceCounts(response);
  return (
    <Group gap={6} data-testid="response-check">
      {counts.above > 0 ? (
        <Badge color="red.9" variant="filled">
          {t('surveyRequests.review.checkAbove', { count: counts.above })}
        </Badge>
      ) : (
        <Badge color="teal.9" variant="filled">
          {t('surveyRequests.review.checkClear')}
        </Badge>
      )}
      {counts.exempted > 0 && (
        <Badge color="grape.9" variant="outline">
          {t('surveyRequests.review.checkExempt', { count: counts.exempted })}
        </Badge>
      )}
    </Group>
  );
}

/** A response read-only: its products with their substances, the declarations against the list, files, contact and comment. */
export function ResponseView({ response }: { response: ResponseDetail }) {
  const { t } = useTranslation();
  const lang = useLang();
  const number = (value: number) => value.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US', { maximumFractionDigits: 6 });
  return (
    <Stack data-testid="response-view">
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('surveyRequests.review.products')}
        </Title>
        {response.products.map((product) => {
          const substances = placedSubstances(product.composition);
          return (
            <Card key={product.key} withBorder padding="sm" data-testid={`response-product-${product.productNumber}`}>
              <Text fw={700}>
                {product.productNumber} {product.name}
                {product.massG !== null && (
                  <Text span size="sm" c="dimmed">
                    {' '}
                    ({number(product.massG)} g)
                  </Text>
                )}
              </Text>
              {substances.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('surveyResponses.editor.noSubstances')}
                </Text>
              ) : (
                <Table.ScrollContainer minWidth={600}>
                  <Table verticalSpacing={4} fz="sm">
                    <ColumnHeads labels={[t('surveyResponses.editor.path'), t('surveyResponses.editor.substanceName'), t('surveyResponses.editor.cas'), t('surveyResponses.editor.massPercent'), t('surveyResponses.editor.exemption')]} />
                    <Table.Tbody>
                      {substances.map(({ path, substance }, index) => (
                        <Table.Tr key={index}>
                          <Table.Td>{path.join(' › ') || '—'}</Table.Td>
                          <Table.Td>{substance.name}</Table.Td>
                          <Table.Td>{substance.cas ?? substance.otherId ?? '—'}</Table.Td>
                          <Table.Td>{number(substance.massPercent)} %</Table.Td>
                          <Table.Td>{substance.exemption ?? ''}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
            </Card>
          );
        })}
      </Stack>
      <Stack gap="xs">
        <Group gap="sm">
          <Title order={3} size="h5">
            {t('surveyRequests.review.compliance')}
          </Title>
          <ComplianceOutcome response={response} />
        </Group>
        {response.compliance.map((block) => (
          <Card key={`${block.listCode}-${block.versionLabel}`} withBorder padding="sm">
            <Text fw={700} size="sm">
              {block.listName}（{block.versionLabel}）
            </Text>
            <Table.ScrollContainer minWidth={600}>
              <Table verticalSpacing={4} fz="sm" data-testid="response-declarations">
                <ColumnHeads labels={[t('surveyResponses.editor.substanceName'), t('surveyResponses.editor.cas'), t('surveyResponses.editor.aboveThreshold'), t('surveyResponses.editor.massPercent'), t('surveyResponses.editor.exemption')]} />
                <Table.Tbody>
                  {block.declarations.map((d, index) => (
                    <Table.Tr key={index}>
                      <Table.Td>{d.name}</Table.Td>
                      <Table.Td>{d.cas ?? '—'}</Table.Td>
                      <Table.Td>{d.aboveThreshold ? t('surveyResponses.editor.yes') : t('surveyResponses.editor.no')}</Table.Td>
                      <Table.Td>{d.massPercent === null ? '—' : `${number(d.massPercent)} %`}</Table.Td>
                      <Table.Td>{d.exemption ?? ''}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        ))}
      </Stack>
      <Group align="flex-start" grow>
        <Stack gap={4}>
          <Title order={3} size="h5">
            {t('surveyRequests.review.files')}
          </Title>
          {response.files.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('surveyRequests.review.noFiles')}
            </Text>
          ) : (
            <List size="sm" data-testid="response-files">
              {response.files.map((file) => (
                <List.Item key={file.fileId}>
                  <Anchor href={responseFileUrl(response.id, file.fileId)} download={file.name} data-testid="response-file-link">
                    {file.name}
                  </Anchor>{' '}
                  <Text span size="xs" c="dimmed">
                    ({formatFileSize(file.bytes, lang)})
                  </Text>
                </List.Item>
              ))}
            </List>
          )}
        </Stack>
        <Stack gap={4}>
          <Title order={3} size="h5">
            {t('surveyRequests.review.contact')}
          </Title>
          <Text size="sm" data-testid="response-contact">
            {[response.contact.name, response.contact.email, response.contact.phone].filter(Boolean).join(' / ') || '—'}
          </Text>
          {response.comment && (
            <>
              <Title order={3} size="h5">
                {t('surveyRequests.review.comment2')}
              </Title>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="response-comment">
                {response.comment}
              </Text>
            </>
          )}
        </Stack>
      </Group>
    </Stack>
  );
}
