import type { RouteRegistrar } from '../../../platform/http/index.js';
import type { SurveyDeps } from '../shared/deps.js';

/** Substance lists, their versions and the compliance check, under /api/survey. */
export function registerListRoutes(_r: RouteRegistrar, _deps: SurveyDeps): void {}
