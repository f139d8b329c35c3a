import { Alert, Anchor, Button, Group, Modal, Stack, Text, Title, type MantineSize } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ApiError, isApiStatus } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { ListPager } from '../../../components/ListPager';
import { PAGE_SIZE } from './api';

/** A titled modal with a labelled close button; its header is not a landmark. */
export function MasterDialog({ title, onClose, size, children }: { title: string; onClose: () => void; size?: MantineSize; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Modal.Root opened onClose={onClose} size={size} centered>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header role="none">
          <Modal.Title fw={700}>{title}</Modal.Title>
          <Modal.CloseButton aria-label={t('processMaster.close')} />
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}

/** Asks before a destructive step; shows the server's answer if it fails. */
export function ConfirmDialog(props: { title: string; message: string; confirmLabel: string; pending: boolean; error: unknown; onConfirm: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <MasterDialog title={props.title} onClose={props.onClose}>
      <Stack>
        <Text>{props.message}</Text>
        {props.error !== null && props.error !== undefined && <ErrorAlert error={props.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('processMaster.cancel')}
          </Button>
          <Button color="red" loading={props.pending} onClick={props.onConfirm} data-testid="master-confirm">
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </MasterDialog>
  );
}

/** Page heading with the area's intro, and (for admins) its actions. */
export function MasterHeader({ title, intro, actions }: { title: string; intro: string; actions?: ReactNode }) {
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

/** Says that members may look but not change (only the service's admins edit master data). */
export function ReadOnlyNote() {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed" data-testid="master-read-only">
      {t('processMaster.readOnly')}
    </Text>
  );
}

/** Page numbers under a master list (fixed page size). */
export function MasterPager(props: { total: number; page: number; onChange: (page: number) => void }) {
  return <ListPager {...props} pageSize={PAGE_SIZE} />;
}

/** A link back to a list. */
export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <Anchor component={Link} to={to} size="sm" w="fit-content">
      {label}
    </Anchor>
  );
}

/**
 * The failure of a save: a stale version (409) is explained with a way to load the current
 * data; anything else is shown as the server said it.
 */
export function SaveError({ error, fields, onReload }: { error: unknown; fields: readonly string[]; onReload?: () => void }) {
  const { t } = useTranslation();
  if (isApiStatus(error, 409) && error.code === 'conflict') {
    return (
      <Alert color="orange" title={t('processMaster.conflict.title')} data-testid="master-conflict">
        <Text size="sm">{t('processMaster.conflict.body')}</Text>
        {onReload && (
          <Button size="xs" mt="sm" variant="light" color="orange" onClick={onReload}>
            {t('processMaster.conflict.reload')}
          </Button>
        )}
      </Alert>
    );
  }
  return <ErrorAlert error={error} fieldsShownInline={fields} />;
}

/** Server's per-field messages for the fields a form shows. */
export function serverFieldErrors<F extends string>(error: unknown, fields: readonly F[]): Partial<Record<F, string>> {
  if (!(error instanceof ApiError)) return {};
  const out: Partial<Record<F, string>> = {};
  for (const field of fields) {
    const message = error.fields[field];
    if (message !== undefined) out[field] = message;
  }
  return out;
}

/** Parses a number typed into a form; null when it is not one. */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim().replace(/,/g, '');
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** Formats a number for display in the user's language. */
export function formatNumber(value: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'ja-JP', { maximumFractionDigits: 6 }).format(value);
}

/** A one-line notice carried to the next screen in the router state (e.g. "saved"). */
export function NoticeFromState() {
  const location = useLocation();
  const state: unknown = location.state;
  const notice = typeof state === 'object' && state !== null && 'notice' in state && typeof state.notice === 'string' ? state.notice : null;
  if (notice === null) return null;
  return (
    <Alert color="green" variant="light" role="status" data-testid="master-notice">
      {notice}
    </Alert>
  );
}
