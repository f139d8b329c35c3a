import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { LoadingState } from '../components/LoadingState';
import { useFormState } from '../components/useFormState';
import { useCompleteInvitedStaff, useCreateFirstStaff, useStaffSetupLink, type StaffSetupLink } from '../data/staffSetup';
import { formatDateTime } from '../format';
import { useLang } from '../i18n/useLang';
import { usePageTitle } from '../layout/usePageTitle';

/** 404: unknown or expired link; 410: already used. Both mean "this link is done". */
function isDeadLink(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 410);
}

/**
 * Sets up a staff account from a one-time link: the provider's very first account (link
 * printed at first start), or an invited staff member's (link mailed by a security officer).
 */
export function StaffSetupPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const link = useStaffSetupLink(token);
  const invited = link.data?.invited;
  const first = useCreateFirstStaff();
  const complete = useCompleteInvitedStaff();
  const create = invited ? complete : first;
  const title = invited ? t('ops.setup.invitedTitle') : t('setup.title');
  usePageTitle(title);

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
  } else if (create.data && invited) {
    body = (
      <Alert variant="outline" color="teal.9" title={t('ops.setup.doneTitle')} data-testid="setup-done">
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{t('ops.setup.doneBody', { email: create.data.email })}</Text>
          <Button component={Link} to="/ops/login" data-testid="setup-sign-in">
            {t('ops.setup.signInLink')}
          </Button>
        </Stack>
      </Alert>
    );
  } else if (create.data) {
    body = (
      <Alert color="green" title={t('setup.doneTitle')} data-testid="setup-done">
        {t('setup.doneBody', { email: create.data.email })}
      </Alert>
    );
  } else {
    body = <StaffSetupForm token={token} link={link.data} create={create} />;
  }

  return (
    <Paper withBorder shadow="xs" p="xl" maw={520} mx="auto" mt="xl">
      <Stack>
        <Title order={1} size="h2">
          {title}
        </Title>
        {body}
      </Stack>
    </Paper>
  );
}

interface StaffSetupFormProps {
  token: string;
  link: StaffSetupLink;
  create: ReturnType<typeof useCreateFirstStaff>;
}

function StaffSetupForm({ token, link, create }: StaffSetupFormProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const { expiresAt, invited } = link;
  const form = useFormState({ email: invited?.email ?? '', displayName: invited?.displayName ?? '', password: '', passwordConfirm: '' });

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
        <Text>{invited ? t('ops.setup.invitedIntro', { name: invited.displayName }) : t('setup.intro')}</Text>
        <Text size="sm" c="dimmed">
          {t('setup.expiresAt', { date: formatDateTime(expiresAt, lang, { withZone: true }) })}
        </Text>
        {create.isError && <ErrorAlert error={create.error} fieldsShownInline={form.fieldNames} />}
        <TextInput
          type="email"
          label={t('setup.email')}
          description={invited ? t('ops.setup.emailHint') : undefined}
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
