import { Alert, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { useAcknowledgeResult, useCheckProduct, useCheckResults, type CheckResult, type Finding } from '../api';
import { ChangedBadge, OutcomeBadge } from './shared';
import { formatNumber } from './numbers';
import { ColumnHeads } from '../tableParts';

/** チェック結果: the product's latest result against each list's current version, with a "check now" button. */
export function CheckResultsPanel({ productId, dirty }: { productId: string; dirty: boolean }) {
  const { t } = useTranslation();
  const results = useCheckResults(productId);
  const check = useCheckProduct(productId);
  return (
    <Stack gap="sm" data-testid="check-results">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h4">
          {t('surveyProducts.check.title')}
        </Title>
        <Button variant="light" loading={check.isPending} disabled={dirty} onClick={() => check.mutate(undefined)} data-testid="check-now">
          {t('surveyProducts.check.now')}
        </Button>
      </Group>
      {dirty && (
        <Text size="sm" c="dimmed">
          {t('surveyProducts.check.saveFirst')}
        </Text>
      )}
      {check.isError && <ErrorAlert error={check.error} />}
      {check.isSuccess && (
        <Alert color="green" variant="light" role="status" data-testid="check-done">
          {t('surveyProducts.check.done', { count: check.data.length })}
        </Alert>
      )}
      {results.isPending ? (
        <LoadingState />
      ) : results.isError ? (
        <ErrorAlert error={results.error} onRetry={() => void results.refetch()} />
      ) : results.data.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="check-results-empty">
          {t('surveyProducts.check.empty')}
        </Text>
      ) : (
        results.data.map((result) => <ResultCard key={result.id} result={result} />)
      )}
    </Stack>
  );
}

function ResultCard({ result }: { result: CheckResult }) {
  const { t } = useTranslation();
  const lang = useLang();
  const acknowledge = useAcknowledgeResult();
  const summary = result.changeSummary;
  return (
    <Paper withBorder p="sm" data-testid="check-result" data-list-code={result.listCode}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs">
            <Text fw={700}>{result.listName}</Text>
            <Text size="sm" c="dimmed">
              {t('surveyProducts.check.version', { label: result.versionLabel, no: result.versionNo })}
            </Text>
            <OutcomeBadge outcome={result.outcome} testId="check-outcome" />
            {result.changed && result.acknowledgedAt === null && <ChangedBadge />}
          </Group>
          <Text size="xs" c="dimmed">
            {t('surveyProducts.check.checkedAt', { at: formatDateTime(result.checkedAt, lang) })}
          </Text>
        </Group>
        {result.changed && (
          <Alert color="orange" variant="light" data-testid="check-change">
            <Stack gap={4}>
              {summary.previousOutcome !== undefined && (
                <Text size="sm">{t('surveyProducts.check.previous', { outcome: t(`survey.outcome.${summary.previousOutcome}`) })}</Text>
              )}
              {summary.added !== undefined && summary.added.length > 0 && <Text size="sm">{t('surveyProducts.check.added', { names: summary.added.join('、') })}</Text>}
              {summary.removed !== undefined && summary.removed.length > 0 && <Text size="sm">{t('surveyProducts.check.removed', { names: summary.removed.join('、') })}</Text>}
              {result.acknowledgedAt === null ? (
                <Group>
                  <Button size="xs" variant="default" loading={acknowledge.isPending} onClick={() => acknowledge.mutate(result.id)} data-testid="check-acknowledge">
                    {t('surveyProducts.check.acknowledge')}
                  </Button>
                </Group>
              ) : (
                <Text size="sm" c="dimmed" data-testid="check-acknowledged">
                  {t('surveyProducts.check.acknowledgedAt', { at: formatDateTime(result.acknowledgedAt, lang) })}
                </Text>
              )}
              {acknowledge.isError && <ErrorAlert error={acknowledge.error} />}
            </Stack>
          </Alert>
        )}
        {result.findings.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('surveyProducts.check.noFindings')}
          </Text>
        ) : (
          <FindingsTable findings={result.findings} />
        )}
      </Stack>
    </Paper>
  );
}

/** Where each listed substance was found, its concentration against the list's threshold. */
export function FindingsTable({ findings }: { findings: Finding[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped verticalSpacing={4} data-testid="findings">
        <ColumnHeads labels={[t('surveyProducts.check.substance'), t('surveyProducts.check.path'), t('surveyProducts.check.concentration'), t('surveyProducts.check.threshold'), t('surveyProducts.check.mass'), t('surveyProducts.check.judgement')]} />
        <Table.Tbody>
          {findings.map((f, index) => (
            <Table.Tr key={`${f.path.join('/')}-${f.entryName}-${index}`} data-testid="finding-row" data-above={f.aboveThreshold}>
              <Table.Td>
                <Text size="sm">{f.entryName}</Text>
                <Text size="xs" c="dimmed">
                  {f.cas ?? f.internalId ?? ''}
                </Text>
              </Table.Td>
              <Table.Td data-testid="finding-path">{f.path.join(' › ')}</Table.Td>
              <Table.Td>{`${formatNumber(f.concentrationPercent, lang)}%`}</Table.Td>
              <Table.Td>
                {`${formatNumber(f.thresholdPercent, lang)}%`}
                <Text size="xs" c="dimmed">
                  {t(`survey.basis.${f.basis}`)}
                </Text>
              </Table.Td>
              <Table.Td>{f.massG === null ? '—' : `${formatNumber(f.massG, lang, 6)} g`}</Table.Td>
              <Table.Td>
                {f.exemption !== null ? (
                  <Text size="sm" c="yellow.9" fw={700}>
                    {t('surveyProducts.check.exempted', { exemption: f.exemption })}
                  </Text>
                ) : f.aboveThreshold ? (
                  <Text size="sm" c="red.9" fw={700} data-testid="finding-above">
                    {t('survey.outcome.above_threshold')}
                  </Text>
                ) : (
                  <Text size="sm">{t('surveyProducts.check.below')}</Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
