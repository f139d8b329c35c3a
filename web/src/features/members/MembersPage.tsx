import { Alert, Button, Flex, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isApiStatus } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { NotFoundContent } from '../../components/NotFoundContent';
import { isServiceId, useServices, type ServiceDefinition, type ServiceId } from '../../data/services';
import { useLang } from '../../i18n/useLang';
import { useSignedInUser } from '../../layout/signedInUser';
import { usePageTitle } from '../../layout/usePageTitle';
import { RolePermissionTable } from '../../pages/RolePermissionTable';
import { AddExistingMemberModal } from './AddExistingMemberModal';
import { AddMemberModal } from './AddMemberModal';
import { useServiceMembers, type MemberPolicy } from './api';
import { InvitationsSection } from './InvitationsSection';
import { InviteModal } from './InviteModal';
import { MemberTable } from './MemberTable';

/** Member management of one service: list, the actions the server allows, and the role table. */
export function MembersPage() {
  const { service: serviceId } = useParams();
  if (!isServiceId(serviceId)) return <NotFoundContent />;
  return <ServiceMembers serviceId={serviceId} />;
}

function ServiceMembers({ serviceId }: { serviceId: ServiceId }) {
  const { t } = useTranslation();
  const lang = useLang();
  const services = useServices();
  const members = useServiceMembers(serviceId);
  const user = useSignedInUser();
  // What the last action did, said once above the list (e.g. "… was added").
  const [notice, setNotice] = useState<string | null>(null);
  const service = services.data?.find((candidate) => candidate.id === serviceId);
  usePageTitle(service ? t('members.page.title', { service: service.name[lang] }) : undefined);

  if (services.isPending || members.isPending) return <LoadingState />;
  if (services.isError) return <ErrorAlert error={services.error} onRetry={() => void services.refetch()} />;
  if (!service) return <NotFoundContent />;
  if (isApiStatus(members.error, 403)) {
    return (
      <Alert color="yellow" title={t('members.page.forbiddenTitle')} data-testid="members-forbidden">
        {t('members.page.forbiddenBody')}
      </Alert>
    );
  }
  if (members.isError) return <ErrorAlert error={members.error} onRetry={() => void members.refetch()} />;

  const { policy } = members.data;
  return (
    <Stack>
      <div>
        <Title order={1}>{t('members.page.title', { service: service.name[lang] })}</Title>
        <Text c="dimmed">{t(`service.memberManagement.${policy.how}`)}</Text>
      </div>
      {notice && (
        <Alert color="green" role="status" withCloseButton closeButtonLabel={t('members.close')} onClose={() => setNotice(null)} data-testid="members-notice">
          {notice}
        </Alert>
      )}
      {policy.how === 'staff' && (
        <Alert color="blue" title={t('members.staff.title')} data-testid="members-staff-note">
          {t('members.staff.body')}
        </Alert>
      )}
      {/* The list and the role table side by side when there is room for both; the table wraps below otherwise. */}
      <Flex gap="xl" wrap="wrap" align="flex-start">
        <Stack flex="1 1 560px" miw={0}>
          <Group justify="space-between" align="flex-end">
            <Title order={2} size="h3">
              {t('members.list.title')}{' '}
              <Text span c="dimmed" size="md">
                {t('members.list.count', { count: members.data.members.length })}
              </Text>
            </Title>
            <MemberActionsBar service={service} policy={policy} notify={setNotice} />
          </Group>
          <MemberTable service={service} policy={policy} members={members.data.members} currentUserId={user.id} notify={setNotice} />
          {policy.invite && <InvitationsSection service={service} notify={setNotice} />}
        </Stack>
        <Stack flex="0 1 500px" miw={0}>
          <Title order={2} size="h3">
            {t('members.page.rolesTitle')}
          </Title>
          <RolePermissionTable service={service} currentRole={user.memberships.find((m) => m.service === serviceId)?.role} />
        </Stack>
      </Flex>
    </Stack>
  );
}

/** The buttons that add people, shown only for what the server allows in this service. */
function MemberActionsBar({ service, policy, notify }: { service: ServiceDefinition; policy: MemberPolicy; notify: (message: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<'add' | 'existing' | 'invite' | null>(null);
  if (!policy.add && !policy.invite) return null;
  return (
    <Group gap="xs">
      {policy.add && (
        <>
          <Button onClick={() => setOpen('add')} data-testid="member-add-open">
            {t('members.add.button')}
          </Button>
          <Button variant="default" onClick={() => setOpen('existing')} data-testid="member-add-existing-open">
            {t('members.addExisting.button')}
          </Button>
        </>
      )}
      {policy.invite && (
        <Button onClick={() => setOpen('invite')} data-testid="member-invite-open">
          {t('members.invite.button')}
        </Button>
      )}
      {open === 'add' && <AddMemberModal service={service} onClose={() => setOpen(null)} notify={notify} />}
      {open === 'existing' && <AddExistingMemberModal service={service} onClose={() => setOpen(null)} notify={notify} />}
      {open === 'invite' && <InviteModal service={service} onClose={() => setOpen(null)} notify={notify} />}
    </Group>
  );
}
