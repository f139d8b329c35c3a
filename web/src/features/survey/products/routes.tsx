import type { RouteObject } from 'react-router';
import type { SurveyNavItem } from '../surveyNav';

/** Tabs of this area in the survey navigation: the products under survey, for every role. */
export const productsNav: SurveyNavItem[] = [{ id: 'products', to: '/s/survey/products', label: 'surveyProducts.nav.products' }];

/** Screens of this area, under /s/survey. */
export const productsRoutes: RouteObject[] = [
  { path: 'products', lazy: async () => ({ Component: (await import('./ProductListPage')).ProductListPage }) },
  { path: 'products/:productId', lazy: async () => ({ Component: (await import('./ProductPage')).ProductPage }) },
];
