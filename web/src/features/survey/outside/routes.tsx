import type { RouteObject } from 'react-router';
import { OutsideAnswerPage } from './OutsideAnswerPage';

/** The outside company's answer page, reached by its upload link without signing in. */
export const outsideRoutes: RouteObject[] = [{ path: 'survey/answer/:token', element: <OutsideAnswerPage /> }];
