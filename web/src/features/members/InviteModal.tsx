import { Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormState } from '../../components/useFormState';
import type { ServiceDefinition } from '../../data/services';
import { useLang } from '../../i18n/useLang';
import { useInvite } from './api';
import { MemberDialog } from './MemberDialog';
import { defaultRole, roleOptions } from './serviceRoles';

interface InviteModalProps {
  service: ServiceDefinition;
  onClose: () => void;
  notify: (message: string) => void;
}

/** Sends an invitation by e-mail with the role the invitee will get (white paper 9.2.1, catalog). */
export function InviteModal({ service, onClose, notify }: InviteModalProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const invite = useInvite(service.id);
  const form = useFormState({ email: '' });
  const [role, setRole] = useState(() => defaultRole(service));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.checkFilled(t('validation.required'))) return;
    invite.mutate(
      { email: form.values.email.normalize('NFKC').trim(), role },
      {
        onSuccess: ({ invitation }) => {
          notify(t('members.invite.done', { email: invitation.email }));
          onClose();
        },
        onError: form.showServerErrors,
      },
    );
  };

  return (
    <MemberDialog title={t('members.invite.title')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('members.invite.intro')}</Text>
          {invite.isError && <ErrorAlert error={invite.error} fieldsShownInline={form.fieldNames} />}
          <TextInput type="email" label={t('members.invite.email')} autoComplete="off" required data-testid="invite-email" {...form.field('email')} />
          <NativeSelect
            label={t('members.invite.role')}
            data={roleOptions(service, lang)}
            value={role}
            onChange={(event) => setRole(event.currentTarget.value)}
            data-testid="invite-role"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('members.cancel')}
            </Button>
            <Button type="submit" loading={invite.isPending} data-testid="invite-submit">
              {t('members.invite.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </MemberDialog>
  );
}
