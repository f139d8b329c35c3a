import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { APP_DB_ROLE } from '../../src/core/config.js';
import { migrate, PgliteDatabase, PostgresDatabase, type Database } from '../../src/core/db/index.js';

/**
 * Test databases. Without TEST_DATABASE_URL every call gives a fresh in-memory PGlite;
 * with it (CI's PostgreSQL run) a fresh database cloned from the migrated template that
 * the global setup prepared, so tests never share rows.
 */
export function testDatabaseKind(): 'pglite' | 'postgres' {
  return process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
}

function withDatabase(url: string, database: string, user?: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (user) {
    u.username = user;
    u.password = '';
  }
  return u.toString();
}

export interface TestDatabase {
  db: Database;
  /** Connection URLs when on PostgreSQL (for tests that open a second node). */
  urls?: { owner: string; app: string };
  close(): Promise<void>;
}

export async function openTestDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const db = await PgliteDatabase.open();
    await migrate(db);
    return { db, close: () => db.close() };
  }
  const template = process.env.TEST_TEMPLATE_DB;
  if (!template) throw new Error('TEST_TEMPLATE_DB is not set: run the tests through vitest (its global setup creates it)');
  const name = `sotas_t_${process.env.TEST_RUN_ID ?? 'x'}_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        break;
      } catch (error) {
        // Two workers cloning the same template at the same instant may collide; retry briefly.
        if (attempt >= 10) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const urls = { owner: withDatabase(base, name), app: withDatabase(base, name, APP_DB_ROLE) };
  const db = new PostgresDatabase({ ownerUrl: urls.owner, appUrl: urls.app, poolSize: options.poolSize ?? 4 });
  return {
    db,
    urls,
    async close() {
      await db.close();
      const dropper = new pg.Client({ connectionString: base });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
