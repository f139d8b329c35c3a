import type { RouteRegistrar } from '../../../platform/http/index.js';
import type { SurveyDeps } from '../shared/deps.js';

/** Requests, responses, their review and history, under /api/survey. */
export function registerRequestRoutes(_r: RouteRegistrar, _deps: SurveyDeps): void {}
