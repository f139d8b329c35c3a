import { Modal, type MantineSize } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ConsoleDialogProps {
  title: string;
  onClose: () => void;
  size?: MantineSize;
  children: ReactNode;
}

/** The dialogs of the staff screens: a titled modal whose header is not a second banner landmark. */
export function ConsoleDialog({ title, onClose, size, children }: ConsoleDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal.Root opened onClose={onClose} size={size} centered>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header role="none">
          <Modal.Title fw={700}>{title}</Modal.Title>
          <Modal.CloseButton aria-label={t('ops.close')} />
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
