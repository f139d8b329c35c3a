import type { RouteObject } from 'react-router';
import { ServicePage } from '../../pages/ServicePage';
import { CatalogLayout } from './CatalogLayout';
import { discoverRoutes } from './discover/routes';
import { inquiriesRoutes } from './inquiries/routes';
import { publishRoutes } from './publish/routes';

/** データベース: the service's own screens under /s/catalog, with its tab navigation. */
export const appRoutes: RouteObject[] = [
  {
    path: 's/catalog',
    element: <CatalogLayout />,
    children: [{ index: true, element: <ServicePage serviceId="catalog" /> }, ...discoverRoutes, ...publishRoutes, ...inquiriesRoutes],
  },
];
