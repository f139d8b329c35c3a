import { Navigate, Outlet } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { AuditNavLink } from '../features/audit/AuditNavLink';
import { ExportNavLink } from '../features/lifecycle/ExportNavLink';
import { LoadingState } from '../components/LoadingState';
import { useSession } from '../data/session';
import { Frame } from './Frame';
import { ServiceSwitcher } from './ServiceSwitcher';
import { UserMenu } from './UserMenu';
import { PasswordChangeGate } from '../features/account/PasswordChangeGate';
import { MaintenanceBanner } from '../features/maintenance/MaintenanceBanner';

/** Frame for signed-in screens; sends anyone without a session to the login page. */
export function AppLayout() {
  const session = useSession();

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
  const user = session.data;
  if (!user) return <Navigate to="/login" replace />;

  return (
    <Frame nav={<><ServiceSwitcher user={user} /><AuditNavLink user={user} /><ExportNavLink user={user} /></>} actions={<UserMenu user={user} />}>
      <MaintenanceBanner />
      <PasswordChangeGate user={user}>
        <Outlet context={user} />
      </PasswordChangeGate>
    </Frame>
  );
}
