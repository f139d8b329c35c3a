import type { RouteObject } from 'react-router';

/** Console screens under /ops (inside OpsLayout); the banner is rendered by AppLayout. */
export const opsRoutes: RouteObject[] = [
  { path: 'maintenance', lazy: async () => ({ Component: (await import('./MaintenanceListPage')).MaintenanceListPage }) },
  { path: 'maintenance/new', lazy: async () => ({ Component: (await import('./MaintenanceFormPages')).MaintenanceNewPage }) },
  { path: 'maintenance/:noticeId', lazy: async () => ({ Component: (await import('./MaintenanceDetailPage')).MaintenanceDetailPage }) },
  { path: 'maintenance/:noticeId/edit', lazy: async () => ({ Component: (await import('./MaintenanceFormPages')).MaintenanceEditPage }) },
];
export const appRoutes: RouteObject[] = [];
export const publicRoutes: RouteObject[] = [];
