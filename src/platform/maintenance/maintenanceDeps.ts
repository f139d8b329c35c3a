import type { Clock } from '../../core/clock.js';
import type { Database } from '../../core/db/index.js';
import type { ServiceRegistry } from '../services/index.js';

/** What the maintenance commands need, and no more. */
export interface MaintenanceDeps {
  db: Database;
  clock: Clock;
  registry: ServiceRegistry;
  /** Days of notice a maintenance needs unless it is urgent (config.maintenance.leadDays). */
  leadDays: number;
}
