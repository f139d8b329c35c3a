import { Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import type { ServiceDefinition } from '../../data/services';
import { useLang } from '../../i18n/useLang';
import { useAddExistingMember, useTenantMembers } from './api';
import { MemberDialog } from './MemberDialog';
import { defaultRole, roleOptions } from './serviceRoles';

interface AddExistingMemberModalProps {
  service: ServiceDefinition;
  onClose: () => void;
  notify: (message: string) => void;
}

/** Gives a colleague who already uses another service a role in this one; their password is unchanged. */
export function AddExistingMemberModal({ service, onClose, notify }: AddExistingMemberModalProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const everyone = useTenantMembers(true);
  const add = useAddExistingMember(service.id);
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState(() => defaultRole(service));
  const candidates = (everyone.data ?? []).filter((m) => !m.memberships.some((x) => x.service === service.id));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!userId) return;
    add.mutate(
      { userId, role },
      {
        onSuccess: ({ member }) => {
          notify(t('members.addExisting.done', { name: member.displayName }));
          onClose();
        },
      },
    );
  };

  let body;
  if (everyone.isPending) body = <LoadingState />;
  else if (everyone.isError) body = <ErrorAlert error={everyone.error} onRetry={() => void everyone.refetch()} />;
  else if (candidates.length === 0) body = <Text>{t('members.addExisting.none')}</Text>;
  else
    body = (
      <form onSubmit={submit} noValidate>
        <Stack>
          {add.isError && <ErrorAlert error={add.error} />}
          <NativeSelect
            label={t('members.addExisting.user')}
            required
            data={[{ value: '', label: t('members.addExisting.placeholder') }, ...candidates.map((m) => ({ value: m.id, label: t('members.addExisting.option', { name: m.displayName, email: m.email }) }))]}
            value={userId}
            onChange={(event) => setUserId(event.currentTarget.value)}
            data-testid="member-existing-user"
          />
          <NativeSelect
            label={t('members.addExisting.role')}
            data={roleOptions(service, lang)}
            value={role}
            onChange={(event) => setRole(event.currentTarget.value)}
            data-testid="member-existing-role"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('members.cancel')}
            </Button>
            <Button type="submit" disabled={!userId} loading={add.isPending} data-testid="member-existing-submit">
              {t('members.addExisting.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    );

  return (
    <MemberDialog title={t('members.addExisting.title')} onClose={onClose}>
      <Stack>
        <Text size="sm">{t('members.addExisting.intro')}</Text>
        {body}
      </Stack>
    </MemberDialog>
  );
}
