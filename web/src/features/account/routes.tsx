import type { RouteObject } from 'react-router';

/**
 * Screens of the account feature: signed-in ones go under AppLayout, the others under
 * PublicLayout. Each is loaded when first visited, so the sign-in page does not carry them
 * (nor the password-strength dictionaries they load in turn).
 */
export const appRoutes: RouteObject[] = [
  { path: 'account', lazy: async () => ({ Component: (await import('./AccountPage')).AccountPage }) },
  { path: 'account/change-password', lazy: async () => ({ Component: (await import('./ChangePasswordPage')).ChangePasswordPage }) },
];
export const publicRoutes: RouteObject[] = [
  { path: 'forgot-password', lazy: async () => ({ Component: (await import('./ForgotPasswordPage')).ForgotPasswordPage }) },
  { path: 'reset-password/:token', lazy: async () => ({ Component: (await import('./ResetPasswordPage')).ResetPasswordPage }) },
];
