import { createBrowserRouter } from 'react-router';
import * as account from './features/account/routes';
import * as audit from './features/audit/routes';
import * as members from './features/members/routes';
import * as mfa from './features/mfa/routes';
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
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
