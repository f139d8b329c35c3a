import type { RouteObject } from 'react-router';
import type { SurveyNavItem } from '../surveyNav';

/** Tabs of this area in the survey navigation. */
export const requestsNav: SurveyNavItem[] = [{ id: 'requests', to: '/s/survey/requests', label: 'surveyRequests.nav.outgoing' }];

/** Screens of this area, under /s/survey. */
export const requestsRoutes: RouteObject[] = [
  { path: 'requests', lazy: async () => ({ Component: (await import('./RequestList')).OutgoingRequestsPage }) },
  { path: 'requests/new', lazy: async () => ({ Component: (await import('./RequestFormPage')).NewRequestPage }) },
  { path: 'requests/:requestId', lazy: async () => ({ Component: (await import('./RequestDetailPage')).RequestDetailPage }) },
  { path: 'requests/:requestId/edit', lazy: async () => ({ Component: (await import('./RequestFormPage')).EditRequestPage }) },
];
