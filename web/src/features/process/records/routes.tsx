import type { RouteObject } from 'react-router';
import type { ProcessNavItem } from '../processNav';

/** Screens of the process service's records area, relative to /s/process. */
export const recordsRoutes: RouteObject[] = [
  { path: 'work', lazy: async () => ({ Component: (await import('./WorkPage')).WorkPage }) },
  { path: 'work/orders/:orderId', lazy: async () => ({ Component: (await import('./OrderRecordsPage')).OrderRecordsPage }) },
  { path: 'lots', lazy: async () => ({ Component: (await import('./LotsPage')).LotsPage }) },
  { path: 'lots/:lotId', lazy: async () => ({ Component: (await import('./LotGenealogyPage')).LotGenealogyPage }) },
  { path: 'factors', lazy: async () => ({ Component: (await import('./FactorsPage')).FactorsPage }) },
  { path: 'cfp', lazy: async () => ({ Component: (await import('./CfpPages')).CfpIndexPage }) },
  { path: 'cfp/orders/:orderId', lazy: async () => ({ Component: (await import('./CfpPages')).CfpOrderPage }) },
  { path: 'cfp/products/:itemId', lazy: async () => ({ Component: (await import('./CfpPages')).CfpProductPage }) },
];

/** Tabs of the records area in the process navigation, in order. */
export const recordsNav: readonly ProcessNavItem[] = [
  { id: 'work', to: '/s/process/work', label: 'processRecords.nav.work' },
  { id: 'lots', to: '/s/process/lots', label: 'processRecords.nav.lots' },
  { id: 'factors', to: '/s/process/factors', label: 'processRecords.nav.factors' },
  { id: 'cfp', to: '/s/process/cfp', label: 'processRecords.nav.cfp' },
];
