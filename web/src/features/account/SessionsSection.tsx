import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { useOwnSessions, useRevokeOtherSessions, useRevokeSession, type OpenSession } from './api';
import { deviceName } from './deviceName';

function useDeviceLabel() {
  const { t } = useTranslation();
  return (session: OpenSession): string => {
    const { browser, os } = deviceName(session.userAgent);
    if (browser && os) return t('account.sessions.browserOn', { browser, os });
    return browser ?? os ?? t('account.sessions.unknownDevice');
  };
}

/** The user's open sessions: where and when, this one marked, and ending one or all others. */
export function SessionsSection() {
  const { t } = useTranslation();
  const lang = useLang();
  const sessions = useOwnSessions();
  const revoke = useRevokeSession();
  const revokeOthers = useRevokeOtherSessions();
  const label = useDeviceLabel();
  const [confirming, setConfirming] = useState<OpenSession | 'others' | undefined>(undefined);

  const others = sessions.data?.filter((s) => !s.current) ?? [];
  const confirm = () => {
    if (confirming === 'others') revokeOthers.mutate(undefined, { onSettled: () => setConfirming(undefined) });
    else if (confirming) revoke.mutate(confirming.id, { onSettled: () => setConfirming(undefined) });
  };

  return (
    <Stack>
      <Title order={2} size="h3">
        {t('account.sessions.title')}
      </Title>
      <Text size="sm">{t('account.sessions.intro')}</Text>
      {(revoke.isError || revokeOthers.isError) && <ErrorAlert error={revoke.error ?? revokeOthers.error} />}
      {revokeOthers.isSuccess && (
        <Alert color="green" data-testid="sessions-revoked">
          {t('account.sessions.othersEnded', { count: revokeOthers.data.revoked })}
        </Alert>
      )}
      {sessions.isPending ? (
        <LoadingState />
      ) : sessions.isError ? (
        <ErrorAlert error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped data-testid="sessions-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('account.sessions.device')}</Table.Th>
                <Table.Th scope="col">{t('account.sessions.ip')}</Table.Th>
                <Table.Th scope="col">{t('account.sessions.createdAt')}</Table.Th>
                <Table.Th scope="col">{t('account.sessions.lastSeenAt')}</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>{t('account.sessions.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.data.map((session) => (
                <Table.Tr key={session.id} data-testid={session.current ? 'session-current' : 'session-other'}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" title={session.userAgent ?? undefined}>
                        {label(session)}
                      </Text>
                      {session.current && (
                        <Badge variant="filled">
                          {t('account.sessions.current')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{session.ip ?? '—'}</Table.Td>
                  <Table.Td>{formatDateTime(session.createdAt, lang)}</Table.Td>
                  <Table.Td>{formatDateTime(session.lastSeenAt, lang)}</Table.Td>
                  <Table.Td>
                    {!session.current && (
                      <Button
                        size="xs"
                        variant="light"
                        color="red"
                        onClick={() => setConfirming(session)}
                        aria-label={t('account.sessions.revokeNamed', { device: label(session) })}
                        data-testid="session-revoke"
                      >
                        {t('account.sessions.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {others.length > 0 && (
        <Button variant="default" onClick={() => setConfirming('others')} style={{ alignSelf: 'flex-start' }} data-testid="sessions-revoke-others">
          {t('account.sessions.revokeOthers')}
        </Button>
      )}
      <Modal
        opened={confirming !== undefined}
        onClose={() => setConfirming(undefined)}
        title={t('account.sessions.confirmTitle')}
      >
        <Stack>
          <Text>
            {confirming === 'others'
              ? t('account.sessions.confirmOthers', { count: others.length })
              : confirming
                ? t('account.sessions.confirmOne', {
                    device: label(confirming),
                    date: formatDateTime(confirming.lastSeenAt, lang),
                  })
                : ''}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(undefined)}>
              {t('account.sessions.cancel')}
            </Button>
            <Button color="red" loading={revoke.isPending || revokeOthers.isPending} onClick={confirm} data-testid="session-revoke-confirm">
              {t('account.sessions.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
