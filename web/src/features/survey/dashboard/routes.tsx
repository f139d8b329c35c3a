import type { RouteObject } from 'react-router';
import type { SurveyNavItem } from '../surveyNav';

/** Tabs of this area in the survey navigation: the dashboard, for every role. */
export const dashboardNav: SurveyNavItem[] = [{ id: 'dashboard', to: '/s/survey/dashboard', label: 'survey.nav.dashboard' }];

/** Screens of this area, under /s/survey. */
export const dashboardRoutes: RouteObject[] = [{ path: 'dashboard', lazy: async () => ({ Component: (await import('./DashboardPage')).DashboardPage }) }];
