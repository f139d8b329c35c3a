import { Alert, Badge, Group, Modal, Stack, Table, Text, Title, type MantineSize } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { ApiError } from '../../../api';
import type { Outcome, RowError } from '../api';

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
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('survey.rowErrors.row')}</Table.Th>
            <Table.Th scope="col">{t('survey.rowErrors.column')}</Table.Th>
            <Table.Th scope="col">{t('survey.rowErrors.message')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
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
