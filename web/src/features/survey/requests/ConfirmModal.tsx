import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError } from './requestLabels';

/** The state of the action a confirmation runs (a react-query mutation). */
interface ConfirmAction {
  isPending: boolean;
  isError: boolean;
  error: unknown;
}

interface ConfirmModalProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  action: ConfirmAction;
  /** The confirm button: its words, colour and test id, and what it does. */
  confirmLabel: string;
  confirmColor?: string;
  confirmTestId: string;
  onConfirm: () => void;
  /** What the close button does, when it is not `onClose`. */
  onCancel?: () => void;
  /** Whether the action's refusal is shown in the dialog (false where the page shows it). */
  showError?: boolean;
  /** What is asked, and any inputs that go with it. */
  children: ReactNode;
}

/** A dialog that asks before an action: the question, the refusal if any, close and confirm. */
export function ConfirmModal({ opened, onClose, title, action, confirmLabel, confirmColor, confirmTestId, onConfirm, onCancel = onClose, showError = true, children }: ConfirmModalProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack>
        {children}
        {showError && action.isError && <ActionError error={action.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('surveyRequests.detail.close')}
          </Button>
          <Button color={confirmColor} loading={action.isPending} onClick={onConfirm} data-testid={confirmTestId}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
