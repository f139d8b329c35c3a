import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { APP_DB_ROLE } from '../config.js';
import { withLiterals, type LiteralValue } from './literals.js';
import type { Database, QueryResult, TransactionOptions, Tx } from './types.js';

function wrap(tx: Transaction | PGlite): Tx {
  return {
    async query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const result = await tx.query<R>(text, params ? [...params] : []);
      return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
    },
  };
}

/**
 * Server settings PGlite starts with, on top of its own. Its data files live in this process
 * (in memory for tests and benchmarks, where every file is a buffer of the JS process), and
 * Postgres keeps up to max_wal_size (1 GB by default) of write-ahead log between checkpoints and
 * recycles rather than deletes old segments: after a bulk write that was nearly 900 MB of WAL
 * files held for nothing, which also made V8 wait for that much more garbage before collecting
 * (bench/export.bench.ts). A small bound checkpoints more often and keeps two to four 16 MB segments.
 */
export const PGLITE_SETTINGS: readonly string[] = ['max_wal_size=64MB', 'min_wal_size=32MB'];

/**
 * PGlite runs Postgres in-process on one connection; it serialises transactions itself.
 * The application role is taken per transaction with `SET LOCAL ROLE`, so RLS applies
 * exactly as on a server (see docs/decisions/0003-database-roles.md).
 */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  private constructor(private readonly pg: PGlite) {}

  /** Opens (creating if needed) a database in `dataDir`, or in memory when `dataDir` is undefined. */
  static async open(dataDir?: string): Promise<PgliteDatabase> {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const startParams = [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((setting) => ['-c', setting])];
    const pg = await PGlite.create(dataDir ? { dataDir, startParams } : { startParams });
    return new PgliteDatabase(pg);
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.pg.transaction(async (tx) => {
      await tx.query(`SET LOCAL ROLE ${APP_DB_ROLE}`);
      if (options?.tenantId !== undefined) await tx.query("SELECT set_config('app.tenant_id', $1, true)", [options.tenantId]);
      return fn(wrap(tx));
    });
  }

  /** In-process, so a transaction like any other; the text is the one PostgreSQL runs. */
  tenantStatement<R>(tenantId: string, text: string, params: readonly LiteralValue[]): Promise<QueryResult<R>> {
    return this.transaction((tx) => tx.query<R>(withLiterals(text, params)), { tenantId });
  }

  ownerTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.pg.transaction(async (tx) => fn(wrap(tx)));
  }

  async ownerExec(script: string): Promise<void> {
    await this.pg.exec(script);
  }

  /** The underlying PGlite, for snapshot backups. */
  get raw(): PGlite {
    return this.pg;
  }

  async close(): Promise<void> {
    if (!this.pg.closed) await this.pg.close();
  }
}
