import type { ModuleDeps } from '../../../platform/http/index.js';

/** What the process service's commands and queries use: the platform's dependencies. */
export type ProcessDeps = ModuleDeps;
