import { Alert, Button, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** Shown when the second step is opened without a sign-in in progress. */
export function MissingChallenge() {
  const { t } = useTranslation();
  return (
    <Stack align="flex-start">
      <Alert color="yellow" title={t('mfa.challenge.missingTitle')} data-testid="mfa-missing">
        {t('mfa.challenge.missingBody')}
      </Alert>
      <Button component={Link} to="/login">
        {t('mfa.challenge.backToLogin')}
      </Button>
    </Stack>
  );
}
