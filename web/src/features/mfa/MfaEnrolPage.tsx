import { Button, Card, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { SESSION_KEY } from '../../data/session';
import { usePageTitle } from '../../layout/usePageTitle';
import { useConfirmEnrolmentTotp, useEnrolPasskey, useStartEnrolmentTotp } from './api';
import { useSecondFactorChallenge } from './challengeState';
import { MfaErrorAlert } from './MfaErrorAlert';
import { MissingChallenge } from './MissingChallenge';
import { RecoveryCodesPanel } from './RecoveryCodesPanel';
import { TotpSetupPanel } from './TotpSetupPanel';

/** `/login/mfa/enrol`: the company requires MFA and the user has no method yet. */
export function MfaEnrolPage() {
  const { t } = useTranslation();
  usePageTitle(t('mfa.enrol.title'));
  const challenge = useSecondFactorChallenge();

  return (
    <Paper withBorder shadow="xs" p="xl" maw={640} mx="auto" mt="xl">
      <Stack>
        <Title order={1} size="h2">
          {t('mfa.enrol.title')}
        </Title>
        {challenge ? <EnrolChoices token={challenge.token} /> : <MissingChallenge />}
      </Stack>
    </Paper>
  );
}

function EnrolChoices({ token }: { token: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const startTotp = useStartEnrolmentTotp(token);
  const confirmTotp = useConfirmEnrolmentTotp(token);
  const enrolPasskey = useEnrolPasskey(token);
  const [passkeyName, setPasskeyName] = useState(() => t('mfa.passkey.defaultName'));
  const signedIn = confirmTotp.data ?? enrolPasskey.data;

  // The session cookie is set already; the session is read once the codes have been seen.
  const finish = () => {
    void queryClient.invalidateQueries({ queryKey: SESSION_KEY }).then(() => navigate('/', { replace: true }));
  };

  if (signedIn) {
    return (
      <Stack>
        <Text fw={700}>{t('mfa.enrol.doneTitle')}</Text>
        {signedIn.recoveryCodes ? (
          <RecoveryCodesPanel codes={signedIn.recoveryCodes} doneLabel={t('mfa.enrol.continue')} onDone={finish} />
        ) : (
          <Button onClick={finish} data-testid="recovery-codes-done">
            {t('mfa.enrol.continue')}
          </Button>
        )}
      </Stack>
    );
  }

  if (startTotp.data) {
    return <TotpSetupPanel setup={startTotp.data} onConfirm={(code) => confirmTotp.mutate(code)} pending={confirmTotp.isPending} error={confirmTotp.error} />;
  }

  return (
    <Stack>
      <Text>{t('mfa.enrol.intro')}</Text>
      {(startTotp.error ?? enrolPasskey.error) !== null && <MfaErrorAlert error={startTotp.error ?? enrolPasskey.error} />}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Card withBorder>
          <Stack>
            <Text size="sm">{t('mfa.enrol.chooseTotpHint')}</Text>
            <Button onClick={() => startTotp.mutate()} loading={startTotp.isPending} data-testid="enrol-totp">
              {t('mfa.enrol.chooseTotp')}
            </Button>
          </Stack>
        </Card>
        <Card withBorder>
          <Stack>
            <Text size="sm">{t('mfa.enrol.choosePasskeyHint')}</Text>
            <TextInput
              label={t('mfa.passkey.name')}
              description={t('mfa.passkey.nameHint')}
              maxLength={60}
              value={passkeyName}
              onChange={(event) => setPasskeyName(event.currentTarget.value)}
              data-testid="enrol-passkey-name"
            />
            <Button
              variant="light"
              onClick={() => enrolPasskey.mutate(passkeyName.trim() || t('mfa.passkey.defaultName'))}
              loading={enrolPasskey.isPending}
              data-testid="enrol-passkey"
            >
              {t('mfa.enrol.choosePasskey')}
            </Button>
          </Stack>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
