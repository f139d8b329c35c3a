import type { RouteObject } from 'react-router';
import type { SurveyNavItem } from '../surveyNav';

/** Tabs of this area in the survey navigation. */
export const listsNav: SurveyNavItem[] = [];

/** Screens of this area, under /s/survey. */
export const listsRoutes: RouteObject[] = [];
