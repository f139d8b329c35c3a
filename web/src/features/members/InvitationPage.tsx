import { Alert, Button, Paper, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { useFormState } from '../../components/useFormState';
import { roleName, useServices } from '../../data/services';
import { useSession } from '../../data/session';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import { PasswordStrengthMeter } from '../account/PasswordStrengthMeter';
import { useAcceptInvitation, useInvitationDetails, useJoinByInvitation, type InvitationDetails } from './api';

/** Unknown, used, revoked or expired: the link is done. */
function isDeadLink(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/** The page an invitation mail links to: a new person creates an account; an existing user accepts signed in. */
export function InvitationPage() {
  const { t } = useTranslation();
  usePageTitle(t('members.invitation.title'));
  const { token = '' } = useParams();
  const details = useInvitationDetails(token);
  const accept = useAcceptInvitation(token);
  const join = useJoinByInvitation(token);

  let body: ReactNode;
  if (details.isPending) body = <LoadingState />;
  else if (isDeadLink(details.error) || isDeadLink(accept.error) || isDeadLink(join.error)) {
    body = (
      <Alert color="red" title={t('members.invitation.invalidTitle')} data-testid="invitation-invalid">
        {t('members.invitation.invalidBody')}
      </Alert>
    );
  } else if (details.isError) body = <ErrorAlert error={details.error} onRetry={() => void details.refetch()} />;
  else if (accept.data) {
    body = (
      <Alert color="green" title={t('members.invitation.doneTitle')} data-testid="invitation-done">
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{t('members.invitation.doneBody', { code: accept.data.companyCode, email: accept.data.email })}</Text>
          <Button component={Link} to="/login" data-testid="invitation-sign-in">
            {t('members.invitation.signIn')}
          </Button>
        </Stack>
      </Alert>
    );
  } else {
    body = (
      <>
        <InvitationSummary invitation={details.data} />
        {details.data.accountExists ? <ExistingAccount invitation={details.data} join={join} /> : <NewAccountForm invitation={details.data} accept={accept} />}
      </>
    );
  }

  return (
    <Paper withBorder shadow="xs" p="xl" maw={560} mx="auto" mt="xl">
      <Stack>
        <Title order={1} size="h2">
          {t('members.invitation.title')}
        </Title>
        {body}
      </Stack>
    </Paper>
  );
}

function InvitationSummary({ invitation }: { invitation: InvitationDetails }) {
  const { t } = useTranslation();
  const lang = useLang();
  const service = useServices().data?.find((s) => s.id === invitation.service);
  return (
    <Stack gap="xs">
      <Text>{t('members.invitation.intro', { tenant: invitation.tenantName, service: service?.name[lang] ?? invitation.service })}</Text>
      <Table variant="vertical" withTableBorder data-testid="invitation-summary">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={180}>{t('members.invitation.email')}</Table.Th>
            <Table.Td>{invitation.email}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('members.invitation.role')}</Table.Th>
            <Table.Td>{roleName(service, invitation.role, lang)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('members.invitation.companyCode')}</Table.Th>
            <Table.Td>{invitation.companyCode}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Text size="sm" c="dimmed">
        {t('members.invitation.expiresAt', { date: formatDateTime(invitation.expiresAt, lang, { withZone: true }) })}
      </Text>
    </Stack>
  );
}

function NewAccountForm({ invitation, accept }: { invitation: InvitationDetails; accept: ReturnType<typeof useAcceptInvitation> }) {
  const { t } = useTranslation();
  const form = useFormState({ displayName: '', password: '', passwordConfirm: '' });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!form.checkFilled(t('validation.required'))) return;
    const { displayName, password, passwordConfirm } = form.values;
    if (password !== passwordConfirm) {
      form.showErrors({ passwordConfirm: t('validation.passwordMismatch') });
      return;
    }
    accept.mutate({ displayName: displayName.trim(), password }, { onError: form.showServerErrors });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text>{t('members.invitation.newIntro')}</Text>
        {accept.isError && <ErrorAlert error={accept.error} fieldsShownInline={form.fieldNames} />}
        <TextInput label={t('members.invitation.displayName')} autoComplete="name" required data-testid="invitation-name" {...form.field('displayName')} />
        <PasswordInput
          label={t('members.invitation.password')}
          description={t('password.rules')}
          autoComplete="new-password"
          required
          visibilityToggleButtonProps={{ 'aria-label': t('password.showToggle') }}
          data-testid="invitation-password"
          {...form.field('password')}
        />
        <PasswordStrengthMeter password={form.values.password} userInputs={[invitation.email, form.values.displayName, invitation.tenantName]} />
        <PasswordInput
          label={t('members.invitation.passwordConfirm')}
          autoComplete="new-password"
          required
          visibilityToggleButtonProps={{ 'aria-label': t('password.showToggle') }}
          data-testid="invitation-password-confirm"
          {...form.field('passwordConfirm')}
        />
        <Button type="submit" loading={accept.isPending} data-testid="invitation-submit">
          {t('members.invitation.submit')}
        </Button>
      </Stack>
    </form>
  );
}

function ExistingAccount({ invitation, join }: { invitation: InvitationDetails; join: ReturnType<typeof useJoinByInvitation> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const session = useSession();
  const service = useServices().data?.find((s) => s.id === invitation.service);
  const serviceName = service?.name[lang] ?? invitation.service;

  if (join.data) {
    return (
      <Alert color="green" title={t('members.invitation.joinedTitle')} data-testid="invitation-joined">
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{t('members.invitation.joinedBody', { service: serviceName, role: roleName(service, join.data.role, lang) })}</Text>
          <Button component={Link} to={`/s/${join.data.service}`}>
            {t('members.invitation.open', { service: serviceName })}
          </Button>
        </Stack>
      </Alert>
    );
  }
  if (session.isPending) return <LoadingState />;
  const user = session.data;
  const sameAddress = user && user.email.normalize('NFKC').toLowerCase() === invitation.email.normalize('NFKC').toLowerCase();
  return (
    <Stack>
      <Text>{t('members.invitation.existingIntro', { email: invitation.email })}</Text>
      {join.isError && <ErrorAlert error={join.error} />}
      {sameAddress ? (
        <Button onClick={() => join.mutate()} loading={join.isPending} data-testid="invitation-join">
          {t('members.invitation.join')}
        </Button>
      ) : user ? (
        <Alert color="yellow">{t('members.invitation.wrongAccount', { current: user.email, email: invitation.email })}</Alert>
      ) : (
        <Stack align="flex-start">
          <Text size="sm">{t('members.invitation.signInFirst', { email: invitation.email })}</Text>
          <Button component={Link} to="/login">
            {t('members.invitation.signIn')}
          </Button>
        </Stack>
      )}
    </Stack>
  );
}
