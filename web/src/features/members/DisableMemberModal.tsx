import { Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { ServiceDefinition } from '../../data/services';
import { useSetMemberStatus, type Member } from './api';
import { MemberDialog } from './MemberDialog';

interface DisableMemberModalProps {
  service: ServiceDefinition;
  member: Member;
  onClose: () => void;
  notify: (message: string) => void;
}

/** Confirms disabling a user by name: they are signed out everywhere at once. */
export function DisableMemberModal({ service, member, onClose, notify }: DisableMemberModalProps) {
  const { t } = useTranslation();
  const disable = useSetMemberStatus(service.id);

  const confirm = () =>
    disable.mutate(
      { userId: member.id, enable: false },
      {
        onSuccess: () => {
          notify(t('members.disable.done', { name: member.displayName }));
          onClose();
        },
      },
    );

  return (
    <MemberDialog title={t('members.disable.title')} onClose={onClose}>
      <Stack>
        {disable.isError && <ErrorAlert error={disable.error} />}
        <Text>{t('members.disable.confirm', { name: member.displayName })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('members.cancel')}
          </Button>
          <Button color="red" onClick={confirm} loading={disable.isPending} data-testid="member-disable-confirm">
            {t('members.disable.submit', { name: member.displayName })}
          </Button>
        </Group>
      </Stack>
    </MemberDialog>
  );
}
