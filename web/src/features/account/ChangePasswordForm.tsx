import { Button, PasswordInput, Stack } from '@mantine/core';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormState } from '../../components/useFormState';
import { useChangePassword } from './api';
import { PasswordStrengthMeter } from './PasswordStrengthMeter';

interface ChangePasswordFormProps {
  /** The account's e-mail and name, which the new password should not be built from. */
  userInputs: readonly string[];
  onChanged: (otherSessionsEnded: number) => void;
}

/** Current password, new password (with the strength meter) and its confirmation. */
export function ChangePasswordForm({ userInputs, onChanged }: ChangePasswordFormProps) {
  const { t } = useTranslation();
  const change = useChangePassword();
  const form = useFormState({ currentPassword: '', newPassword: '', newPasswordConfirm: '' });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.checkFilled(t('validation.required'))) return;
    const { currentPassword, newPassword, newPasswordConfirm } = form.values;
    if (newPassword !== newPasswordConfirm) {
      form.showErrors({ newPasswordConfirm: t('validation.passwordMismatch') });
      return;
    }
    // Passwords go to the server exactly as typed.
    change.mutate(
      { currentPassword, newPassword },
      { onSuccess: (result) => onChanged(result.otherSessionsEnded), onError: form.showServerErrors },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {change.isError && <ErrorAlert error={change.error} fieldsShownInline={form.fieldNames} />}
        <PasswordInput
          label={t('account.password.current')}
          autoComplete="current-password"
          required
          visibilityToggleButtonProps={{ 'aria-label': t('password.showToggle') }}
          data-testid="password-current"
          {...form.field('currentPassword')}
        />
        <PasswordInput
          label={t('account.password.new')}
          description={t('password.rules')}
          autoComplete="new-password"
          required
          visibilityToggleButtonProps={{ 'aria-label': t('password.showToggle') }}
          data-testid="password-new"
          {...form.field('newPassword')}
        />
        <PasswordStrengthMeter password={form.values.newPassword} userInputs={userInputs} />
        <PasswordInput
          label={t('account.password.confirm')}
          autoComplete="new-password"
          required
          visibilityToggleButtonProps={{ 'aria-label': t('password.showToggle') }}
          data-testid="password-confirm"
          {...form.field('newPasswordConfirm')}
        />
        <Button type="submit" loading={change.isPending} data-testid="password-submit" style={{ alignSelf: 'flex-start' }}>
          {t('account.password.submit')}
        </Button>
      </Stack>
    </form>
  );
}
