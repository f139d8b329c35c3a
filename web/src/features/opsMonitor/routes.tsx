import type { RouteObject } from 'react-router';

/** Screens of this feature: console screens under /ops, tenant screens, public screens. */
export const opsRoutes: RouteObject[] = [
  { path: 'capacity', lazy: async () => ({ Component: (await import('./CapacityPage')).CapacityPage }) },
  { path: 'reports', lazy: async () => ({ Component: (await import('./ReportInboxPage')).ReportInboxPage }) },
  { path: 'reports/:reportId', lazy: async () => ({ Component: (await import('./ReportDetailPage')).ReportDetailPage }) },
];
export const appRoutes: RouteObject[] = [];
export const publicRoutes: RouteObject[] = [{ path: 'security/report', lazy: async () => ({ Component: (await import('./ReportFormPage')).ReportFormPage }) }];
