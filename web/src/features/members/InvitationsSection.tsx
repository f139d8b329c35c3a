import { Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { roleName, type ServiceDefinition } from '../../data/services';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { useInvitations, useResendInvitation, useRevokeInvitation, type Invitation } from './api';
import { MemberDialog } from './MemberDialog';

interface InvitationsSectionProps {
  service: ServiceDefinition;
  notify: (message: string) => void;
}

/** Pending invitations with resend (a new link; the old one dies) and revoke (confirmed by address). */
export function InvitationsSection({ service, notify }: InvitationsSectionProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const invitations = useInvitations(service.id, true);
  const resend = useResendInvitation(service.id);
  const [revoking, setRevoking] = useState<Invitation | null>(null);

  let body;
  if (invitations.isPending) body = <LoadingState />;
  else if (invitations.isError) body = <ErrorAlert error={invitations.error} onRetry={() => void invitations.refetch()} />;
  else if (invitations.data.length === 0) body = <Text c="dimmed" data-testid="invitations-empty">{t('members.invitations.empty')}</Text>;
  else
    body = (
      <Table.ScrollContainer minWidth={480}>
        <Table striped verticalSpacing="sm" data-testid="invitations-table">
          <Table.Caption>{t('members.invitations.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('members.invitations.email')}</Table.Th>
              <Table.Th scope="col">{t('members.invitations.role')}</Table.Th>
              <Table.Th scope="col">{t('members.invitations.sentAt')}</Table.Th>
              <Table.Th scope="col">{t('members.list.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {invitations.data.map((invitation) => (
              <Table.Tr key={invitation.id} data-testid={`invitation-row-${invitation.email}`}>
                <Table.Td>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {invitation.email}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('members.invitations.invitedByValue', { name: invitation.invitedByName })}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm">{roleName(service, invitation.role, lang)}</Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm">
                    {formatDateTime(invitation.lastSentAt, lang)}
                    {invitation.sendCount > 1 && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        {t('members.invitations.sendCount', { count: invitation.sendCount })}
                      </Text>
                    )}
                  </Text>
                  {invitation.expired ? (
                    <Badge color="gray" variant="light" data-testid="invitation-expired">
                      {t('members.invitations.expired')}
                    </Badge>
                  ) : (
                    <Text size="xs" c="dimmed">
                      {t('members.invitations.expiresAtValue', { date: formatDateTime(invitation.expiresAt, lang, { withZone: true }) })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Stack gap={4} align="stretch" role="group" aria-label={t('members.invitations.actions', { email: invitation.email })}>
                    <Button
                      size="compact-sm"
                      variant="light"
                      loading={resend.isPending && resend.variables === invitation.id}
                      onClick={() => resend.mutate(invitation.id, { onSuccess: () => notify(t('members.invitations.resent', { email: invitation.email })) })}
                      data-testid="invitation-resend"
                    >
                      {t('members.invitations.resend')}
                    </Button>
                    <Button size="compact-sm" variant="light" color="red" onClick={() => setRevoking(invitation)} data-testid="invitation-revoke">
                      {t('members.invitations.revoke')}
                    </Button>
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  return (
    <Stack mt="md">
      <Title order={2} size="h3">
        {t('members.invitations.title')}
      </Title>
      {resend.isError && <ErrorAlert error={resend.error} />}
      {body}
      {revoking && <RevokeInvitationModal service={service} invitation={revoking} onClose={() => setRevoking(null)} notify={notify} />}
    </Stack>
  );
}

function RevokeInvitationModal({ service, invitation, onClose, notify }: { service: ServiceDefinition; invitation: Invitation; onClose: () => void; notify: (message: string) => void }) {
  const { t } = useTranslation();
  const revoke = useRevokeInvitation(service.id);
  const confirm = () =>
    revoke.mutate(invitation.id, {
      onSuccess: () => {
        notify(t('members.invitations.revoked', { email: invitation.email }));
        onClose();
      },
    });
  return (
    <MemberDialog title={t('members.invitations.revokeTitle')} onClose={onClose}>
      <Stack>
        {revoke.isError && <ErrorAlert error={revoke.error} />}
        <Text>{t('members.invitations.revokeConfirm', { email: invitation.email })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('members.cancel')}
          </Button>
          <Button color="red" onClick={confirm} loading={revoke.isPending} data-testid="invitation-revoke-confirm">
            {t('members.invitations.revokeSubmit')}
          </Button>
        </Group>
      </Stack>
    </MemberDialog>
  );
}
