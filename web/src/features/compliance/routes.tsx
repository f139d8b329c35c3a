import type { RouteObject } from 'react-router';

/** The compliance report in the operator console, under /ops. */
export const opsRoutes: RouteObject[] = [{ path: 'compliance', lazy: async () => ({ Component: (await import('./CompliancePage')).CompliancePage }) }];

/** The customer-facing security pages (white paper, shared responsibility, terms), reachable without signing in. */
export const publicRoutes: RouteObject[] = [
  { path: 'security', lazy: async () => ({ Component: (await import('./security/WhitePaperPage')).WhitePaperPage }) },
  { path: 'security/responsibility', lazy: async () => ({ Component: (await import('./security/ResponsibilityPage')).ResponsibilityPage }) },
  { path: 'terms', lazy: async () => ({ Component: (await import('./security/TermsPage')).TermsPage }) },
];

/**
 * The same pages inside the signed-in app: none of their own. The pages are public, so a
 * signed-in user reaches them at the same addresses through the footer on every screen.
 */
export const appRoutes: RouteObject[] = [];
