import { Anchor, Button, Group, Stack, Table, Tabs, Text, TextInput } from '@mantine/core';
import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { NotFoundContent } from '../../../components/NotFoundContent';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import { LIST_NAMES, useList, useListMembership, type ListEntry, type ListName } from '../api';
import { ConfirmRemoval, DiscoverHeader, FlagBadges, PublisherLink, WithPlan, productName } from './shared';

/** 使用中 / 検討中: the tenant's own lists of products, shared by its members, each entry with a note. */
export function ListsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { list: param } = useParams();
  const list = LIST_NAMES.find((l) => l === param);
  usePageTitle(t('catalogDiscover.lists.title'));
  if (list === undefined) return <NotFoundContent />;
  return (
    <Stack>
      <DiscoverHeader title={t('catalogDiscover.lists.title')} intro={t('catalogDiscover.lists.intro')} />
      <WithPlan>
        {() => (
          <Tabs value={list} onChange={(value) => value !== null && void navigate(`/s/catalog/lists/${value}`)} keepMounted={false}>
            <Tabs.List>
              {LIST_NAMES.map((l) => (
                <Tabs.Tab key={l} value={l} data-testid={`lists-tab-${l}`}>
                  {t(`catalog.enum.list.${l}`)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {LIST_NAMES.map((l) => (
              <Tabs.Panel key={l} value={l} pt="md">
                <ListEntries list={l} />
              </Tabs.Panel>
            ))}
          </Tabs>
        )}
      </WithPlan>
    </Stack>
  );
}

function ListEntries({ list }: { list: ListName }) {
  const { t } = useTranslation();
  const lang = useLang();
  const entries = useList(list);
  const { remove } = useListMembership();
  const [removing, setRemoving] = useState<ListEntry | null>(null);
  const listName = t(`catalog.enum.list.${list}`);
  if (entries.isPending) return <LoadingState />;
  if (entries.isError) return <ErrorAlert error={entries.error} onRetry={() => void entries.refetch()} />;
  if (entries.data.length === 0) {
    return (
      <Stack gap="xs" align="flex-start" data-testid="lists-empty">
        <Text>{t('catalogDiscover.lists.empty', { list: listName })}</Text>
        <Button component={Link} to="/s/catalog/search" variant="light" size="xs">
          {t('catalogDiscover.compare.toSearch')}
        </Button>
      </Stack>
    );
  }
  return (
    <>
      <Table.ScrollContainer minWidth={860}>
        <Table striped verticalSpacing="xs" data-testid={`list-${list}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('catalogDiscover.product.name')}</Table.Th>
              <Table.Th scope="col">{t('catalogDiscover.product.publisher')}</Table.Th>
              <Table.Th scope="col">{t('catalogDiscover.product.category')}</Table.Th>
              <Table.Th scope="col">{t('catalogDiscover.product.flags')}</Table.Th>
              <Table.Th scope="col">{t('catalogDiscover.lists.note')}</Table.Th>
              <Table.Th scope="col">{t('catalogDiscover.lists.addedAt')}</Table.Th>
              <Table.Th scope="col">{t('catalogDiscover.lists.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.data.map((entry) => {
              const name = productName(entry, lang);
              return (
                <Table.Tr key={entry.id} data-testid={`list-entry-${entry.id}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/s/catalog/p/${entry.id}`} fw={700}>
                      {name}
                    </Anchor>
                    <Text size="xs">{[entry.grade, entry.brand].filter((v) => v !== '').join(' / ')}</Text>
                  </Table.Td>
                  <Table.Td>
                    <PublisherLink publisher={entry.publisher} />
                  </Table.Td>
                  <Table.Td>{entry.category}</Table.Td>
                  <Table.Td>
                    <FlagBadges flags={entry.regulatoryFlags} />
                  </Table.Td>
                  <Table.Td miw={260}>
                    <NoteEditor list={list} entry={entry} name={name} />
                  </Table.Td>
                  <Table.Td>{formatDateTime(entry.addedAt, lang)}</Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="default" color="red" onClick={() => setRemoving(entry)} aria-label={t('catalogDiscover.lists.removeFrom', { list: listName, name })} data-testid={`list-remove-${entry.id}`}>
                      {t('catalogDiscover.lists.remove')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {removing && (
        <ConfirmRemoval
          title={t('catalogDiscover.lists.confirmTitle', { list: listName })}
          message={t('catalogDiscover.lists.confirmBody', { list: listName, name: productName(removing, lang) })}
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate({ list, productId: removing.id }, { onSuccess: () => setRemoving(null) })}
          onClose={() => {
            remove.reset();
            setRemoving(null);
          }}
        />
      )}
    </>
  );
}

/** The entry's note, edited in place and saved with its own button (at most 500 characters). */
function NoteEditor({ list, entry, name }: { list: ListName; entry: ListEntry; name: string }) {
  const { t } = useTranslation();
  const { add: save } = useListMembership();
  const [note, setNote] = useState(entry.note);
  const changed = note !== entry.note;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate({ list, productId: entry.id, note });
  };
  return (
    <form onSubmit={submit}>
      <Stack gap={4}>
        <Group gap={4} wrap="nowrap" align="flex-start">
          <TextInput
            aria-label={t('catalogDiscover.lists.noteFor', { name })}
            value={note}
            maxLength={500}
            onChange={(e) => setNote(e.currentTarget.value)}
            placeholder={t('catalogDiscover.lists.notePlaceholder')}
            size="xs"
            style={{ flex: 1 }}
            data-testid={`list-note-${entry.id}`}
          />
          <Button type="submit" size="xs" variant="light" disabled={!changed} loading={save.isPending} data-testid={`list-note-save-${entry.id}`}>
            {t('catalogDiscover.lists.saveNote')}
          </Button>
        </Group>
        {save.isSuccess && !changed && (
          <Text size="xs" c="teal.9" role="status">
            {t('catalogDiscover.lists.noteSaved')}
          </Text>
        )}
        {save.isError && <ErrorAlert error={save.error} />}
      </Stack>
    </form>
  );
}
