import type { RouteObject } from 'react-router';

/**
 * Screens of the audit feature: the company's event log (admins, under AppLayout) and the
 * operator work log (staff, under /ops inside OpsLayout, which checks the staff session).
 */
export const appRoutes: RouteObject[] = [
  { path: 'audit', lazy: async () => ({ Component: (await import('./TenantEventLogPage')).TenantEventLogPage }) },
];
export const opsRoutes: RouteObject[] = [{ path: 'audit', lazy: async () => ({ Component: (await import('./OperatorLogPage')).OperatorLogPage }) }];
export const publicRoutes: RouteObject[] = [];
