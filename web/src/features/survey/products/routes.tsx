import type { RouteObject } from 'react-router';
import type { SurveyNavItem } from '../surveyNav';

/** Tabs of this area in the survey navigation. */
export const productsNav: SurveyNavItem[] = [];

/** Screens of this area, under /s/survey. */
export const productsRoutes: RouteObject[] = [];
