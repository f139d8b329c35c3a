/**
 * Tenants and contracts in the operator console. The routes are wired from the
 * composition root; `syncPurgeDates` keeps `ops.tenants.purge_on` (read by the lifecycle
 * module's purge job) in line with the contracts whenever another module writes them.
 */
export { registerContractRoutes } from './routes.js';
export { syncPurgeDates, tenantPurgeDate, contractPurgeDate } from './tenantPurgeDate.js';
