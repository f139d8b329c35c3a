import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { createLogger } from '../../src/core/logger.js';
import { buildTenant, buildUser } from '../support/factories.js';
import { TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { base32Decode, totpAt } from '../support/totp.js';
import { signInStaff } from '../support/seeders/audit.js';

/**
 * Identity flows with planted secrets, a trace-level process log, and then a search of every
 * log table and every log line for each secret.
 */
describe(`planted secrets never reach a log table or the process log during the identity flows (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  const lines: string[] = [];
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  const PASSWORD = 'Planted#Secret77';
  const WRONG = 'Wrong#Planted88';
  const NEW_PASSWORD = 'Renewed#Planted99';
  const secrets: string[] = [PASSWORD, WRONG, NEW_PASSWORD];

  beforeAll(async () => {
    tdb = await openTestDatabase();
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sotas-audit-secrets-'));
    const config = loadConfig({ LOG_LEVEL: 'trace', PORT: '0', METRICS_PORT: '0', DATA_DIR: dataDir, JOBS_ENABLED: 'false', NODE_ENV: 'test' });
    app = await createApp({ config, db: tdb.db, clock, logger: createLogger('trace', sink) });
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.close();
  });

  it('runs sign-in, password reset, TOTP enrolment and recovery codes, then finds none of their secrets logged', async () => {
    const tenant = await buildTenant(tdb.db);
    const user = await buildUser(tdb.db, tenant, { password: PASSWORD });
    const client = new TestClient(app);
    expect((await client.login(tenant.code, user.email, WRONG)).statusCode).toBe(401);
    expect((await client.login(tenant.code, user.email, PASSWORD)).statusCode).toBe(200);
    secrets.push(client.cookie('sotas_session')!.split('.')[1]!);

    // TOTP: the secret, its otpauth URI and the recovery codes.
    const setup = (await client.post('/api/mfa/totp', {})).json() as { secret: string; uri: string };
    secrets.push(setup.secret, setup.uri.split('secret=')[1]!.split('&')[0]!);
    const confirm = await client.post('/api/mfa/totp/confirm', { code: totpAt(base32Decode(setup.secret), clock.now()) });
    expect(confirm.statusCode).toBe(200);
    const codes = confirm.json().recoveryCodes as string[];
    expect(codes.length).toBeGreaterThan(0);
    secrets.push(...codes);

    // Password reset: the token travels only in the mail.
    expect((await new TestClient(app).post('/api/auth/password-reset', { companyCode: tenant.code, email: user.email })).statusCode).toBe(202);
    const body = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ text_body: string }>(`SELECT text_body FROM ops.mail_outbox WHERE template = 'password.reset'`)).rows[0]!.text_body);
    const token = /reset-password\/([0-9a-f]{32}[A-Za-z0-9_-]{43})/.exec(body)![1]!;
    secrets.push(token, token.slice(32));
    expect((await new TestClient(app).get(`/api/auth/password-reset/${token}`)).statusCode).toBe(200);
    expect((await new TestClient(app).post('/api/auth/password-reset/complete', { token, newPassword: NEW_PASSWORD })).statusCode).toBe(204);

    // Sign in again with the new password and a recovery code; staff sign in with their own TOTP.
    clock.advance(60_000);
    const again = new TestClient(app);
    const step = (await again.login(tenant.code, user.email, NEW_PASSWORD)).json();
    expect(step.secondFactor).toBeDefined();
    expect((await again.post('/api/auth/mfa/verify', { token: step.secondFactor.token, method: 'recovery_code', code: codes[0] })).statusCode).toBe(200);
    secrets.push(step.secondFactor.token);
    await signInStaff(app, clock);

    const tables = await tdb.db.ownerTransaction(async (tx) => {
      const { rows } = await tx.query<{ t: string }>(`SELECT schemaname || '.' || tablename AS t FROM pg_tables WHERE schemaname = 'audit' ORDER BY 1`);
      let text = '';
      for (const { t } of rows) text += JSON.stringify((await tx.query(`SELECT * FROM ${t}`)).rows);
      return { names: rows.map((r) => r.t), text };
    });
    expect(tables.names).toEqual(expect.arrayContaining(['audit.tenant_events', 'audit.operator_events']));
    const log = lines.join('');
    expect(log).toContain('"msg":"request"');
    expect(tables.text).toContain('auth.password.reset');
    expect(tables.text).toContain('auth.mfa.enrolled');
    for (const secret of secrets) {
      expect(tables.text.includes(secret), `an audit table holds ${secret.slice(0, 4)}…`).toBe(false);
      expect(log.includes(secret), `the process log holds ${secret.slice(0, 4)}…`).toBe(false);
    }
  });
});
