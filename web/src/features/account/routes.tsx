import type { RouteObject } from 'react-router';

/** Screens of the account feature: signed-in ones go under AppLayout, the others under PublicLayout. */
export const appRoutes: RouteObject[] = [];
export const publicRoutes: RouteObject[] = [];
