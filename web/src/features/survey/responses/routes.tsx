import type { RouteObject } from 'react-router';
import type { SurveyNavItem } from '../surveyNav';

/** Tabs of this area in the survey navigation. */
export const responsesNav: SurveyNavItem[] = [{ id: 'incoming', to: '/s/survey/incoming', label: 'surveyResponses.nav.incoming' }];

/** Screens of this area, under /s/survey. */
export const responsesRoutes: RouteObject[] = [
  { path: 'incoming', lazy: async () => ({ Component: (await import('./IncomingRequestsPage')).IncomingRequestsPage }) },
  { path: 'incoming/:requestId', lazy: async () => ({ Component: (await import('../requests/RequestDetailPage')).RequestDetailPage }) },
  { path: 'responses/:responseId', lazy: async () => ({ Component: (await import('./ResponsePage')).ResponsePage }) },
];
