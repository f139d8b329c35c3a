import type { RouteRegistrar } from '../../../platform/http/index.js';
import type { SurveyDeps } from '../shared/deps.js';

/** File import and export (chemSHERPA / IEC 62474, IPC-1752A, CSV/Excel) and the CMP connector, under /api/survey. */
export function registerFileRoutes(_r: RouteRegistrar, _deps: SurveyDeps): void {}
