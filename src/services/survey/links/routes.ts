import type { RouteRegistrar } from '../../../platform/http/index.js';
import type { SurveyDeps } from '../shared/deps.js';

/** Outside companies' upload links (public routes) and their management, under /api/survey. */
export function registerLinkRoutes(_r: RouteRegistrar, _deps: SurveyDeps): void {}
