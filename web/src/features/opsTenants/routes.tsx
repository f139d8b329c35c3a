import type { RouteObject } from 'react-router';

/** Screens of this feature: console screens under /ops, tenant screens, public screens. */
export const opsRoutes: RouteObject[] = [];
export const appRoutes: RouteObject[] = [];
export const publicRoutes: RouteObject[] = [];
