import { sqlLiteral, withLiterals, type Database, type LiteralValue, type QueryResult, type TransactionOptions, type Tx } from '../../src/core/db/index.js';

/** One statement as the app sent it. */
export interface Statement {
  text: string;
  params: unknown[];
  /** Sent as one simple-protocol message, in a transaction of its own (Database.tenantStatement). */
  oneMessage?: true;
}

/**
 * The app's database with a switch that records every statement of its application-role
 * transactions (grouped by transaction), so a baseline can send exactly the same SQL without
 * the app, or a test can count what a call costs. Pass-through when not recording.
 */
export class RecordingDatabase implements Database {
  private recording: Statement[][] | undefined;

  constructor(private readonly inner: Database) {}

  get kind(): Database['kind'] {
    return this.inner.kind;
  }

  /** Records the transactions started while `fn` runs. */
  async record(fn: () => Promise<void>): Promise<Statement[][]> {
    const log: Statement[][] = [];
    this.recording = log;
    try {
      await fn();
    } finally {
      this.recording = undefined;
    }
    return log;
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
    const log = this.recording;
    if (!log) return this.inner.transaction(fn, options);
    // Setting the tenant is recorded as the statement it is (the driver may send it with BEGIN).
    const statements: Statement[] = options?.tenantId === undefined ? [] : [{ text: "SELECT set_config('app.tenant_id', $1, true)", params: [options.tenantId] }];
    log.push(statements);
    return this.inner.transaction((tx) =>
      fn({
        query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
          statements.push({ text, params: params ? [...params] : [] });
          return tx.query<R>(text, params);
        },
      }),
      options,
    );
  }

  /** Recorded as the message it is: the tenant set, then the statement with its literals. */
  tenantStatement<R>(tenantId: string, text: string, params: readonly LiteralValue[]): Promise<QueryResult<R>> {
    this.recording?.push([{ text: `SELECT set_config('app.tenant_id', ${sqlLiteral(tenantId)}, true); ${withLiterals(text, params)}`, params: [], oneMessage: true }]);
    return this.inner.tenantStatement<R>(tenantId, text, params);
  }

  ownerTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.inner.ownerTransaction(fn);
  }

  ownerExec(script: string): Promise<void> {
    return this.inner.ownerExec(script);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
