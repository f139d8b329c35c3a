import type { RouteObject } from 'react-router';
import type { SurveyNavItem } from '../surveyNav';

/** Tabs of this area in the survey navigation: the substance lists for every role, the settings for org admins. */
export const listsNav: SurveyNavItem[] = [
  { id: 'lists', to: '/s/survey/lists', label: 'surveyLists.nav.lists' },
  { id: 'settings', to: '/s/survey/settings', label: 'survey.nav.settings', roles: ['org_admin'] },
];

/** Screens of this area (and the organisation settings), under /s/survey. */
export const listsRoutes: RouteObject[] = [
  { path: 'lists', lazy: async () => ({ Component: (await import('./ListsPage')).ListsPage }) },
  { path: 'lists/:listId', lazy: async () => ({ Component: (await import('./ListPage')).ListPage }) },
  { path: 'lists/:listId/versions/:versionId/changes', lazy: async () => ({ Component: (await import('./VersionChangesPage')).VersionChangesPage }) },
  { path: 'settings', lazy: async () => ({ Component: (await import('../settings/SettingsPage')).SettingsPage }) },
];
