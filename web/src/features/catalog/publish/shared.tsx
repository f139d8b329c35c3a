import { Alert, Badge, Button, Group, Modal, Stack, Text, Title, type MantineSize } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { ApiError } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import type { ProductStatus } from '../api';

/** Rows per page of the own product list. */
export const PAGE_SIZE = 50;

/** A titled modal with a labelled close button; its header is not a landmark. */
export function PublishDialog({ title, onClose, size, children }: { title: string; onClose: () => void; size?: MantineSize; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Modal.Root opened onClose={onClose} size={size} centered>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header role="none">
          <Modal.Title fw={700}>{title}</Modal.Title>
          <Modal.CloseButton aria-label={t('catalogPublish.close')} />
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}

/** Asks before a state change or deletion, naming the product; shows the server's answer if it fails. */
export function ConfirmDialog(props: {
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <PublishDialog title={props.title} onClose={props.onClose}>
      <Stack>
        <Text>{props.message}</Text>
        {props.error !== null && props.error !== undefined && <ErrorAlert error={props.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('catalogPublish.cancel')}
          </Button>
          <Button color={props.danger ? 'red' : undefined} loading={props.pending} onClick={props.onConfirm} data-testid="publish-confirm">
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </PublishDialog>
  );
}

/** Page heading with an intro and the actions the user may take. */
export function PageHeader({ title, intro, actions }: { title: string; intro: string; actions?: ReactNode }) {
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{title}</Title>
        {actions && <Group gap="xs">{actions}</Group>}
      </Group>
      <Text size="sm">{intro}</Text>
    </Stack>
  );
}

/** Says that the user may look but not change (viewers). */
export function ReadOnlyNote({ text }: { text: string }) {
  return (
    <Text size="sm" c="dimmed" data-testid="publish-read-only">
      {text}
    </Text>
  );
}

const STATUS_COLORS: Record<ProductStatus, string> = { draft: 'gray.8', published: 'teal.9', archived: 'grape.9' };

/** The product's state as a badge (下書き / 公開中 / アーカイブ). */
export function StatusBadge({ status }: { status: ProductStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="outline" data-testid="own-product-status">
      {t(`catalog.enum.status.${status}`)}
    </Badge>
  );
}

/** A one-line notice carried to the next screen in the router state (e.g. "saved"). */
export function NoticeFromState() {
  const location = useLocation();
  const state: unknown = location.state;
  const notice = typeof state === 'object' && state !== null && 'notice' in state && typeof state.notice === 'string' ? state.notice : null;
  if (notice === null) return null;
  return (
    <Alert color="green" variant="light" role="status" data-testid="publish-notice">
      {notice}
    </Alert>
  );
}

/** The server's per-field messages (paths such as `components.0.casNumber`), for a form to show beside its inputs. */
export function serverFieldErrors(error: unknown): Record<string, string> {
  return error instanceof ApiError ? { ...error.fields } : {};
}

/** Parses a number typed into a form; null when empty or not a number. */
export function parseNumber(text: string): number | null {
  const trimmed = text.normalize('NFKC').trim().replace(/,/g, '');
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** A number as a form shows it ('' for none). */
export function numberText(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** Formats a byte count for people (KB / MB). */
export function formatBytes(bytes: number, lang: string): string {
  const format = (value: number) => new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'ja-JP', { maximumFractionDigits: 1 }).format(value);
  if (bytes < 1024) return `${format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${format(bytes / 1024)} KB`;
  return `${format(bytes / (1024 * 1024))} MB`;
}
