import { createBrowserRouter } from 'react-router';
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
        ],
      },
      {
        element: <PublicLayout />,
        children: [
          { path: 'login', element: <LoginPage /> },
          { path: 'setup/staff/:token', element: <StaffSetupPage /> },
          { path: 'dev/mailbox', element: <MailboxPage /> },
          { path: 'dev/mailbox/:messageId', element: <MailboxPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
