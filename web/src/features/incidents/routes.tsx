import type { RouteObject } from 'react-router';

/** Console screens under /ops: the incident list, the record form and one incident with its notices. */
export const opsRoutes: RouteObject[] = [
  { path: 'incidents', lazy: async () => ({ Component: (await import('./IncidentListPage')).IncidentListPage }) },
  { path: 'incidents/new', lazy: async () => ({ Component: (await import('./NewIncidentPage')).NewIncidentPage }) },
  { path: 'incidents/:incidentId', lazy: async () => ({ Component: (await import('./IncidentDetailPage')).IncidentDetailPage }) },
];
export const appRoutes: RouteObject[] = [];
export const publicRoutes: RouteObject[] = [];
