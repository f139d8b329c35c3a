import { Alert, Anchor, Badge, Button, Card, EmptyState, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiStatus } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { formatDateTime } from '../../format';
import { useLang } from '../../i18n/useLang';
import { usePageTitle } from '../../layout/usePageTitle';
import classes from './ops.module.css';
import { useStaffList, type StaffAccount, type StaffRoleInfo } from './staffApi';
import { roleLabel, StaffStatusBadge } from './staffLabels';
import { InviteStaffModal } from './StaffModals';

function StaffRow({ staff, roles }: { staff: StaffAccount; roles: StaffRoleInfo[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Table.Tr data-testid={`staff-row-${staff.email.toLowerCase()}`}>
      <Table.Td>
        <Anchor component={Link} to={`/ops/staff/${staff.id}`} fw={600} data-testid="staff-open">
          {staff.displayName}
        </Anchor>
        {staff.self && (
          <Text span size="sm" c="dimmed">
            {' '}
            {t('ops.staff.you')}
          </Text>
        )}
        <Text size="sm" c="dimmed" className={classes.breakAll}>
          {staff.email}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {staff.roles.map((role) => (
            <Badge key={role} variant="outline" color="gray.8" size="sm">
              {roleLabel(roles, role, lang)}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>
        <Stack gap={4} align="flex-start">
          <StaffStatusBadge status={staff.status} />
          {staff.locked && staff.lockedUntil && (
            <Badge color="red.9" variant="filled" size="sm" data-testid="staff-locked">
              {t('ops.staff.lockedUntil', { date: formatDateTime(staff.lockedUntil, lang) })}
            </Badge>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>{staff.mfaEnrolled ? t('ops.staff.mfa.enrolled') : t('ops.staff.mfa.notEnrolled')}</Table.Td>
      <Table.Td>{staff.lastSignInAt ? formatDateTime(staff.lastSignInAt, lang) : t('ops.staff.never')}</Table.Td>
      <Table.Td>
        {staff.overdueTraining > 0 ? (
          <Text size="sm" className={classes.overdue} data-testid="staff-overdue">
            {t('ops.staff.overdue', { count: staff.overdueTraining })}
          </Text>
        ) : (
          <Text size="sm">{t('ops.staff.noOverdue')}</Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** What each staff role may do, from the server's role catalogue. */
function RoleHelp({ roles }: { roles: StaffRoleInfo[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Card withBorder component="section" aria-labelledby="staff-role-help">
      <Title order={2} size="h4" id="staff-role-help" mb="xs">
        {t('ops.staff.roleHelp')}
      </Title>
      <Stack gap="xs">
        {roles.map((role) => (
          <div key={role.id}>
            <Text fw={600} size="sm">
              {role.name[lang]}
            </Text>
            <List size="sm">
              {role.permissions.map((p) => (
                <List.Item key={p.id}>{p.name[lang]}</List.Item>
              ))}
            </List>
          </div>
        ))}
      </Stack>
    </Card>
  );
}

/** `/ops/staff`: staff accounts with roles, status, MFA, lockout, last sign-in and overdue training. */
export function StaffListPage() {
  const { t } = useTranslation();
  usePageTitle(t('ops.staff.title'));
  const list = useStaffList();
  const [inviting, setInviting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  if (list.isPending) return <LoadingState />;
  if (isApiStatus(list.error, 403)) {
    return (
      <Alert color="yellow" title={t('ops.forbiddenTitle')} data-testid="staff-forbidden">
        {t('ops.staff.forbidden')}
      </Alert>
    );
  }
  if (list.isError) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  const { staff, roles, canManage } = list.data;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t('ops.staff.title')}</Title>
          <Text c="dimmed">{t('ops.staff.intro')}</Text>
        </div>
        {canManage && (
          <Button onClick={() => setInviting(true)} data-testid="staff-invite-open">
            {t('ops.staff.invite.button')}
          </Button>
        )}
      </Group>
      {notice && (
        <Alert color="green" role="status" withCloseButton closeButtonLabel={t('ops.close')} onClose={() => setNotice(null)} data-testid="staff-notice">
          {notice}
        </Alert>
      )}
      {staff.length === 0 ? (
        <EmptyState title={t('ops.staff.emptyTitle')} description={t('ops.staff.emptyBody')} />
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover verticalSpacing="sm" data-testid="staff-table">
            <Table.Caption>{t('ops.staff.caption', { count: staff.length })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('ops.staff.name')}</Table.Th>
                <Table.Th scope="col">{t('ops.staff.roles')}</Table.Th>
                <Table.Th scope="col">{t('ops.staff.statusLabel')}</Table.Th>
                <Table.Th scope="col">{t('ops.staff.mfaLabel')}</Table.Th>
                <Table.Th scope="col">{t('ops.staff.lastSignIn')}</Table.Th>
                <Table.Th scope="col">{t('ops.staff.trainingLabel')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {staff.map((s) => (
                <StaffRow key={s.id} staff={s} roles={roles} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <RoleHelp roles={roles} />
      {inviting && <InviteStaffModal roles={roles} onClose={() => setInviting(false)} notify={setNotice} />}
    </Stack>
  );
}
