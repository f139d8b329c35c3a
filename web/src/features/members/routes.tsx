import type { RouteObject } from 'react-router';

/**
 * Screens of the members feature: signed-in ones go under AppLayout, the others under
 * PublicLayout. Each loads on first visit, so the sign-in page does not carry them.
 */
export const appRoutes: RouteObject[] = [
  { path: 'members/:service', lazy: async () => ({ Component: (await import('./MembersPage')).MembersPage }) },
];
export const publicRoutes: RouteObject[] = [
  { path: 'invitations/:token', lazy: async () => ({ Component: (await import('./InvitationPage')).InvitationPage }) },
  { path: 'first-login/:token', lazy: async () => ({ Component: (await import('./FirstLoginPage')).FirstLoginPage }) },
];
