import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { checkPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_SYMBOLS, setPasswordMinLength } from '../../src/platform/identity/index.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { buildTenant, buildUser } from '../support/factories.js';
import { bootstrapAndSignInStaff } from '../support/staff.js';

/*
 * GET /api/security-page: the facts the public security pages show come from the running
 * configuration and the code that enforces them (issue 10: the page cannot drift from the
 * system). Changing the configuration changes the answer; the answer holds no tenant data.
 */

type SecurityPage = {
  passwordPolicy: { minLength: number; maxLength: number; symbols: string; requiredClasses: string[]; rejectsEmailLocalPart: boolean; rejectsCommonPasswords: boolean };
  mfa: { methods: string[]; tenantMayRequire: boolean; staffAlwaysRequired: boolean };
  session: { idleMinutes: number; absoluteHours: number; tenantBounds: { idleMinutes: { min: number; max: number }; absoluteHours: { min: number; max: number } } };
  backup: { intervalMinutes: number; retentionDays: number };
  deletion: { afterMonths: number; reminderDaysBefore: number[]; examples: { endsOn: string; deletableFrom: string }[] };
  maintenance: { noticeLeadDays: number };
  incidents: { notifyWithinHours: number; businessHours: { startHour: number; endHour: number } };
  dataLocation: { fileStorage: 'local' | 's3'; region: string | null };
  contact: { securityEmail: string; reportFormPath: string };
  logRetention: { recordType: string; retainDays: number }[];
  encryption: { algorithm: string; perTenantKeys: boolean; httpsPublicUrl: boolean };
};

/** A password that follows the published rule exactly: `length` characters drawn in turn from each required class only. */
function passwordFollowing(rule: SecurityPage['passwordPolicy'], length: number): string {
  const samples: Record<string, string> = { upper: 'QZKWRT', lower: 'xkzvjm', digit: '739481', symbol: rule.symbols };
  const pools = rule.requiredClasses.map((c) => samples[c]!);
  let password = '';
  for (let i = 0; i < length; i++) {
    const pool = pools[i % pools.length]!;
    password += pool[Math.floor(i / pools.length) % pool.length];
  }
  return password;
}

