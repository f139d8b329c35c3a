import { Anchor, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import { Frame } from '../../layout/Frame';
import { useStaffSession } from '../audit/api';
import { OPS_NAV } from './opsNav';

/** Frame for the operator console; sends anyone without a staff session to the staff sign-in. */
export function OpsLayout() {
  const { t } = useTranslation();
  const session = useStaffSession();
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
  if (!staff) return <Navigate to={`/ops/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  const nav = (
    <Group gap="sm" component="nav" aria-label={t('ops.nav.label')}>
      {OPS_NAV.filter((item) => staff.permissions.includes(item.permission)).map((item) => (
        <Anchor key={item.to} component={Link} to={item.to} size="sm">
          {t(item.label as 'ops.nav.home')}
        </Anchor>
      ))}
    </Group>
  );
  return (
    <Frame nav={nav}>
      <Outlet context={staff} />
    </Frame>
  );
}
