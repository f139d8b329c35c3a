import type { RouteObject } from 'react-router';

/** Screens of this feature: the console's backup screen under /ops. */
export const opsRoutes: RouteObject[] = [{ path: 'backups', lazy: async () => ({ Component: (await import('./BackupsPage')).BackupsPage }) }];
export const appRoutes: RouteObject[] = [];
export const publicRoutes: RouteObject[] = [];
