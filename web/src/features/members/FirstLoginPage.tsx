import { Alert, Button, Paper, PasswordInput, Stack, Table, Text, Title } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { useFormState } from '../../components/useFormState';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import { PasswordStrengthMeter } from '../account/PasswordStrengthMeter';
import { useCompleteFirstLogin, useFirstLoginDetails, type FirstLoginDetails } from './api';

/** The page of the first-login mail (white paper 9.2.4): the representative of a new tenant sets a password once. */
export function FirstLoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('members.firstLogin.title'));
  const { token = '' } = useParams();
  const details = useFirstLoginDetails(token);
  const complete = useCompleteFirstLogin(token);
  const dead = (error: unknown) => error instanceof ApiError && error.status === 404;

  let body: ReactNode;
  if (details.isPending) body = <LoadingState />;
  else if (dead(details.error) || dead(complete.error)) {
    body = (
      <Alert color="red" title={t('members.firstLogin.invalidTitle')} data-testid="first-login-invalid">
        {t('members.firstLogin.invalidBody')}
      </Alert>
    );
  } else if (details.isError) body = <ErrorAlert error={details.error} onRetry={() => void details.refetch()} />;
  else if (complete.data) {
    body = (
      <Alert color="green" title={t('members.firstLogin.doneTitle')} data-testid="first-login-done">
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{t('members.firstLogin.doneBody', { code: complete.data.companyCode, email: complete.data.email })}</Text>
          <Button component={Link} to="/login">
            {t('members.firstLogin.signIn')}
          </Button>
        </Stack>
      </Alert>
    );
  } else body = <FirstLoginForm details={details.data} complete={complete} />;

  return (
    <Paper withBorder shadow="xs" p="xl" maw={560} mx="auto" mt="xl">
      <Stack>
        <Title order={1} size="h2">
          {t('members.firstLogin.title')}
        </Title>
        {body}
      </Stack>
    </Paper>
  );
}

function FirstLoginForm({ details, complete }: { details: FirstLoginDetails; complete: ReturnType<typeof useCompleteFirstLogin> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const form = useFormState({ password: '', passwordConfirm: '' });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.checkFilled(t('validation.required'))) return;
    if (form.values.password !== form.values.passwordConfirm) {
      form.showErrors({ passwordConfirm: t('validation.passwordMismatch') });
      return;
    }
    complete.mutate({ password: form.values.password }, { onError: form.showServerErrors });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text>{t('members.firstLogin.intro', { tenant: details.tenantName })}</Text>
        <Table variant="vertical" withTableBorder>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={160}>{t('members.firstLogin.account')}</Table.Th>
              <Table.Td>{t('members.firstLogin.accountValue', { name: details.displayName, email: details.email })}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('members.firstLogin.companyCode')}</Table.Th>
              <Table.Td>{details.companyCode}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <Text size="sm" c="dimmed">
          {t('members.firstLogin.expiresAt', { date: formatDateTime(details.expiresAt, lang, { withZone: true }) })}
        </Text>
        {complete.isError && <ErrorAlert error={complete.error} fieldsShownInline={form.fieldNames} />}
        <PasswordInput
          label={t('members.firstLogin.password')}
          description={t('password.rules')}
          autoComplete="new-password"
          required
          visibilityToggleButtonProps={{ 'aria-label': t('password.showToggle') }}
          data-testid="first-login-password"
          {...form.field('password')}
        />
        <PasswordStrengthMeter password={form.values.password} userInputs={[details.email, details.displayName, details.tenantName]} />
        <PasswordInput
          label={t('members.firstLogin.passwordConfirm')}
          autoComplete="new-password"
          required
          visibilityToggleButtonProps={{ 'aria-label': t('password.showToggle') }}
          data-testid="first-login-password-confirm"
          {...form.field('passwordConfirm')}
        />
        <Button type="submit" loading={complete.isPending} data-testid="first-login-submit">
          {t('members.firstLogin.submit')}
        </Button>
      </Stack>
    </form>
  );
}
