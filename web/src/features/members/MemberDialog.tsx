import { Modal, type MantineSize } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface MemberDialogProps {
  title: string;
  onClose: () => void;
  size?: MantineSize;
  children: ReactNode;
}

/**
 * The dialogs of the member screens: a titled modal with a labelled close button. Its
 * header is not a landmark (role="none"): the page keeps one banner, its own.
 */
export function MemberDialog({ title, onClose, size, children }: MemberDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal.Root opened onClose={onClose} size={size} centered>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header role="none">
          <Modal.Title fw={700}>{title}</Modal.Title>
          <Modal.CloseButton aria-label={t('members.close')} />
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
