import type { RouteObject } from 'react-router';

/**
 * Screens of the data lifecycle: the company's data export for its admins (under AppLayout),
 * and in the console the pending purges with the deletion certificates.
 */
export const opsRoutes: RouteObject[] = [
  { path: 'lifecycle', lazy: async () => ({ Component: (await import('./LifecyclePage')).LifecyclePage }) },
  { path: 'lifecycle/certificates/:certificateId', lazy: async () => ({ Component: (await import('./CertificatePage')).CertificatePage }) },
];
export const appRoutes: RouteObject[] = [
  { path: 'settings/export', lazy: async () => ({ Component: (await import('./ExportPage')).ExportPage }) },
];
export const publicRoutes: RouteObject[] = [];
