import type { RouteObject } from 'react-router';
export const appRoutes: RouteObject[] = [];

/** Operator console screens under /ops (inside OpsLayout) and the staff sign-in (public). */
export const opsRoutes: RouteObject[] = [];
export const publicRoutes: RouteObject[] = [];
