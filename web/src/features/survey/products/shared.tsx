import { Alert, Badge, Group, Modal, Stack, Table, Text, Title, type MantineSize } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { ApiError } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { ListPager } from '../../../components/ListPager';
import { LoadingState } from '../../../components/LoadingState';
import type { Outcome, Page, RowError } from '../api';
import { ColumnHeads } from '../tableParts';

/** Rows per page of the survey's server-paged tables. */
export const PAGE_SIZE = 50;

const OUTCOME_COLORS: Record<Outcome, string> = { compliant: 'teal.9', above_threshold: 'red.9', exempted: 'yellow.9', no_data: 'gray.8' };

/** A check outcome as a badge (適合 / 閾値超過 / 適用除外 / データなし). */
export function OutcomeBadge({ outcome, testId = 'survey-outcome' }: { outcome: Outcome | null; testId?: string }) {
  const { t } = useTranslation();
  if (outcome === null) {
    return (
      <Badge color="gray.8" variant="outline" data-testid={testId}>
        {t('survey.outcome.unchecked')}
      </Badge>
    );
  }
  return (
    <Badge color={OUTCOME_COLORS[outcome]} variant={outcome === 'above_threshold' ? 'filled' : 'outline'} data-testid={testId}>
      {t(`survey.outcome.${outcome}`)}
    </Badge>
  );
}

/** Says that a newer list version changed the result and nobody has acknowledged it yet. */
export function ChangedBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="grape.9" variant="filled" data-testid="survey-changed">
      {t('survey.changed')}
    </Badge>
  );
}

/** Page heading with an intro and the actions the user may take. */
export function PageHeader({ title, intro, actions, badges }: { title: string; intro?: string; actions?: ReactNode; badges?: ReactNode }) {
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end">
        <Group gap="sm">
          <Title order={1}>{title}</Title>
          {badges}
        </Group>
        {actions && <Group gap="xs">{actions}</Group>}
      </Group>
      {intro !== undefined && <Text size="sm">{intro}</Text>}
    </Stack>
  );
}

/** A titled modal with a labelled close button; its header is not a landmark. */
export function SurveyDialog({ title, onClose, size, children }: { title: string; onClose: () => void; size?: MantineSize; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Modal.Root opened onClose={onClose} size={size} centered>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header role="none">
          <Modal.Title fw={700}>{title}</Modal.Title>
          <Modal.CloseButton aria-label={t('survey.close')} />
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}

/** A one-line notice carried to the next screen in the router state (e.g. "saved"). */
export function NoticeFromState() {
  const location = useLocation();
  const state: unknown = location.state;
  const notice = typeof state === 'object' && state !== null && 'notice' in state && typeof state.notice === 'string' ? state.notice : null;
  if (notice === null) return null;
  return (
    <Alert color="green" variant="light" role="status" data-testid="survey-notice">
      {notice}
    </Alert>
  );
}

/** Says that the user may look but not change. */
export function ReadOnlyNote({ text }: { text: string }) {
  return (
    <Text size="sm" c="dimmed" data-testid="survey-read-only">
      {text}
    </Text>
  );
}

/** The server's per-field messages (paths such as `composition.parts.0.materials.1`). */
export function serverFieldErrors(error: unknown): Record<string, string> {
  return error instanceof ApiError ? { ...error.fields } : {};
}

/** The rows a load refused, as a table (row, column, message). */
export function RowErrorTable({ rows, testId }: { rows: RowError[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={480} mah={320}>
      <Table striped withTableBorder captionSide="top" data-testid={testId}>
        <Table.Caption>{t('survey.rowErrors.caption', { count: rows.length })}</Table.Caption>
        <ColumnHeads labels={[t('survey.rowErrors.row'), t('survey.rowErrors.column'), t('survey.rowErrors.message')]} />
        <Table.Tbody>
          {rows.map((e, index) => (
            <Table.Tr key={`${e.row}-${e.column}-${index}`} data-testid={`${testId}-row`}>
              <Table.Td>{e.row}</Table.Td>
              <Table.Td>{e.column}</Table.Td>
              <Table.Td>{e.message}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface PagedTableProps<T> {
  /** One page of rows from the server, with the total of all pages. */
  query: UseQueryResult<Page<T>>;
  /** Said instead of the table when there are no rows at all. */
  emptyText: string;
  emptyTestId: string;
  /** The line above the table; by default 「N 件」, announced as it changes. */
  totalLine?: (total: number) => ReactNode;
  minWidth: number;
  testId: string;
  /** The column heads, in order. */
  headers: ReactNode[];
  /** One item as a table row (a `Table.Tr` with its key). */
  row: (item: T) => ReactNode;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
}

/** A server-paged table: loading, its error with a retry, the empty text, or the rows with a pager. */
export function PagedTable<T>({ query, emptyText, emptyTestId, totalLine, minWidth, testId, headers, row, page, pageSize, onPage }: PagedTableProps<T>) {
  const { t } = useTranslation();
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const { items, total } = query.data;
  if (total === 0) {
    return (
      <Text c="dimmed" data-testid={emptyTestId}>
        {emptyText}
      </Text>
    );
  }
  return (
    <Stack>
      {totalLine ? (
        totalLine(total)
      ) : (
        <Text size="sm" aria-live="polite">
          {t('survey.total', { count: total })}
        </Text>
      )}
      <Table.ScrollContainer minWidth={minWidth}>
        <Table striped verticalSpacing="xs" data-testid={testId}>
          <ColumnHeads labels={headers} />
          <Table.Tbody>{items.map((item) => row(item))}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ListPager total={total} page={page} pageSize={pageSize} onChange={onPage} />
    </Stack>
  );
}
