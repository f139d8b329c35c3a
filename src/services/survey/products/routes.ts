import type { RouteRegistrar } from '../../../platform/http/index.js';
import type { SurveyDeps } from '../shared/deps.js';

/** Products under survey, their composition and the dashboard, under /api/survey. */
export function registerProductRoutes(_r: RouteRegistrar, _deps: SurveyDeps): void {}
