import type { RouteObject } from 'react-router';

/** Console screens of tenants and contracts, under /ops (inside OpsLayout, which checks the staff session). */
export const opsRoutes: RouteObject[] = [
  { path: 'tenants', lazy: async () => ({ Component: (await import('./TenantListPage')).TenantListPage }) },
  { path: 'tenants/new', lazy: async () => ({ Component: (await import('./NewTenantPage')).NewTenantPage }) },
  { path: 'tenants/:tenantId', lazy: async () => ({ Component: (await import('./TenantDetailPage')).TenantDetailPage }) },
];
export const appRoutes: RouteObject[] = [];
export const publicRoutes: RouteObject[] = [];
