import { Alert, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSignedInUser } from '../../layout/signedInUser';
import { usePageTitle } from '../../layout/usePageTitle';
import { ChangePasswordForm } from './ChangePasswordForm';
import { mustChangePassword } from './PasswordChangeGate';

/**
 * `/account/change-password`: where a user with an initial or temporary password is sent
 * until they choose their own; also reachable by anyone who wants a page for just that.
 */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t('account.forced.title'));
  const user = useSignedInUser();
  const navigate = useNavigate();
  const required = mustChangePassword(user);

  return (
    <Paper withBorder shadow="xs" p="xl" maw={520} mx="auto" mt="xl">
      <Stack>
        <Title order={1} size="h2">
          {required ? t('account.forced.title') : t('account.password.title')}
        </Title>
        {required && (
          <Alert color="yellow" data-testid="password-change-required">
            {t('account.forced.intro')}
          </Alert>
        )}
        <Text size="sm">{t('account.password.intro')}</Text>
        <ChangePasswordForm
          userInputs={[user.email, user.email.split('@')[0] ?? '', user.displayName, user.tenant.name, user.tenant.code]}
          onChanged={() => void navigate('/', { replace: true })}
        />
      </Stack>
    </Paper>
  );
}
