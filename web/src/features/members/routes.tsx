import type { RouteObject } from 'react-router';

/** Screens of the members feature: signed-in ones go under AppLayout, the others under PublicLayout. */
export const appRoutes: RouteObject[] = [];
export const publicRoutes: RouteObject[] = [];
