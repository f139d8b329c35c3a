import pg from 'pg';
import { migrate, PostgresDatabase } from '../../src/core/db/index.js';
import { APP_DB_ROLE } from '../../src/core/config.js';

/**
 * On PostgreSQL runs (TEST_DATABASE_URL set): migrate one template database that every
 * test clones, and drop it afterwards. On PGlite runs there is nothing to prepare.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return undefined;
  // Databases of this run share its id, so that concurrent runs never drop each other's.
  const runId = `${process.pid}`;
  process.env.TEST_RUN_ID = runId;
  const template = `sotas_tpl_${runId}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${template}`);
  const url = new URL(base);
  url.pathname = `/${template}`;
  const appUrl = new URL(url.toString());
  appUrl.username = APP_DB_ROLE;
  const db = new PostgresDatabase({ ownerUrl: url.toString(), appUrl: appUrl.toString(), poolSize: 1 });
  await migrate(db);
  await db.close();
  process.env.TEST_TEMPLATE_DB = template;
  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`sotas_t_${runId}\\_%`],
    );
    for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  };
}
