import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { ServiceDefinition } from '../../data/services';
import { useLang } from '../../i18n/useLang';
import { useRemoveMember, type Member } from './api';
import { MemberDialog } from './MemberDialog';

interface RemoveMemberModalProps {
  service: ServiceDefinition;
  member: Member;
  onClose: () => void;
  notify: (message: string) => void;
}

/** Confirms removing a member from the service by name, and says when their account goes with it. */
export function RemoveMemberModal({ service, member, onClose, notify }: RemoveMemberModalProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const remove = useRemoveMember(service.id);
  const serviceName = service.name[lang];
  const lastMembership = member.memberships.every((m) => m.service === service.id);

  const confirm = () =>
    remove.mutate(member.id, {
      onSuccess: ({ userDeleted }) => {
        notify(
          userDeleted
            ? t('members.remove.doneDeleted', { name: member.displayName })
            : t('members.remove.done', { name: member.displayName, service: serviceName }),
        );
        onClose();
      },
    });

  return (
    <MemberDialog title={t('members.remove.title')} onClose={onClose}>
      <Stack>
        {remove.isError && <ErrorAlert error={remove.error} />}
        <Text>{t('members.remove.confirm', { name: member.displayName, email: member.email, service: serviceName })}</Text>
        {lastMembership && (
          <Alert color="orange" variant="light">
            {t('members.remove.lastMembership', { name: member.displayName })}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('members.cancel')}
          </Button>
          <Button color="red" onClick={confirm} loading={remove.isPending} data-testid="member-remove-confirm">
            {t('members.remove.submit', { name: member.displayName })}
          </Button>
        </Group>
      </Stack>
    </MemberDialog>
  );
}
