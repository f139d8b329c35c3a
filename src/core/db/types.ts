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

/**
 * The database behind one interface, on either driver (PGlite embedded, or PostgreSQL).
 * `transaction` runs as the application role, which is subject to row-level security;
 * `ownerTransaction` runs as the owner and is only for migrations, maintenance and tests.
 */
/** How a transaction starts. */
export interface TransactionOptions {
  /**
   * The tenant whose rows row-level security admits (`app.tenant_id`, local to the
   * transaction). A uuid; withTenant checks it. Set as the transaction begins, in the same
   * round trip as BEGIN where the driver allows.
   */
  tenantId?: string;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  ownerTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs a multi-statement SQL script as the owner (no parameters). */
  ownerExec(script: string): Promise<void>;
  close(): Promise<void>;
}
