import { Alert, Anchor, Button, PasswordInput, Paper, Stack, Text, Title } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiStatus } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { useFormState } from '../../components/useFormState';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import { useCompletePasswordReset, useResetLink } from './api';
import { PasswordStrengthMeter } from './PasswordStrengthMeter';

/** Mantine's light alert titles in green fall below 4.5:1 contrast; titles use the text colour. */
const READABLE_TITLE = { title: { color: 'var(--mantine-color-text)' } };

/**
 * `/reset-password/:token`: sets a new password through the link from the reset mail.
 * It does not sign in: the user signs in next with the new password (and any second factor).
 */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t('account.reset.title'));
  const { token = '' } = useParams();
  const link = useResetLink(token);
  const complete = useCompletePasswordReset();

  let body: ReactNode;
  if (link.isPending) {
    body = <LoadingState />;
  } else if (isApiStatus(link.error, 404) || isApiStatus(link.error, 400) || isApiStatus(complete.error, 404)) {
    body = (
      <Alert color="red" title={t('account.reset.invalidTitle')} styles={READABLE_TITLE} data-testid="reset-invalid">
        <Stack gap="xs">
          <Text size="sm">{t('account.reset.invalidBody')}</Text>
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t('account.reset.requestAgain')}
          </Anchor>
        </Stack>
      </Alert>
    );
  } else if (link.isError) {
    body = <ErrorAlert error={link.error} onRetry={() => void link.refetch()} />;
  } else if (complete.isSuccess) {
    body = (
      <Alert color="green" title={t('account.reset.doneTitle')} styles={READABLE_TITLE} data-testid="reset-done">
        <Stack gap="xs">
          <Text size="sm">{t('account.reset.doneBody')}</Text>
          <Anchor component={Link} to="/login" size="sm" data-testid="reset-sign-in">
            {t('account.reset.signIn')}
          </Anchor>
        </Stack>
      </Alert>
    );
  } else {
    body = <ResetForm token={token} email={link.data.email} expiresAt={link.data.expiresAt} complete={complete} />;
  }

  return (
    <Paper withBorder shadow="xs" p="xl" maw={520} mx="auto" mt="xl">
      <Stack>
        <Title order={1} size="h2">
          {t('account.reset.title')}
        </Title>
        {body}
      </Stack>
    </Paper>
  );
}

interface ResetFormProps {
  token: string;
  email: string;
  expiresAt: string;
  complete: ReturnType<typeof useCompletePasswordReset>;
}

function ResetForm({ token, email, expiresAt, complete }: ResetFormProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const form = useFormState({ newPassword: '', newPasswordConfirm: '' });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.checkFilled(t('validation.required'))) return;
    if (form.values.newPassword !== form.values.newPasswordConfirm) {
      form.showErrors({ newPasswordConfirm: t('validation.passwordMismatch') });
      return;
    }
    complete.mutate({ token, newPassword: form.values.newPassword }, { onError: form.showServerErrors });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text>{t('account.reset.intro', { email })}</Text>
        <Text size="sm" c="dimmed">
          {t('account.reset.expiresAt', { date: formatDateTime(expiresAt, lang, { withZone: true }) })}
        </Text>
        {complete.isError && <ErrorAlert error={complete.error} fieldsShownInline={form.fieldNames} />}
        {/* Lets password managers store the new password under the right account. */}
        <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
        <PasswordInput
          label={t('account.password.new')}
          description={t('password.rules')}
          autoComplete="new-password"
          required
          visibilityToggleButtonProps={{ 'aria-label': t('password.showToggle') }}
          data-testid="reset-password"
          {...form.field('newPassword')}
        />
        <PasswordStrengthMeter password={form.values.newPassword} userInputs={[email, email.split('@')[0] ?? '']} />
        <PasswordInput
          label={t('account.password.confirm')}
          autoComplete="new-password"
          required
          visibilityToggleButtonProps={{ 'aria-label': t('password.showToggle') }}
          data-testid="reset-password-confirm"
          {...form.field('newPasswordConfirm')}
        />
        <Button type="submit" loading={complete.isPending} data-testid="reset-submit">
          {t('account.reset.submit')}
        </Button>
      </Stack>
    </form>
  );
}
