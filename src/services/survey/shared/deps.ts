import type { ModuleDeps } from '../../../platform/http/index.js';

/** What the survey service's commands and queries use: the platform's dependencies. */
export type SurveyDeps = ModuleDeps;
