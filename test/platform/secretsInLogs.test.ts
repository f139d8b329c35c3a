import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { createLogger, redactUrl } from '../../src/core/logger.js';
import { issueStaffSetupLink } from '../../src/platform/identity/index.js';
import { buildTenant, buildUser } from '../support/factories.js';
import { TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';

describe(`no password, token or secret in any log (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  const lines: string[] = [];
  const PLANTED_PASSWORD = 'Planted#Secret77';
  const PLANTED_WRONG = 'Wrong#Planted88';

  beforeAll(async () => {
    tdb = await openTestDatabase();
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({ LOG_LEVEL: 'trace', PORT: '0', METRICS_PORT: '0', DATA_DIR: '/tmp/sotas-secrets-test', JOBS_ENABLED: 'false' });
    app = await createApp({ config, db: tdb.db, logger: createLogger('trace', sink) });
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  it('keeps planted secrets out of the process log and the audit tables', async () => {
    const tenant = await buildTenant(tdb.db);
    const user = await buildUser(tdb.db, tenant, { password: PLANTED_PASSWORD });
    const client = new TestClient(app);
    await client.login(tenant.code, user.email, PLANTED_WRONG);
    await client.login(tenant.code, user.email, PLANTED_PASSWORD);
    const session = client.cookie('sotas_session')!;
    await client.get('/api/session');
    await client.post('/api/auth/login', { companyCode: tenant.code, email: user.email, password: 5, [PLANTED_WRONG]: 1 });

    const link = await issueStaffSetupLink(tdb.db, systemClock);
    if (!link.issued) throw new Error('expected a setup link');
    await client.get(`/api/setup/staff/${link.token}`);
    await client.post('/api/setup/staff', { token: link.token, email: 'ops@provider.example', displayName: 'Ops', password: PLANTED_PASSWORD });

    const audit = await tdb.db.ownerTransaction(async (tx) =>
      JSON.stringify((await tx.query('SELECT * FROM audit.tenant_events')).rows) + JSON.stringify((await tx.query('SELECT * FROM audit.operator_events')).rows),
    );
    const logs = lines.join('');
    expect(logs).toContain('"msg":"request"');
    for (const secret of [PLANTED_PASSWORD, PLANTED_WRONG, link.token, session, session.split('.')[1]!]) {
      expect(logs.includes(secret), `log contains ${secret.slice(0, 6)}…`).toBe(false);
      expect(audit.includes(secret), `audit contains ${secret.slice(0, 6)}…`).toBe(false);
    }
    expect(logs).toContain('/api/setup/staff/[redacted]');
  });

  it('redacts token-like path segments and secret query values, keeping uuids', () => {
    expect(redactUrl('/api/setup/staff/U67ItT_rWWXa4qHyr8YrFyVTJWyUnq6EGkVh4t18GmE')).toBe('/api/setup/staff/[redacted]');
    expect(redactUrl('/api/members/0b6f3f5e-8a9e-4a49-9a43-9d2b7d3c8f10')).toBe('/api/members/0b6f3f5e-8a9e-4a49-9a43-9d2b7d3c8f10');
    expect(redactUrl('/reset?token=abc&page=2')).toBe('/reset?token=%5Bredacted%5D&page=2');
  });
});
