import type { RouteObject } from 'react-router';

/** The compliance report in the operator console, under /ops. */
export const opsRoutes: RouteObject[] = [{ path: 'compliance', lazy: async () => ({ Component: (await import('./CompliancePage')).CompliancePage }) }];

/** The customer-facing security pages (white paper, shared responsibility, terms), reachable without signing in. */
export const publicRoutes: RouteObject[] = [];

/** The same pages inside the signed-in app. */
export const appRoutes: RouteObject[] = [];
