import type { RouteObject } from 'react-router';
import { ServicePage } from '../../pages/ServicePage';
import { masterRoutes } from './master/routes';
import { ordersRoutes } from './orders/routes';
import { ProcessLayout } from './ProcessLayout';
import { recordsRoutes } from './records/routes';

/** 工程管理: the service's own screens under /s/process, with its tab navigation. */
export const appRoutes: RouteObject[] = [
  {
    path: 's/process',
    element: <ProcessLayout />,
    children: [{ index: true, element: <ServicePage serviceId="process" /> }, ...masterRoutes, ...ordersRoutes, ...recordsRoutes],
  },
];
