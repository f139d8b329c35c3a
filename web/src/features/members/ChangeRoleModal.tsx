import { Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { roleName, type ServiceDefinition } from '../../data/services';
import { useLang } from '../../i18n/useLang';
import { useChangeRole, type Member } from './api';
import { MemberDialog } from './MemberDialog';
import { roleOptions } from './serviceRoles';

interface ChangeRoleModalProps {
  service: ServiceDefinition;
  member: Member;
  onClose: () => void;
  notify: (message: string) => void;
}

/** Picks a member's new role in the service; the server refuses demoting the last admin and says so. */
export function ChangeRoleModal({ service, member, onClose, notify }: ChangeRoleModalProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const current = member.memberships.find((m) => m.service === service.id)?.role ?? '';
  const [role, setRole] = useState(current);
  const change = useChangeRole(service.id);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (role === current) {
      onClose();
      return;
    }
    change.mutate(
      { userId: member.id, role },
      {
        onSuccess: () => {
          notify(t('members.changeRole.done', { name: member.displayName, role: roleName(service, role, lang) }));
          onClose();
        },
      },
    );
  };

  return (
    <MemberDialog title={t('members.changeRole.title', { name: member.displayName })} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {change.isError && <ErrorAlert error={change.error} />}
          <NativeSelect
            label={t('members.changeRole.role')}
            data={roleOptions(service, lang)}
            value={role}
            onChange={(event) => setRole(event.currentTarget.value)}
            data-testid="member-role-select"
          />
          <Text size="sm" c="dimmed">
            {t('members.changeRole.hint')}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('members.cancel')}
            </Button>
            <Button type="submit" loading={change.isPending} data-testid="member-role-submit">
              {t('members.changeRole.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </MemberDialog>
  );
}