describe(`security pages API: the published commitments follow the configuration (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  const clock = new ManualClock('2026-11-27T01:00:00Z');

  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock });
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  const read = async (target: App = app, client: TestClient = new TestClient(target)): Promise<SecurityPage> => {
    const res = await client.get('/api/security-page');
    expect(res.statusCode).toBe(200);
    return res.json() as SecurityPage;
  };

  it('answers anyone without signing in with the defaults in force', async () => {
    const page = await read();
    expect(page.passwordPolicy).toEqual({
      minLength: PASSWORD_MIN_LENGTH,
      maxLength: PASSWORD_MAX_LENGTH,
      symbols: PASSWORD_SYMBOLS,
      requiredClasses: ['upper', 'lower', 'digit', 'symbol'],
      rejectsEmailLocalPart: true,
      rejectsCommonPasswords: true,
    });
    expect(page.passwordPolicy).toMatchObject({ minLength: 10, maxLength: 31, symbols: '!#$%&*+-=?@_' });
    expect(page.mfa).toEqual({ methods: ['totp', 'recovery_code', 'passkey'], tenantMayRequire: true, staffAlwaysRequired: true });
    expect(page.session).toEqual({ idleMinutes: 30, absoluteHours: 12, tenantBounds: { idleMinutes: { min: 5, max: 480 }, absoluteHours: { min: 1, max: 72 } } });
    expect(page.backup).toEqual({ intervalMinutes: 5, retentionDays: 30 });
    expect(page.deletion).toEqual({
      afterMonths: 2,
      reminderDaysBefore: [30, 7],
      examples: [
        { endsOn: '2026-03-31', deletableFrom: '2026-06-01' },
        { endsOn: '2026-12-30', deletableFrom: '2027-03-01' },
      ],
    });
    expect(page.maintenance).toEqual({ noticeLeadDays: 7 });
    expect(page.incidents).toEqual({ notifyWithinHours: 6, businessHours: { startHour: 9, endHour: 18 } });
    expect(page.dataLocation).toEqual({ fileStorage: 'local', region: null });
    expect(page.contact).toEqual({ securityEmail: 'security@localhost', reportFormPath: '/security/report' });
    expect(page.encryption).toEqual({ algorithm: 'AES-256-GCM', perTenantKeys: true, httpsPublicUrl: false });
    const stored = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ record_type: string; retain_days: number }>('SELECT DISTINCT ON (record_type) record_type, retain_days FROM audit.retention_policy_changes ORDER BY record_type, id DESC')).rows,
    );
    expect(page.logRetention).toHaveLength(5);
    expect(Object.fromEntries(page.logRetention.map((r) => [r.recordType, r.retainDays]))).toEqual(Object.fromEntries(stored.map((r) => [r.record_type, r.retain_days])));
  });

  it('publishes the password rule the validator enforces: passwords built from it pass, one character off fails', async () => {
    const { passwordPolicy: rule } = await read();
    for (const length of [rule.minLength, rule.maxLength]) expect(checkPassword(passwordFollowing(rule, length))).toEqual([]);
    expect(checkPassword(passwordFollowing(rule, rule.minLength - 1)).map((v) => v.rule)).toEqual(['length']);
    expect(checkPassword(passwordFollowing(rule, rule.maxLength + 1)).map((v) => v.rule)).toEqual(['length']);
    for (const cls of rule.requiredClasses) {
      const without = passwordFollowing({ ...rule, requiredClasses: rule.requiredClasses.filter((c) => c !== cls) }, rule.minLength);
      expect(checkPassword(without).map((v) => v.rule)).toEqual([cls]);
    }
    for (const symbol of rule.symbols) expect(checkPassword(`Qx7${symbol}kzqvjwmx`)).toEqual([]);
    expect(checkPassword('Qx7^kzqvjwmx').map((v) => v.rule)).toEqual(['charset', 'symbol']);
  });

  it('follows the configuration: backups, sessions, notices, contact, storage region, HTTPS', async () => {
    const other = await createTestApp(tdb.db, {
      clock,
      env: {
        BACKUP_INTERVAL_MINUTES: '15',
        BACKUP_RETENTION_DAYS: '45',
        SESSION_IDLE_MINUTES: '20',
        SESSION_ABSOLUTE_HOURS: '8',
        MAINTENANCE_LEAD_DAYS: '10',
        SECURITY_CONTACT: 'psirt@provider.example',
        FILE_STORE: 's3',
        S3_BUCKET: 'sotas-files',
        S3_REGION: 'ap-northeast-3',
        PUBLIC_URL: 'https://sotas.example.jp',
      },
    });
    try {
      const page = await read(other);
      expect(page.backup).toEqual({ intervalMinutes: 15, retentionDays: 45 });
      expect(page.session).toMatchObject({ idleMinutes: 20, absoluteHours: 8 });
      expect(page.maintenance).toEqual({ noticeLeadDays: 10 });
      expect(page.contact.securityEmail).toBe('psirt@provider.example');
      expect(page.dataLocation).toEqual({ fileStorage: 's3', region: 'ap-northeast-3' });
      expect(page.encryption.httpsPublicUrl).toBe(true);
      // What the configuration does not hold stays as the code enforces it.
      expect(page.passwordPolicy).toEqual((await read()).passwordPolicy);
    } finally {
      await other.close();
    }
  });

  it('follows a longer configured password minimum, in the page and in the one validator; the white paper stays the floor', async () => {
    const stricter = await createTestApp(tdb.db, { clock, env: { PASSWORD_MIN_LENGTH: '12' } });
    try {
      const { passwordPolicy: rule } = await read(stricter);
      expect(rule).toMatchObject({ minLength: 12, maxLength: 31 });
      expect(checkPassword('Qx7#kzqvjwm').map((v) => v.rule)).toEqual(['length']);
      expect(checkPassword('Qx7#kzqvjwmx')).toEqual([]);
      // A password change through the API is held to the same rule, and says so.
      const tenant = await buildTenant(tdb.db);
      const user = await buildUser(tdb.db, tenant, { memberships: [{ service: 'process', role: 'member' }] });
      const client = new TestClient(stricter, 'ja');
      expect((await client.login(tenant.code, user.email, user.password)).statusCode).toBe(200);
      const res = await client.post('/api/account/password', { currentPassword: user.password, newPassword: 'Qx7#kzqvjwm' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields.newPassword).toContain('12文字以上31文字以下');
    } finally {
      await stricter.close();
      setPasswordMinLength(PASSWORD_MIN_LENGTH);
    }
    await expect(createTestApp(tdb.db, { clock, env: { PASSWORD_MIN_LENGTH: '9' } })).rejects.toThrow();
    expect((await read()).passwordPolicy.minLength).toBe(10);
  });

  it('shows a retention period as soon as staff change it', async () => {
    const officer = (await bootstrapAndSignInStaff(app, tdb.db, clock)).client;
    const before = (await read()).logRetention.find((r) => r.recordType === 'operator_events')!.retainDays;
    const changed = before + 365;
    const res = await officer.request('PUT', '/api/ops/retention/policies/operator_events', { retainDays: changed, reason: '監査対応のため延長' });
    expect(res.statusCode).toBe(204);
    const after = (await read()).logRetention;
    expect(after.find((r) => r.recordType === 'operator_events')!.retainDays).toBe(changed);
    expect(after).toHaveLength(5);
  });

  it('holds no tenant data and is the same for a signed-in user and a stranger', async () => {
    const tenant = await buildTenant(tdb.db, { code: 'SECPAGE1', name: '公開ページ検証株式会社', services: ['catalog'] });
    const user = await buildUser(tdb.db, tenant, { email: 'kensho@secpage.example', memberships: [{ service: 'catalog', role: 'admin' }] });
    const member = new TestClient(app);
    expect((await member.login(tenant.code, user.email, user.password)).statusCode).toBe(200);
    expect((await member.get('/api/session')).statusCode).toBe(200);

    const signedIn = await member.get('/api/security-page');
    const stranger = await new TestClient(app, 'en').get('/api/security-page');
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.body).toBe(stranger.body);
    for (const secret of [tenant.id, tenant.code, '公開ページ検証株式会社', user.email, user.id, 'secpage']) expect(signedIn.body.toLowerCase()).not.toContain(secret.toLowerCase());
    // Reading it writes nothing: no event in any log.
    const events = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit.tenant_events WHERE action LIKE '%security%page%'`)).rows[0]!.n);
    expect(events).toBe(0);
  });
});
