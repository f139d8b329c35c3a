import { Button, Group, NativeSelect, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormState } from '../../components/useFormState';
import type { ServiceDefinition } from '../../data/services';
import { useLang } from '../../i18n/useLang';
import { PasswordStrengthMeter } from '../account/PasswordStrengthMeter';
import { useAddMember } from './api';
import { MemberDialog } from './MemberDialog';
import { defaultRole, roleOptions } from './serviceRoles';

interface AddMemberModalProps {
  service: ServiceDefinition;
  onClose: () => void;
  notify: (message: string) => void;
}

/**
 * Adds a new person with the initial password the admin chooses (white paper 9.2.1, process): the
 * admin tells it to the member, who must change it at first sign-in. The server applies the
 * password rule and names each rule broken beside the field.
 */
export function AddMemberModal({ service, onClose, notify }: AddMemberModalProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const add = useAddMember(service.id);
  const form = useFormState({ email: '', displayName: '', initialPassword: '' });
  const [role, setRole] = useState(() => defaultRole(service));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.checkFilled(t('validation.required'))) return;
    const input = {
      email: form.values.email.normalize('NFKC').trim(),
      displayName: form.values.displayName.trim(),
      role,
      // Sent exactly as typed: passwords are never normalised.
      initialPassword: form.values.initialPassword,
    };
    add.mutate(input, {
      onSuccess: ({ member }) => {
        notify(t('members.add.done', { name: member.displayName }));
        onClose();
      },
      onError: form.showServerErrors,
    });
  };

  return (
    <MemberDialog title={t('members.add.title')} onClose={onClose} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('members.add.intro')}</Text>
          {add.isError && <ErrorAlert error={add.error} fieldsShownInline={form.fieldNames} />}
          <TextInput type="email" label={t('members.add.email')} autoComplete="off" required data-testid="member-add-email" {...form.field('email')} />
          <TextInput label={t('members.add.displayName')} autoComplete="off" required data-testid="member-add-name" {...form.field('displayName')} />
          <NativeSelect
            label={t('members.add.role')}
            data={roleOptions(service, lang)}
            value={role}
            onChange={(event) => setRole(event.currentTarget.value)}
            data-testid="member-add-role"
          />
          <PasswordInput
            label={t('members.add.initialPassword')}
            description={t('password.rules')}
            autoComplete="new-password"
            required
            visibilityToggleButtonProps={{ 'aria-label': t('password.showToggle') }}
            data-testid="member-add-password"
            {...form.field('initialPassword')}
          />
          <PasswordStrengthMeter password={form.values.initialPassword} userInputs={[form.values.email, form.values.displayName]} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('members.cancel')}
            </Button>
            <Button type="submit" loading={add.isPending} data-testid="member-add-submit">
              {t('members.add.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </MemberDialog>
  );
}
