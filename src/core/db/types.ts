import type { LiteralValue } from './literals.js';

/** The result of one SQL statement. */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

/** Anything that runs parameterised SQL: a transaction, or the owner connection. */
export interface Queryable {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

/** A transaction handle. Every statement of a request runs through one of these. */
export type Tx = Queryable;

/** How a transaction starts. */
export interface TransactionOptions {
  /**
   * The tenant whose rows row-level security admits (`app.tenant_id`, local to the
   * transaction). A uuid; withTenant checks it. Set as the transaction begins, in the same
   * round trip as BEGIN where the driver allows.
   */
  tenantId?: string;
}

/**
 * The database behind one interface, on either driver (PGlite embedded, or PostgreSQL).
 * `transaction` runs as the application role, which is subject to row-level security;
 * `ownerTransaction` runs as the owner and is only for migrations, maintenance and tests.
 */
export interface Database {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * One statement as the application role with the tenant set, in a transaction of its own:
   * on PostgreSQL one round trip (setting the tenant and the statement go in one message, run
   * as one implicit transaction). The parameters (`$1`…) are therefore written into the text as
   * literals (sqlLiteral), which is why they are limited to strings, numbers and dates.
   */
  tenantStatement<R = Record<string, unknown>>(tenantId: string, text: string, params: readonly LiteralValue[]): Promise<QueryResult<R>>;
  ownerTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs a multi-statement SQL script as the owner (no parameters). */
  ownerExec(script: string): Promise<void>;
  close(): Promise<void>;
}
