import type { Clock } from '../../core/clock.js';
import type { ClockSyncStatus } from '../../core/clockSync.js';
import type { Config } from '../../core/config.js';
import type { Database } from '../../core/db/index.js';
import type { TrustedKey } from '../audit/index.js';
import type { ServiceRegistry } from '../services/index.js';

/** A response of the public listener to one request, as the header check reads it. */
export interface ProbeResponse {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
}

/** What the checks read the running system through; tests replace the clock-sync reader and the probe. */
export interface ComplianceContext {
  config: Config;
  db: Database;
  clock: Clock;
  registry: ServiceRegistry;
  /** Sends one GET to the public listener (in-process) and returns its status and headers. */
  probe: (url: string) => Promise<ProbeResponse>;
  /** The request body limit the public listener enforces, in bytes. */
  bodyLimit: number;
  readClockSync: () => Promise<ClockSyncStatus>;
  /** The audit signing keys this deployment trusts. */
  auditKeys: () => TrustedKey[];
  /** Where package.json, the SBOM and the dependency audit result are looked for. */
  projectRoot: string;
}

/** Runs `fn` once per report, however many controls ask for its result. */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= fn());
}
