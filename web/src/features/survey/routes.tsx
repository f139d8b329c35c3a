import type { RouteObject } from 'react-router';
import { ServicePage } from '../../pages/ServicePage';
import { dashboardRoutes } from './dashboard/routes';
import { listsRoutes } from './lists/routes';
import { outsideRoutes } from './outside/routes';
import { productsRoutes } from './products/routes';
import { requestsRoutes } from './requests/routes';
import { responsesRoutes } from './responses/routes';
import { SurveyLayout } from './SurveyLayout';

/** 化学調査: the service's own screens under /s/survey, with its tab navigation. */
export const appRoutes: RouteObject[] = [
  {
    path: 's/survey',
    element: <SurveyLayout />,
    children: [{ index: true, element: <ServicePage serviceId="survey" /> }, ...dashboardRoutes, ...requestsRoutes, ...responsesRoutes, ...productsRoutes, ...listsRoutes],
  },
];

/** Pages reached without signing in (the outside company's upload link). */
export const publicRoutes: RouteObject[] = outsideRoutes;
