import { Anchor, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiStatus } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { NotFoundContent } from '../../../components/NotFoundContent';
import { usePageTitle } from '../../../layout/usePageTitle';
import { useList, useVersionChanges } from '../api';
import { ChangedBadge, OutcomeBadge, PageHeader } from '../products/shared';
import { ColumnHeads } from '../tableParts';

/** 変更の影響: which products this list version changed against the previous one. */
export function VersionChangesPage() {
  const { t } = useTranslation();
  const { listId, versionId } = useParams();
  const list = useList(listId);
  const changes = useVersionChanges(listId, versionId);
  const version = list.data?.versions.find((v) => v.id === versionId);
  const title = version ? t('surveyLists.changes.title', { name: list.data?.list.name ?? '', label: version.label }) : t('surveyLists.changes.titleShort');
  usePageTitle(title);
  if (list.isError) return isApiStatus(list.error, 404) ? <NotFoundContent /> : <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  if (list.isPending) return <LoadingState />;
  if (!version) return <NotFoundContent />;
  return (
    <Stack>
      <Anchor component={Link} to={`/s/survey/lists/${list.data.list.id}`} size="sm" w="fit-content" data-testid="survey-changes-back">
        {t('surveyLists.changes.back', { name: list.data.list.name })}
      </Anchor>
      <PageHeader title={title} intro={t('surveyLists.changes.intro')} />
      {changes.isPending ? (
        <LoadingState />
      ) : changes.isError ? (
        <ErrorAlert error={changes.error} onRetry={() => void changes.refetch()} />
      ) : changes.data.length === 0 ? (
        <Text c="dimmed" data-testid="survey-changes-empty">
          {t('surveyLists.changes.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="xs" data-testid="survey-changes-table">
            <ColumnHeads labels={[t('surveyLists.changes.product'), t('surveyLists.changes.before'), t('surveyLists.changes.after'), t('surveyLists.changes.added'), t('surveyLists.changes.removed')]} />
            <Table.Tbody>
              {changes.data.map((change) => (
                <Table.Tr key={change.id} data-testid="survey-changes-row">
                  <Table.Td>
                    {change.subjectKind === 'product' ? (
                      <Anchor component={Link} to={`/s/survey/products/${change.subjectId}`} fw={700}>
                        {change.productNumber}
                      </Anchor>
                    ) : (
                      <Text size="sm" fw={700}>
                        {change.productNumber}
                      </Text>
                    )}
                    <Text size="xs">{change.productName}</Text>
                  </Table.Td>
                  <Table.Td>{change.changeSummary.previousOutcome ? <OutcomeBadge outcome={change.changeSummary.previousOutcome} testId="survey-changes-before" /> : '—'}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <OutcomeBadge outcome={change.outcome} testId="survey-changes-after" />
                      {change.changed && change.acknowledgedAt === null && <ChangedBadge />}
                    </Group>
                  </Table.Td>
                  <Table.Td>{(change.changeSummary.added ?? []).join('、') || '—'}</Table.Td>
                  <Table.Td>{(change.changeSummary.removed ?? []).join('、') || '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
