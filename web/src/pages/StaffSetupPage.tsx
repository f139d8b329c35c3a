import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { LoadingState } from '../components/LoadingState';
import { useFormState } from '../components/useFormState';
import { useCreateFirstStaff, useStaffSetupLink } from '../data/staffSetup';
import { formatDateTime } from '../format';
import { useLang } from '../i18n/useLang';
import { usePageTitle } from '../layout/usePageTitle';

/** 404: unknown or expired link; 410: already used. Both mean "this link is done". */
function isDeadLink(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 410);
}

/** Creates the provider's very first staff account from the one-time link printed at first start. */
export function StaffSetupPage() {
  const { t } = useTranslation();
  usePageTitle(t('setup.title'));
  const { token = '' } = useParams();
  const link = useStaffSetupLink(token);
  const create = useCreateFirstStaff();

  let body: ReactNode;
  if (link.isPending) {
    body = <LoadingState />;
  } else if (isDeadLink(link.error) || isDeadLink(create.error)) {
    body = (
      <Alert color="red" title={t('setup.invalidTitle')} data-testid="setup-invalid">
        {t('setup.invalidBody')}
      </Alert>
    );
  } else if (link.isError) {
    body = <ErrorAlert error={link.error} onRetry={() => void link.refetch()} />;
  } else if (create.data) {
    body = (
      <Alert color="green" title={t('setup.doneTitle')} data-testid="setup-done">
        {t('setup.doneBody', { email: create.data.email })}
      </Alert>
    );
  } else {
    body = <StaffSetupForm token={token} expiresAt={link.data.expiresAt} create={create} />;
  }

  return (
    <Paper withBorder shadow="xs" p="xl" maw={520} mx="auto" mt="xl">
      <Stack>
        <Title order={1} size="h2">
          {t('setup.title')}
        </Title>
        {body}
      </Stack>
    </Paper>
  );
}

interface StaffSetupFormProps {
  token: string;
  expiresAt: string;
  create: ReturnType<typeof useCreateFirstStaff>;
}

function StaffSetupForm({ token, expiresAt, create }: StaffSetupFormProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const form = useFormState({ email: '', displayName: '', password: '', passwordConfirm: '' });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.checkFilled(t('validation.required'))) return;
    const { email, displayName, password, passwordConfirm } = form.values;
    if (password !== passwordConfirm) {
      form.showErrors({ passwordConfirm: t('validation.passwordMismatch') });
      return;
    }
    create.mutate(
      { token, email: email.normalize('NFKC').trim(), displayName: displayName.trim(), password },
      { onError: form.showServerErrors },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text>{t('setup.intro')}</Text>
        <Text size="sm" c="dimmed">
          {t('setup.expiresAt', { date: formatDateTime(expiresAt, lang, { withZone: true }) })}
        </Text>
        {create.isError && <ErrorAlert error={create.error} fieldsShownInline={form.fieldNames} />}
        <TextInput
          type="email"
          label={t('setup.email')}
          autoComplete="email"
          required
          data-testid="setup-email"
          {...form.field('email')}
        />
        <TextInput
          label={t('setup.displayName')}
          autoComplete="name"
          required
          data-testid="setup-display-name"
          {...form.field('displayName')}
        />
        <PasswordInput
          label={t('setup.password')}
          description={t('password.rules')}
          autoComplete="new-password"
          required
          visibilityToggleButtonProps={{ 'aria-label': t('password.showToggle') }}
          data-testid="setup-password"
          {...form.field('password')}
        />
        <PasswordInput
          label={t('setup.passwordConfirm')}
          autoComplete="new-password"
          required
          visibilityToggleButtonProps={{ 'aria-label': t('password.showToggle') }}
          data-testid="setup-password-confirm"
          {...form.field('passwordConfirm')}
        />
        <Button type="submit" loading={create.isPending} data-testid="setup-submit">
          {t('setup.submit')}
        </Button>
      </Stack>
    </form>
  );
}
