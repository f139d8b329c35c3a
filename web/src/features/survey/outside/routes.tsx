import type { RouteObject } from 'react-router';

/** The outside company's answer page, reached by its upload link without signing in. */
export const outsideRoutes: RouteObject[] = [];
