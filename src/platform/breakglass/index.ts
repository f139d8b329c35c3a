/**
 * Break-glass access (white paper 13.1.3, item 2): staff see no tenant's registered data
 * unless they hold an open, time-limited grant naming the tenant and the reason; every
 * read through it is shown to the tenant's admins in their own event log.
 */
export { registerBreakGlassRoutes } from './routes.js';
export { closeGrant, MAX_GRANT_MINUTES, openGrant, openGrantSchema, readThroughGrant, type BreakGlassDeps, type GrantPurpose } from './grants.js';
export { downloadEvidence, evidenceExportSchema, exportEvidence } from './evidenceCommands.js';
export type { Grant } from './grantRepository.js';
