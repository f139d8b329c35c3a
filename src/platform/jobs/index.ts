export { JobRunner } from './jobRunner.js';
export type { Backoff, JobContext, JobHandler, JobInfo, JobOptions, JobRunnerOptions } from './jobRunner.js';
export { enqueueJob, DEFAULT_MAX_ATTEMPTS } from './enqueueJob.js';
export type { EnqueueOptions, JobPayload, JsonValue } from './enqueueJob.js';
export { jobQueueStats } from './jobQueueStats.js';
export type { JobQueueStats } from './jobQueueStats.js';
export { PermanentJobError, shortError } from './jobErrors.js';
export { nextPeriodBoundary } from './schedules.js';
