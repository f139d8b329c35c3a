import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { useCanManageSurvey, useCreateList, useLists, useLoadStarter, useStarters, type ListVersion, type RecheckSummary, type StarterKey, type SubstanceList } from '../api';
import { NoticeFromState, PageHeader, serverFieldErrors, SurveyDialog } from '../products/shared';
import { formatNumber } from '../products/numbers';
import { RecheckAlert } from './RecheckAlert';
import { ColumnHeads } from '../tableParts';

/** 規制物質リスト: the lists products are checked against; org admins load starters and create lists. */
export function ListsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  usePageTitle(t('surveyLists.lists.title'));
  const canManage = useCanManageSurvey();
  const lists = useLists();
  const [creating, setCreating] = useState(false);

  return (
    <Stack>
      <PageHeader
        title={t('surveyLists.lists.title')}
        intro={t('surveyLists.lists.intro')}
        actions={
          canManage && (
            <Button onClick={() => setCreating(true)} data-testid="survey-list-new">
              {t('surveyLists.lists.new')}
            </Button>
          )
        }
      />
      <NoticeFromState />
      {canManage && <StartersPanel />}
      <Title order={2} size="h4">
        {t('surveyLists.lists.tableTitle')}
      </Title>
      {lists.isPending ? (
        <LoadingState />
      ) : lists.isError ? (
        <ErrorAlert error={lists.error} onRetry={() => void lists.refetch()} />
      ) : lists.data.length === 0 ? (
        <Text c="dimmed" data-testid="survey-list-empty">
          {canManage ? t('surveyLists.lists.emptyAdmin') : t('surveyLists.lists.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped verticalSpacing="xs" data-testid="survey-list-table">
            <ColumnHeads labels={[t('surveyLists.list.code'), t('surveyLists.list.name'), t('surveyLists.list.currentVersion'), t('surveyLists.list.entryCount'), t('surveyLists.list.loadedAt')]} />
            <Table.Tbody>
              {lists.data.map((list) => (
                <Table.Tr key={list.id} data-testid="survey-list-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/s/survey/lists/${list.id}`} fw={700}>
                      {list.code}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Text size="sm">{lang === 'en' && list.nameEn !== '' ? list.nameEn : list.name}</Text>
                      {list.archived && (
                        <Badge color="gray.8" variant="outline">
                          {t('surveyLists.list.archived')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{list.currentVersion ? list.currentVersion.label : t('surveyLists.list.noVersion')}</Table.Td>
                  <Table.Td>{list.currentVersion ? formatNumber(list.currentVersion.entryCount, lang) : '—'}</Table.Td>
                  <Table.Td>{list.currentVersion ? formatDateTime(list.currentVersion.loadedAt, lang) : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {creating && <CreateListDialog onClose={() => setCreating(false)} />}
    </Stack>
  );
}

/** The lists shipped with the service (RoHS Annex II, an SVHC excerpt), loaded with one click. */
function StartersPanel() {
  const { t } = useTranslation();
  const lang = useLang();
  const starters = useStarters();
  const load = useLoadStarter();
  const [loaded, setLoaded] = useState<{ list: SubstanceList; version: ListVersion; recheck: RecheckSummary } | null>(null);
  const run = (key: StarterKey) => {
    setLoaded(null);
    load.mutate(key, { onSuccess: setLoaded });
  };
  if (starters.isError) return <ErrorAlert error={starters.error} onRetry={() => void starters.refetch()} />;
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t('surveyLists.starters.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('surveyLists.starters.intro')}
      </Text>
      {starters.isPending ? (
        <LoadingState />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {starters.data.map((starter) => (
            <Paper key={starter.key} withBorder p="sm" data-testid={`survey-starter-${starter.key}`}>
              <Stack gap={4}>
                <Text fw={700}>{starter.name[lang]}</Text>
                <Text size="xs" c="dimmed">
                  {starter.source}
                </Text>
                <Text size="sm">{t('surveyLists.starters.entries', { count: starter.entryCount })}</Text>
                <Group>
                  <Button
                    size="xs"
                    variant={starter.loadedListId === null ? 'filled' : 'light'}
                    loading={load.isPending && load.variables === starter.key}
                    disabled={load.isPending}
                    onClick={() => run(starter.key)}
                    data-testid={`survey-starter-load-${starter.key}`}
                  >
                    {starter.loadedListId === null ? t('surveyLists.starters.load') : t('surveyLists.starters.reload')}
                  </Button>
                  {starter.loadedListId !== null && (
                    <Anchor component={Link} to={`/s/survey/lists/${starter.loadedListId}`} size="sm">
                      {t('surveyLists.starters.open')}
                    </Anchor>
                  )}
                </Group>
              </Stack>
            </Paper>
          ))}
        </SimpleGrid>
      )}
      {load.isError && <ErrorAlert error={load.error} />}
      {loaded && <RecheckAlert listId={loaded.list.id} listName={loaded.list.name} version={loaded.version} recheck={loaded.recheck} />}
    </Stack>
  );
}

function CreateListDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateList();
  const [values, setValues] = useState({ code: '', name: '', nameEn: '', source: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (key: keyof typeof values, value: string) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: '' }));
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (values.code.trim() === '') next.code = t('survey.required');
    if (values.name.trim() === '') next.name = t('survey.required');
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    create.mutate(
      { code: values.code.trim(), name: values.name.trim(), nameEn: values.nameEn.trim(), source: values.source.trim() },
      {
        onSuccess: (list) => void navigate(`/s/survey/lists/${list.id}`, { state: { notice: t('surveyLists.lists.created', { name: list.name }) } }),
        onError: (error) => setErrors(serverFieldErrors(error)),
      },
    );
  };
  const field = (key: keyof typeof values) => ({ value: values[key], error: errors[key] === '' ? undefined : errors[key], onChange: (e: { currentTarget: HTMLInputElement }) => set(key, e.currentTarget.value) });
  return (
    <SurveyDialog title={t('surveyLists.lists.new')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label={t('surveyLists.list.code')} description={t('surveyLists.list.codeHint')} required maxLength={40} {...field('code')} data-testid="survey-list-code" />
          <TextInput label={t('surveyLists.list.name')} required maxLength={200} {...field('name')} data-testid="survey-list-name" />
          <TextInput label={t('surveyLists.list.nameEn')} maxLength={200} {...field('nameEn')} data-testid="survey-list-name-en" />
          <TextInput label={t('surveyLists.list.source')} maxLength={500} {...field('source')} data-testid="survey-list-source" />
          {create.isError && <ErrorAlert error={create.error} fieldsShownInline={['code', 'name', 'nameEn', 'source']} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('survey.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="survey-list-create">
              {t('surveyLists.lists.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SurveyDialog>
  );
}
