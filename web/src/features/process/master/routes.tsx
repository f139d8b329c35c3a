import type { RouteObject } from 'react-router';
import type { ProcessNavItem } from '../processNav';

/** Screens of the process service's master area, relative to /s/process. */
export const masterRoutes: RouteObject[] = [
  { path: 'items', lazy: async () => ({ Component: (await import('./ItemListPage')).ItemListPage }) },
  { path: 'items/:itemId', lazy: async () => ({ Component: (await import('./ItemEditPage')).ItemEditPage }) },
  { path: 'formulas', lazy: async () => ({ Component: (await import('./FormulaListPage')).FormulaListPage }) },
  { path: 'formulas/:formulaId', lazy: async () => ({ Component: (await import('./FormulaEditPage')).FormulaEditPage }) },
  { path: 'workstations', lazy: async () => ({ Component: (await import('./WorkstationListPage')).WorkstationListPage }) },
  { path: 'workstations/:workstationId', lazy: async () => ({ Component: (await import('./WorkstationEditPage')).WorkstationEditPage }) },
  { path: 'routings', lazy: async () => ({ Component: (await import('./RoutingListPage')).RoutingListPage }) },
  { path: 'routings/:routingId', lazy: async () => ({ Component: (await import('./RoutingEditPage')).RoutingEditPage }) },
];

/** Tabs of the master area in the process navigation, in order. */
export const masterNav: readonly ProcessNavItem[] = [
  { id: 'items', to: '/s/process/items', label: 'processMaster.nav.items' },
  { id: 'formulas', to: '/s/process/formulas', label: 'processMaster.nav.formulas' },
  { id: 'workstations', to: '/s/process/workstations', label: 'processMaster.nav.workstations' },
  { id: 'routings', to: '/s/process/routings', label: 'processMaster.nav.routings' },
];
