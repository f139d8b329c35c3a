import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { withoutTenant, type Database } from '../../core/db/index.js';
import type { Logger } from '../../core/logger.js';

type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** The store of the plugin-wide limit; route limits are its children, named by route. */
const GLOBAL_PREFIX = 'global|';
/** Expired counters are deleted at most this often (by whichever request comes next). */
const SWEEP_EVERY_MS = 5 * 60_000;
/** Counters kept in this node's memory (the flood guard, and every limit while the database cannot be reached), up to this many keys. */
const FALLBACK_KEYS = 10_000;
/** How often a node says it counts on its own while the database is unreachable. */
const FALLBACK_LOG_EVERY_MS = 60_000;

const INCR = `
INSERT INTO ops.rate_limits AS r (key, hits, window_ends_at)
VALUES ($1, 1, clock_timestamp() + $2 * interval '1 millisecond')
ON CONFLICT (key) DO UPDATE SET
  hits = CASE WHEN r.window_ends_at <= clock_timestamp() THEN 1 ELSE r.hits + 1 END,
  window_ends_at = CASE WHEN r.window_ends_at <= clock_timestamp() THEN clock_timestamp() + $2 * interval '1 millisecond' ELSE r.window_ends_at END
RETURNING hits, greatest(0, extract(epoch FROM r.window_ends_at - clock_timestamp()) * 1000)::float8 AS ttl`;

interface Shared {
  db: Database;
  logger: Logger;
  lastSweep: number;
  lastFallbackLog: number;
  fallback: Map<string, { hits: number; endsAt: number }>;
}

/** Counts in this node's memory: what a node does while the database cannot be reached. */
function countLocally(shared: Shared, key: string, timeWindow: number): { current: number; ttl: number } {
  const now = Date.now();
  const entry = shared.fallback.get(key);
  if (!entry || entry.endsAt <= now) {
    if (shared.fallback.size >= FALLBACK_KEYS) {
      // Forget ended windows first; only a table still full of live ones starts over.
      for (const [k, e] of shared.fallback) if (e.endsAt <= now) shared.fallback.delete(k);
      if (shared.fallback.size >= FALLBACK_KEYS) shared.fallback.clear();
    }
    shared.fallback.set(key, { hits: 1, endsAt: now + timeWindow });
    return { current: 1, ttl: timeWindow };
  }
  entry.hits += 1;
  return { current: entry.hits, ttl: entry.endsAt - now };
}

function sweep(shared: Shared): void {
  const now = Date.now();
  if (now - shared.lastSweep < SWEEP_EVERY_MS) return;
  shared.lastSweep = now;
  withoutTenant(shared.db, (tx) => tx.query('DELETE FROM ops.rate_limits WHERE window_ends_at < clock_timestamp()')).catch(() => undefined);
}

class SharedRateLimitStore implements FastifyRateLimitStore {
  constructor(private readonly shared: Shared, private readonly prefix: string) {}

  incr(key: string, callback: IncrCallback, timeWindow: number): void {
    const full = `${this.prefix}${key}`;
    if (this.prefix === GLOBAL_PREFIX) {
      // The coarse flood guard on every route stays per node: sharing it would cost every
      // request a database round trip. The limits that guard secrets (sign-in, password,
      // reports) are each a route's own limit, and those are shared.
      callback(null, countLocally(this.shared, full, timeWindow));
      return;
    }
    withoutTenant(this.shared.db, (tx) => tx.query<{ hits: number; ttl: number }>(INCR, [full, timeWindow])).then(
      ({ rows }) => {
        const row = rows[0];
        callback(null, { current: row?.hits ?? 1, ttl: Math.round(row?.ttl ?? timeWindow) });
        sweep(this.shared);
      },
      (error: unknown) => {
        // The database is down or restarting: the request itself answers 503 if it needs the
        // database; the limit keeps counting on this node meanwhile rather than failing open.
        const now = Date.now();
        if (now - this.shared.lastFallbackLog >= FALLBACK_LOG_EVERY_MS) {
          this.shared.lastFallbackLog = now;
          this.shared.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'rate limits counted on this node only: database unreachable');
        }
        callback(null, countLocally(this.shared, full, timeWindow));
      },
    );
  }

  child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
    // The plugin passes the route's merged limit options with the route under `routeInfo`
    // (its typings name the route options themselves); either way method and url are there.
    const given = routeOptions as unknown as { routeInfo?: { method?: unknown; url?: unknown }; method?: unknown; url?: unknown };
    const method = String(given.routeInfo?.method ?? given.method ?? '');
    const url = String(given.routeInfo?.url ?? given.url ?? '');
    return new SharedRateLimitStore(this.shared, `${method}${url}|`);
  }
}

/**
 * A store for @fastify/rate-limit that keeps the counters in PostgreSQL (`ops.rate_limits`),
 * so every app node counts the same requests: a client cannot multiply a limit (the sign-in
 * limit per address above all) by the number of nodes. PGlite is one node; it keeps the
 * plugin's in-memory store.
 */
export function sharedRateLimitStore(db: Database, logger: Logger): FastifyRateLimitStoreCtor {
  const shared: Shared = { db, logger, lastSweep: Date.now(), lastFallbackLog: 0, fallback: new Map() };
  return class extends SharedRateLimitStore {
    // The plugin passes its options; the store needs none of them.
    constructor(_options: FastifyRateLimitOptions) {
      super(shared, GLOBAL_PREFIX);
    }
  };
}
