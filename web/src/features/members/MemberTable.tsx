import { Button, EmptyState, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { roleName, type ServiceDefinition } from '../../data/services';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { useSetMemberStatus, type Member, type MemberPolicy } from './api';
import { ChangeRoleModal } from './ChangeRoleModal';
import { DisableMemberModal } from './DisableMemberModal';
import { RemoveMemberModal } from './RemoveMemberModal';

interface MemberTableProps {
  service: ServiceDefinition;
  policy: MemberPolicy;
  members: Member[];
  currentUserId: string;
  notify: (message: string) => void;
}

type Dialog = { kind: 'role' | 'remove' | 'disable'; member: Member } | null;

/** The service's members with role, status and last sign-in; actions only where the policy allows. */
export function MemberTable({ service, policy, members, currentUserId, notify }: MemberTableProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const [dialog, setDialog] = useState<Dialog>(null);
  const setStatus = useSetMemberStatus(service.id);
  const manage = policy.changeRole || policy.remove;

  // Enabling gives nothing away, so it needs no confirmation; disabling does (see DisableMemberModal).
  const enable = (member: Member) =>
    setStatus.mutate({ userId: member.id, enable: true }, { onSuccess: () => notify(t('members.disable.enabled', { name: member.displayName })) });

  if (members.length === 0) {
    return <EmptyState title={t('members.list.emptyTitle')} description={t('members.list.emptyBody')} data-testid="members-empty" />;
  }

  return (
    <>
      {setStatus.isError && <ErrorAlert error={setStatus.error} />}
      <Table.ScrollContainer minWidth={480}>
        <Table striped highlightOnHover verticalSpacing="sm" data-testid="members-table">
          <Table.Caption>{t('members.list.caption', { service: service.name[lang] })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('members.list.name')}</Table.Th>
              <Table.Th scope="col">{t('members.list.role')}</Table.Th>
              <Table.Th scope="col">{t('members.list.status')}</Table.Th>
              {manage && <Table.Th scope="col">{t('members.list.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.map((member) => {
              const role = member.memberships.find((m) => m.service === service.id)?.role ?? '';
              return (
                <Table.Tr key={member.id} data-testid={`member-row-${member.email}`}>
                  <Table.Td>
                    <Text fw={500}>
                      {member.displayName}
                      {member.id === currentUserId && (
                        <Text span size="sm" c="dimmed">
                          {' '}
                          {t('members.list.you')}
                        </Text>
                      )}
                    </Text>
                    <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                      {member.email}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm" fw={500} data-testid="member-role">
                      {roleName(service, role, lang)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={member.status === 'active' ? undefined : 'red.8'} fw={500} data-testid="member-status">
                      {t(`members.status.${member.status}`)}
                    </Text>
                    {member.mustChangePassword && (
                      <Text size="xs" c="dimmed">
                        {t('members.status.mustChangePassword')}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      {t('members.list.lastSignInValue', { date: member.lastSignInAt ? formatDateTime(member.lastSignInAt, lang) : t('members.list.never') })}
                    </Text>
                  </Table.Td>
                  {manage && (
                    <Table.Td>
                      <Stack gap={4} align="stretch" role="group" aria-label={t('members.actions.group', { name: member.displayName })}>
                        {policy.changeRole && (
                          <Button size="compact-sm" variant="light" onClick={() => setDialog({ kind: 'role', member })} data-testid="member-change-role">
                            {t('members.actions.changeRole')}
                          </Button>
                        )}
                        {policy.remove && (
                          <Button size="compact-sm" variant="light" color="red" onClick={() => setDialog({ kind: 'remove', member })} data-testid="member-remove">
                            {t('members.actions.remove')}
                          </Button>
                        )}
                        {member.id !== currentUserId && member.status === 'active' && (
                          <Button size="compact-sm" variant="subtle" color="gray" onClick={() => setDialog({ kind: 'disable', member })} data-testid="member-disable">
                            {t('members.actions.disable')}
                          </Button>
                        )}
                        {member.status === 'disabled' && (
                          <Button size="compact-sm" variant="subtle" onClick={() => enable(member)} loading={setStatus.isPending} data-testid="member-enable">
                            {t('members.actions.enable')}
                          </Button>
                        )}
                      </Stack>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {dialog?.kind === 'role' && <ChangeRoleModal service={service} member={dialog.member} onClose={() => setDialog(null)} notify={notify} />}
      {dialog?.kind === 'remove' && <RemoveMemberModal service={service} member={dialog.member} onClose={() => setDialog(null)} notify={notify} />}
      {dialog?.kind === 'disable' && <DisableMemberModal service={service} member={dialog.member} onClose={() => setDialog(null)} notify={notify} />}
    </>
  );
}
