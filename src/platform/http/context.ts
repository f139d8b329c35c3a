import type { Clock } from '../../core/clock.js';
import type { Config } from '../../core/config.js';
import type { Database } from '../../core/db/index.js';
import type { Lang } from '../../core/i18n.js';
import type { Logger } from '../../core/logger.js';
import type { AuditOrigin } from '../audit/index.js';
import type { UserActor } from '../identity/index.js';
import type { StaffActor } from '../staff/index.js';
import type { ServiceRegistry } from '../services/index.js';
import type { FileStore } from '../files/index.js';
import type { JobRunner } from '../jobs/index.js';
import type { KeyProvider } from '../keys/index.js';
import type { Metrics } from '../metrics/index.js';

/** What the HTTP layer and its routes are built from; nothing else is global. */
export interface ServerDeps {
  config: Config;
  db: Database;
  clock: Clock;
  logger: Logger;
  registry: ServiceRegistry;
}

/** What a platform module's `register…` function gets from the composition root. */
export interface ModuleDeps extends ServerDeps {
  jobs: JobRunner;
  keys: KeyProvider;
  files: FileStore;
  metrics: Metrics;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The user's language: Accept-Language, Japanese by default. */
    lang: Lang;
    /** The signed-in user on `user` routes; null on public routes. */
    actor: UserActor | null;
    /** The signed-in staff member on `staff` routes; null elsewhere. */
    staff: StaffActor | null;
  }
}

/** The audit origin of a request (IP, user agent, request id, and the session it ran in). */
export function originOf(request: {
  ip: string;
  headers: Record<string, string | string[] | undefined>;
  id: string;
  actor?: UserActor | null;
  staff?: StaffActor | null;
}): AuditOrigin {
  const ua = request.headers['user-agent'];
  const sessionId = request.actor?.sessionId ?? request.staff?.sessionId;
  return { ip: request.ip, userAgent: Array.isArray(ua) ? ua[0] : ua, requestId: request.id, ...(sessionId ? { sessionId } : {}) };
}

/** The signed-in user of a `user` route; the access hook guarantees it is there. */
export function requireActor(request: { actor: UserActor | null }): UserActor {
  if (!request.actor) throw new Error('requireActor: called on a route not declared with user access');
  return request.actor;
}

/** The signed-in staff member of a `staff` route; the access hook guarantees it is there. */
export function requireStaff(request: { staff: StaffActor | null }): StaffActor {
  if (!request.staff) throw new Error('requireStaff: called on a route not declared with staff access');
  return request.staff;
}
