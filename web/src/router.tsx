import { createBrowserRouter } from 'react-router';
import * as account from './features/account/routes';
import * as audit from './features/audit/routes';
import * as members from './features/members/routes';
import * as mfa from './features/mfa/routes';
import * as backups from './features/backups/routes';
import * as incidents from './features/incidents/routes';
import * as lifecycle from './features/lifecycle/routes';
import * as maintenance from './features/maintenance/routes';
import * as ops from './features/ops/routes';
import * as opsMonitor from './features/opsMonitor/routes';
import * as opsTenants from './features/opsTenants/routes';
import * as processService from './features/process/routes';
import * as catalogService from './features/catalog/routes';
import * as surveyService from './features/survey/routes';
import * as compliance from './features/compliance/routes';
import { OpsLayout } from './features/ops/OpsLayout';
import { AppLayout } from './layout/AppLayout';
import { PublicLayout } from './layout/PublicLayout';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { MailboxPage } from './pages/MailboxPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RouteErrorPage } from './pages/RouteErrorPage';
import { ServicePage } from './pages/ServicePage';
import { StaffSetupPage } from './pages/StaffSetupPage';

/** Every screen of the web UI. Signed-in screens sit under `AppLayout`, which guards them. */
export const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 's/:service', element: <ServicePage /> },
          ...account.appRoutes,
          ...mfa.appRoutes,
          ...members.appRoutes,
          ...audit.appRoutes,
          ...ops.appRoutes,
          ...opsTenants.appRoutes,
          ...maintenance.appRoutes,
          ...incidents.appRoutes,
          ...opsMonitor.appRoutes,
          ...backups.appRoutes,
          ...lifecycle.appRoutes,
          ...processService.appRoutes,
          ...catalogService.appRoutes,
          ...surveyService.appRoutes,
          ...compliance.appRoutes,
        ],
      },
      {
        path: 'ops',
        element: <OpsLayout />,
        children: [
          ...ops.opsRoutes,
          ...audit.opsRoutes,
          ...opsTenants.opsRoutes,
          ...maintenance.opsRoutes,
          ...incidents.opsRoutes,
          ...opsMonitor.opsRoutes,
          ...backups.opsRoutes,
          ...lifecycle.opsRoutes,
          ...compliance.opsRoutes,
        ],
      },
      {
        element: <PublicLayout />,
        children: [
          { path: 'login', element: <LoginPage /> },
          { path: 'setup/staff/:token', element: <StaffSetupPage /> },
          { path: 'dev/mailbox', element: <MailboxPage /> },
          { path: 'dev/mailbox/:messageId', element: <MailboxPage /> },
          ...account.publicRoutes,
          ...mfa.publicRoutes,
          ...members.publicRoutes,
          ...audit.publicRoutes,
          ...ops.publicRoutes,
          ...opsTenants.publicRoutes,
          ...maintenance.publicRoutes,
          ...incidents.publicRoutes,
          ...opsMonitor.publicRoutes,
          ...surveyService.publicRoutes,
          ...compliance.publicRoutes,
          ...backups.publicRoutes,
          ...lifecycle.publicRoutes,
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
