import type { RouteObject } from 'react-router';
import type { ProcessNavItem } from '../processNav';

/** Screens of the process service's orders area, relative to /s/process. */
export const ordersRoutes: RouteObject[] = [
  { path: 'orders', lazy: async () => ({ Component: (await import('./OrderListPage')).OrderListPage }) },
  { path: 'orders/new', lazy: async () => ({ Component: (await import('./NewOrderPage')).NewOrderPage }) },
  { path: 'orders/:orderId', lazy: async () => ({ Component: (await import('./OrderDetailPage')).OrderDetailPage }) },
  { path: 'gantt', lazy: async () => ({ Component: (await import('./GanttPage')).GanttPage }) },
  { path: 'dispatch', lazy: async () => ({ Component: (await import('./DispatchPage')).DispatchPage }) },
  { path: 'load', lazy: async () => ({ Component: (await import('./LoadPage')).LoadPage }) },
];

/** Tabs of the orders area in the process navigation, in order. */
export const ordersNav: readonly ProcessNavItem[] = [
  { id: 'orders', to: '/s/process/orders', label: 'processOrders.nav.orders' },
  { id: 'gantt', to: '/s/process/gantt', label: 'processOrders.nav.gantt' },
  { id: 'dispatch', to: '/s/process/dispatch', label: 'processOrders.nav.dispatch' },
  { id: 'load', to: '/s/process/load', label: 'processOrders.nav.load' },
];
