import type { RouteObject } from 'react-router';
export const appRoutes: RouteObject[] = [];

/** Operator console screens under /ops (inside OpsLayout) and the staff sign-in (public). */
export const opsRoutes: RouteObject[] = [
  { index: true, lazy: async () => ({ Component: (await import('./OpsHomePage')).OpsHomePage }) },
  { path: 'staff', lazy: async () => ({ Component: (await import('./StaffListPage')).StaffListPage }) },
  { path: 'staff/:staffId', lazy: async () => ({ Component: (await import('./StaffDetailPage')).StaffDetailPage }) },
  { path: 'training', lazy: async () => ({ Component: (await import('./MyTrainingPage')).MyTrainingPage }) },
];
export const publicRoutes: RouteObject[] = [{ path: 'ops/login', lazy: async () => ({ Component: (await import('./StaffLoginPage')).StaffLoginPage }) }];
