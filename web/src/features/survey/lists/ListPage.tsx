import { Anchor, Badge, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiStatus } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { NotFoundContent } from '../../../components/NotFoundContent';
import { useFilterDraft } from '../../../components/useFilterDraft';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { useCanManageSurvey, useList, useListEntries, type ListVersion, type SubstanceList, type VersionLoaded } from '../api';
import { NoticeFromState, PAGE_SIZE, PagedTable, PageHeader } from '../products/shared';
import { formatNumber } from '../products/numbers';
import { LoadVersionDialog } from './LoadVersionDialog';
import { RecheckAlert } from './RecheckAlert';
import { ColumnHeads } from '../tableParts';

/** One substance list: its versions, the entries of the chosen version, and (org admins) a new version to load. */
export function ListPage() {
  const { listId } = useParams();
  const list = useList(listId);
  if (list.isPending) return <LoadingState />;
  if (list.isError) return isApiStatus(list.error, 404) ? <NotFoundContent /> : <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  return <ListView list={list.data.list} versions={list.data.versions} />;
}

function ListView({ list, versions }: { list: SubstanceList; versions: ListVersion[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const name = lang === 'en' && list.nameEn !== '' ? list.nameEn : list.name;
  usePageTitle(name);
  const canManage = useCanManageSurvey();
  const [search, setSearch] = useSearchParams();
  const chosen = versions.find((v) => v.id === search.get('version')) ?? list.currentVersion ?? versions[0];
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState<VersionLoaded | null>(null);

  const choose = (versionId: string) => {
    const params = new URLSearchParams();
    if (versionId !== list.currentVersion?.id) params.set('version', versionId);
    setSearch(params);
  };

  return (
    <Stack>
      <Anchor component={Link} to="/s/survey/lists" size="sm" w="fit-content" data-testid="survey-list-back">
        {t('surveyLists.list.back')}
      </Anchor>
      <PageHeader
        title={`${list.code} ${name}`}
        intro={list.source === '' ? undefined : t('surveyLists.list.sourceIs', { source: list.source })}
        badges={
          list.archived && (
            <Badge color="gray.8" variant="outline">
              {t('surveyLists.list.archived')}
            </Badge>
          )
        }
        actions={
          canManage && (
            <Button onClick={() => setLoading(true)} data-testid="survey-version-load-open">
              {t('surveyLists.load.open')}
            </Button>
          )
        }
      />
      <NoticeFromState />
      {loaded && <RecheckAlert listId={list.id} listName={list.name} version={loaded.version} recheck={loaded.recheck} />}
      <Title order={2} size="h4">
        {t('surveyLists.versions.title')}
      </Title>
      {versions.length === 0 ? (
        <Text c="dimmed" data-testid="survey-version-empty">
          {canManage ? t('surveyLists.versions.emptyAdmin') : t('surveyLists.versions.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="xs" data-testid="survey-version-table">
            <ColumnHeads labels={[t('surveyLists.versions.no'), t('surveyLists.versions.label'), t('surveyLists.versions.entryCount'), t('surveyLists.versions.loaded'), t('surveyLists.versions.actions')]} />
            <Table.Tbody>
              {versions.map((version) => (
                <Table.Tr key={version.id} data-testid="survey-version-row" aria-current={version.id === chosen?.id ? 'true' : undefined}>
                  <Table.Td>
                    <Group gap={4}>
                      {version.versionNo}
                      {version.id === list.currentVersion?.id && (
                        <Badge color="teal.9" variant="outline">
                          {t('surveyLists.versions.current')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{version.label}</Text>
                    {version.sourceNote !== '' && (
                      <Text size="xs" c="dimmed">
                        {version.sourceNote}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{formatNumber(version.entryCount, lang)}</Table.Td>
                  <Table.Td>
                    {formatDateTime(version.loadedAt, lang)}
                    <Text size="xs" c="dimmed">
                      {version.loadedByName}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs">
                      <Button
                        size="compact-xs"
                        variant={version.id === chosen?.id ? 'filled' : 'light'}
                        onClick={() => choose(version.id)}
                        aria-label={t('surveyLists.versions.showEntriesOf', { label: version.label })}
                        data-testid="survey-version-show"
                      >
                        {t('surveyLists.versions.showEntries')}
                      </Button>
                      {version.versionNo > 1 && (
                        <Anchor component={Link} to={`/s/survey/lists/${list.id}/versions/${version.id}/changes`} size="sm" aria-label={t('surveyLists.versions.changesOf', { label: version.label })} data-testid="survey-version-changes">
                          {t('surveyLists.versions.changes')}
                        </Anchor>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {chosen && <EntriesTable listId={list.id} version={chosen} />}
      {loading && (
        <LoadVersionDialog
          list={list}
          onClose={() => setLoading(false)}
          onLoaded={(result) => {
            setLoaded(result);
            setLoading(false);
            setSearch(new URLSearchParams());
          }}
        />
      )}
    </Stack>
  );
}

function EntriesTable({ listId, version }: { listId: string; version: ListVersion }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [search, setSearch] = useSearchParams();
  const pageParam = Number(search.get('page'));
  const filter = { q: search.get('q') ?? '', page: Number.isInteger(pageParam) && pageParam > 1 ? pageParam : 1 };
  const [draft, setDraft] = useFilterDraft(filter);
  const entries = useListEntries(listId, version.id, { ...filter, pageSize: PAGE_SIZE });

  const show = (next: { q: string; page: number }) => {
    const params = new URLSearchParams(search);
    params.delete('q');
    params.delete('page');
    if (next.q.trim() !== '') params.set('q', next.q.trim());
    if (next.page > 1) params.set('page', String(next.page));
    setSearch(params);
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    show({ q: draft.q, page: 1 });
  };

  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {t('surveyLists.entries.title', { label: version.label })}
      </Title>
      <form onSubmit={submit} role="search" aria-label={t('surveyLists.entries.searchLabel')}>
        <Group align="flex-end">
          <TextInput label={t('surveyLists.entries.search')} placeholder={t('surveyLists.entries.searchPlaceholder')} value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.currentTarget.value })} data-testid="survey-entry-search" />
          <Button type="submit" variant="light" data-testid="survey-entry-search-submit">
            {t('survey.filter')}
          </Button>
        </Group>
      </form>
      <PagedTable
        query={entries}
        emptyText={filter.q === '' ? t('surveyLists.entries.empty') : t('surveyLists.entries.noMatches')}
        emptyTestId="survey-entry-empty"
        minWidth={760}
        testId="survey-entry-table"
        headers={[t('surveyLists.entries.cas'), t('surveyLists.entries.internalId'), t('surveyLists.entries.name'), t('surveyLists.entries.threshold'), t('surveyLists.entries.basis'), t('surveyLists.entries.notes')]}
        row={(entry) => (
          <Table.Tr key={entry.id} data-testid="survey-entry-row">
            <Table.Td>{entry.cas ?? '—'}</Table.Td>
            <Table.Td>{entry.internalId ?? '—'}</Table.Td>
            <Table.Td>{entry.name}</Table.Td>
            <Table.Td>{`${formatNumber(entry.thresholdPercent, lang)}%`}</Table.Td>
            <Table.Td>{t(`survey.basis.${entry.basis}`)}</Table.Td>
            <Table.Td>{entry.notes}</Table.Td>
          </Table.Tr>
        )}
        page={filter.page}
        pageSize={PAGE_SIZE}
        onPage={(page) => show({ ...filter, page })}
      />
    </Stack>
  );
}
