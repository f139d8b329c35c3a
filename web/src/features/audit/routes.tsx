import type { RouteObject } from 'react-router';

/**
 * Screens of the audit feature: the company's event log (admins, under AppLayout) and the
 * operator work log (staff; under PublicLayout, it checks the staff session itself).
 */
export const appRoutes: RouteObject[] = [
  { path: 'audit', lazy: async () => ({ Component: (await import('./TenantEventLogPage')).TenantEventLogPage }) },
];
export const publicRoutes: RouteObject[] = [
  { path: 'ops/audit', lazy: async () => ({ Component: (await import('./OperatorLogPage')).OperatorLogPage }) },
];
