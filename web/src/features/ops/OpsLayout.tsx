import { Anchor, Badge, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { useLang } from '../../i18n/useLang';
import { Frame } from '../../layout/Frame';
import { useOpsSession, useStaffLogout, type OpsSession } from './api';
import classes from './ops.module.css';
import { OPS_NAV } from './opsNav';

/** The signed-in staff member, their roles and sign-out, at the right of the console header. */
function StaffHeader({ staff }: { staff: OpsSession }) {
  const { t } = useTranslation();
  const lang = useLang();
  // Signing out forgets the session; the layout then sends the browser to the staff sign-in.
  const logout = useStaffLogout();
  return (
    <Group gap="xs" wrap="nowrap" data-testid="ops-staff-header">
      <Anchor component={NavLink} to="/ops/training" size="sm" fw={600} c="inherit" aria-label={t('ops.header.accountLink', { name: staff.displayName })} data-testid="ops-staff-name">
        {staff.displayName}
      </Anchor>
      <Group gap={4} wrap="nowrap" visibleFrom="md" aria-label={t('ops.header.roles')} role="list">
        {staff.roles.map((role) => (
          <Badge key={role.id} variant="outline" color="gray.8" size="sm" role="listitem" data-testid="ops-staff-role">
            {role.name[lang]}
          </Badge>
        ))}
      </Group>
      {logout.isError && (
        <Text size="xs" c="red.9" role="alert">
          {t('ops.header.signOutFailed')}
        </Text>
      )}
      <Button
        size="xs"
        variant="default"
        loading={logout.isPending}
        onClick={() => logout.mutate()}
        data-testid="ops-sign-out"
      >
        {t('ops.header.signOut')}
      </Button>
    </Group>
  );
}

/** The console menu: only what the staff member may open, the current page marked (aria-current). */
function ConsoleNav({ staff }: { staff: OpsSession }) {
  const { t } = useTranslation();
  return (
    <Group component="nav" gap={4} aria-label={t('ops.nav.label')} className={classes.consoleNav} data-testid="ops-nav">
      {OPS_NAV.filter((item) => item.permission === null || staff.permissions.includes(item.permission)).map((item) => (
        <Anchor key={item.to} component={NavLink} to={item.to} end={item.to === '/ops'} size="sm" className={classes.navLink} data-testid={`ops-nav-${item.id}`}>
          {t(item.label)}
        </Anchor>
      ))}
    </Group>
  );
}

/** Frame for the operator console; sends anyone without a staff session to the staff sign-in. */
export function OpsLayout() {
  const { t } = useTranslation();
  const session = useOpsSession();
  const location = useLocation();
  if (session.isPending) {
    return (
      <Frame>
        <LoadingState />
      </Frame>
    );
  }
  if (session.isError) {
    return (
      <Frame>
        <ErrorAlert error={session.error} onRetry={() => void session.refetch()} />
      </Frame>
    );
  }
  const staff = session.data;
  if (!staff) return <Navigate to={`/ops/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return (
    <Frame
      nav={
        <Badge variant="outline" color="blue.8" data-testid="ops-console-badge">
          {t('ops.header.console')}
        </Badge>
      }
      actions={<StaffHeader staff={staff} />}
    >
      <ConsoleNav staff={staff} />
      <Outlet context={staff} />
    </Frame>
  );
}
