import pg from 'pg';
import { withLiterals, type LiteralValue } from './literals.js';
import type { Database, QueryResult, TransactionOptions, Tx } from './types.js';
import { isUuid } from './withTenant.js';

const { Pool } = pg;

export interface PostgresOptions {
  ownerUrl: string;
  appUrl: string;
  poolSize: number;
  /** Milliseconds a statement may run before PostgreSQL cancels it. */
  statementTimeoutMs?: number;
}

/**
 * How a connection URL protects the link to PostgreSQL, as node-postgres reads it (10.1.1).
 * node-postgres takes `sslmode`, `sslrootcert`, `sslcert` and `sslkey` from the URL; unlike
 * libpq it treats `require` and `verify-ca` like `verify-full` (the certificate and the host
 * name are checked), and only `sslmode=no-verify` skips the check.
 * - `verified`: TLS with certificate and host name checked;
 * - `unverified`: TLS without checks (`no-verify`);
 * - `local`: no TLS, but to this machine (loopback or a Unix socket);
 * - `none`: no TLS over the network.
 */
export function postgresTransport(url: string): 'verified' | 'unverified' | 'local' | 'none' {
  const query = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
  let hostname = '';
  try {
    hostname = new URL(url).hostname;
  } catch {
    // A socket-only URL (`postgres://user@/db?host=/run/postgresql`) has no URL host.
  }
  const mode = query.get('sslmode');
  const ssl = query.get('ssl');
  if (mode === 'no-verify') return 'unverified';
  if ((mode && mode !== 'disable') || ssl === 'true' || ssl === '1' || query.has('sslrootcert')) return 'verified';
  const host = (query.get('host') ?? hostname).replace(/^\[|\]$/g, '');
  return host === '' || host.startsWith('/') || host === 'localhost' || host === '::1' || /^127\./.test(host) ? 'local' : 'none';
}

function wrap(client: pg.PoolClient): Tx {
  return {
    async query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const result = await client.query(text, params ? [...params] : []);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
    },
  };
}

/**
 * The statement that sets the tenant for the current transaction, with the tenant written into
 * the text (for a simple-protocol message, which takes no parameters): a uuid, checked here.
 */
function setTenantStatement(tenantId: string): string {
  if (!isUuid(tenantId)) throw new Error(`transaction: "${tenantId}" is not a tenant id (uuid)`);
  return `SELECT set_config('app.tenant_id', '${tenantId}', true)`;
}

/**
 * The statement that opens a transaction. With a tenant, BEGIN and setting the tenant go in one
 * simple-protocol message (one round trip instead of two).
 */
export function beginStatement(options: TransactionOptions | undefined): string {
  return options?.tenantId === undefined ? 'BEGIN' : `BEGIN; ${setTenantStatement(options.tenantId)}`;
}

async function inTransaction<T>(pool: pg.Pool, fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
  const begin = beginStatement(options);
  const client = await pool.connect();
  let broken = false;
  // A checked-out client whose server goes away (database stopped or restarted) emits
  // 'error'; unheard, that would end the process. The statement in flight fails anyway.
  const onError = () => {
    broken = true;
  };
  client.on('error', onError);
  try {
    await client.query(begin);
    const result = await fn(wrap(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch {
      // The connection itself failed; drop it from the pool instead of reusing it.
      broken = true;
    }
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/**
 * PostgreSQL server: two pools. The app pool logs in as the application role
 * (non-owner, no BYPASSRLS); the owner pool is small and used for migrations only.
 */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  private readonly app: pg.Pool;
  private readonly owner: pg.Pool;

  constructor(options: PostgresOptions) {
    const common = {
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: options.statementTimeoutMs ?? 30_000,
    };
    this.app = new Pool({ connectionString: options.appUrl, max: options.poolSize, ...common });
    this.owner = new Pool({ connectionString: options.ownerUrl, max: 2, ...common });
    // An idle client that loses its server must not crash the process; the next checkout reconnects.
    this.app.on('error', () => undefined);
    this.owner.on('error', () => undefined);
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return inTransaction(this.app, fn, options);
  }

  /**
   * Setting the tenant and the statement in one simple-protocol message: PostgreSQL runs the
   * two as one implicit transaction (committed when the message ends, rolled back if either
   * fails), so the tenant set for it ends with it.
   */
  async tenantStatement<R>(tenantId: string, text: string, params: readonly LiteralValue[]): Promise<QueryResult<R>> {
    const results = (await this.app.query(`${setTenantStatement(tenantId)}; ${withLiterals(text, params)}`)) as unknown as pg.QueryResult[];
    const last = results[results.length - 1]!;
    return { rows: last.rows as R[], rowCount: last.rowCount ?? last.rows.length };
  }

  ownerTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return inTransaction(this.owner, fn);
  }

  async ownerExec(script: string): Promise<void> {
    await this.owner.query(script);
  }

  /** Pool figures for metrics. */
  poolStats(): { total: number; idle: number; waiting: number } {
    return { total: this.app.totalCount, idle: this.app.idleCount, waiting: this.app.waitingCount };
  }

  async close(): Promise<void> {
    await Promise.all([this.app.end(), this.owner.end()]);
  }
}
