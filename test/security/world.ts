import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import { createFileStore, storeTenantFile, tenantFileDeps } from '../../src/platform/files/index.js';
import { masterKeyProvider } from '../../src/platform/keys/index.js';
import type { ServiceId } from '../../src/platform/services/index.js';
import { STAFF_ROLES } from '../../src/platform/staff/roles.js';
import { loadConfig } from '../../src/core/config.js';
import { createLogger } from '../../src/core/logger.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { buildStaff } from '../support/staff.js';
import { TENANT_TABLE_SEEDERS, tenantTables } from '../support/tenantRows.js';
import { base32Decode, totpAt } from '../support/totp.js';
import { HttpClient } from './http.js';

/** A label of a tenant of the attack world. */
export type TenantKey = 'A' | 'B' | 'C';

/** A signed-in user: who they are and the client holding their session cookie. */
export interface Principal {
  label: string;
  user: BuiltUser;
  memberships: { service: ServiceId; role: string }[];
  client: HttpClient;
}

export interface WorldTenant {
  key: TenantKey;
  tenant: BuiltTenant;
  /** A marker no other text in the system contains; every name of the tenant carries it. */
  marker: string;
  /** Admin of every service (process admin, catalog admin, survey org_admin). */
  admin: Principal;
  /** Strings that must never reach another tenant: ids of all its rows, code, name, e-mails, markers. */
  needles: Set<string>;
}

export interface World {
  tdb: TestDatabase;
  app: App;
  base: string;
  tenants: Record<TenantKey, WorldTenant>;
  /** Tenant A's users with the lowest role of each service (and the other non-admin survey role). */
  lowRoles: Principal[];
  /** Staff signed in with every role, and with the least-privileged role alone. */
  staff: { all: HttpClient; auditor: HttpClient; allId: string };
  /** Values that must never appear in any answer (hashes, tokens, key material, database URLs). */
  secrets: Set<string>;
  /** A's user whose id the fuzzer may use for user-id parameters (never the signed-in admin). */
  victimUserId: string;
  /** Signs a user of a tenant in over HTTP. */
  signIn(tenant: TenantKey, user: BuiltUser, label: string, memberships: { service: ServiceId; role: string }[]): Promise<Principal>;
  signInStaff(roles: string[]): Promise<{ client: HttpClient; id: string }>;
  close(): Promise<void>;
}

const ADMIN_MEMBERSHIPS: { service: ServiceId; role: string }[] = [
  { service: 'process', role: 'admin' },
  { service: 'catalog', role: 'admin' },
  { service: 'survey', role: 'org_admin' },
];

/** The lowest role of each service (fewest permissions), and survey's other non-admin role. */
export const LOW_ROLES: { service: ServiceId; role: string }[] = [
  { service: 'process', role: 'member' },
  { service: 'catalog', role: 'viewer' },
  { service: 'survey', role: 'org_reviewer' },
  { service: 'survey', role: 'org_member' },
];

/** A built web app in miniature (the static route serves it; the suite needs no web build). */
function fixtureWebDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sotas-attack-web-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html lang="ja"><head><meta charset="UTF-8" /><title>Sotas</title><script type="module" src="/assets/index-Zq12.js"></script></head><body><div id="root"></div></body></html>\n');
  writeFileSync(path.join(dir, 'assets', 'index-Zq12.js'), 'document.getElementById("root").textContent = "Sotas";\n');
  return dir;
}

const hex = () => Math.random().toString(16).slice(2, 8).toUpperCase().padEnd(6, '0');

/** Every `id`-like uuid of the tenant's rows (any uuid column but tenant_id), as text. */
async function rowIds(tdb: TestDatabase, tenantId: string): Promise<string[]> {
  return tdb.db.ownerTransaction(async (tx) => {
    const { rows: columns } = await tx.query<{ t: string; c: string }>(
      `SELECT c.table_schema || '.' || c.table_name AS t, c.column_name AS c
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.data_type = 'uuid' AND c.column_name <> 'tenant_id' AND t.table_type = 'BASE TABLE'
          AND c.table_schema IN ('platform', 'process', 'catalog', 'survey')
          AND EXISTS (SELECT 1 FROM information_schema.columns x WHERE x.table_schema = c.table_schema AND x.table_name = c.table_name AND x.column_name = 'tenant_id')`,
    );
    const ids = new Set<string>();
    for (const { t, c } of columns) {
      const { rows } = await tx.query<{ v: string }>(`SELECT DISTINCT ${c}::text AS v FROM ${t} WHERE tenant_id = $1 AND ${c} IS NOT NULL`, [tenantId]);
      for (const r of rows) ids.add(r.v);
    }
    return [...ids];
  });
}

/** Marks the tenant's seeded rows with its marker, so that a leaked name is recognised. */
async function markRows(tdb: TestDatabase, tenantId: string, marker: string): Promise<void> {
  await tdb.db.ownerTransaction(async (tx) => {
    const updates: [string, string][] = [
      ['process.items', 'name'],
      ['process.workstations', 'name'],
      ['process.formulas', 'name'],
      ['process.routings', 'name'],
      ['process.orders', 'remarks'],
      ['catalog.products', 'grade'],
      ['catalog.publishers', 'display_name'],
      ['survey.products', 'name'],
      ['survey.requests', 'requester_name'],
      ['survey.responses', 'comment'],
      ['survey.settings', 'company_name'],
      ['platform.users', 'display_name'],
      ['platform.files', 'name'],
    ];
    for (const [table, column] of updates) {
      // Some tables guard who may change what (triggers); those keep their seeded text.
      await tx.query('SAVEPOINT mark');
      try {
        await tx.query(`UPDATE ${table} SET ${column} = $2 || ' ' || coalesce(${column}, '') WHERE tenant_id = $1`, [tenantId, marker]);
        await tx.query('RELEASE SAVEPOINT mark');
      } catch {
        await tx.query('ROLLBACK TO SAVEPOINT mark');
      }
    }
  });
}

/**
 * Three tenants with users in every service and rows in every tenant table, and the app
 * listening on an ephemeral loopback port behind a trusted proxy header.
 */
export async function buildWorld(): Promise<World> {
  const tdb = await openTestDatabase({ poolSize: 6 });
  const app = await createApp({
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'sotas-attack-')), HOST: '127.0.0.1', PORT: '0', METRICS_PORT: '0', JOBS_ENABLED: 'false', BACKUP_ENABLED: 'false', TRUST_PROXY: 'true' }),
    db: tdb.db,
    logger: createLogger('silent'),
    webDir: fixtureWebDir(),
  });
  const { http: base } = await app.listen();
  const secrets = new Set<string>(['$argon2']);

  const signIn = async (key: TenantKey, tenant: BuiltTenant, user: BuiltUser, label: string, memberships: { service: ServiceId; role: string }[]): Promise<Principal> => {
    const client = new HttpClient(base);
    const res = await client.send('POST', '/api/auth/login', { json: { companyCode: tenant.code, email: user.email, password: user.password } });
    if (res.status !== 200 || !client.cookies.has('sotas_session')) throw new Error(`sign-in of ${label} (${key}) failed: ${res.status} ${res.text}`);
    return { label, user, memberships, client };
  };

  const tenants = {} as Record<TenantKey, WorldTenant>;
  const tables = await tdb.db.ownerTransaction(tenantTables);
  for (const key of ['A', 'B', 'C'] as const) {
    const tag = hex();
    const marker = `ZQMARK${key}${tag}`;
    const tenant = await buildTenant(tdb.db, { code: `ZQ${key}${tag}`, name: `${marker} 化学工業株式会社` });
    await tdb.db.ownerTransaction(async (tx) => {
      for (const table of tables) await TENANT_TABLE_SEEDERS[table]?.(tx, tenant.id);
      // The settings seeder requires MFA; these users sign in with a password alone.
      await tx.query('UPDATE platform.tenant_settings SET mfa_required = false WHERE tenant_id = $1', [tenant.id]);
      // The keys seeder stores a placeholder that unwraps to nothing; the app makes real keys on first use.
      await tx.query(`DELETE FROM platform.tenant_keys WHERE tenant_id = $1 AND wrapped_key = 'mk1.seed'`, [tenant.id]);
    });
    const admin = await buildUser(tdb.db, tenant, { email: `admin-${marker.toLowerCase()}@${key.toLowerCase()}.example`, displayName: `${marker} 管理者`, memberships: ADMIN_MEMBERSHIPS });
    await markRows(tdb, tenant.id, marker);
    tenants[key] = { key, tenant, marker, admin: await signIn(key, tenant, admin, `${key} admin`, ADMIN_MEMBERSHIPS), needles: new Set() };
  }

  // Real stored files (contents in the file store) for A, so that downloads of its own files work.
  const deps = tenantFileDeps({ config: app.config, db: tdb.db, clock: systemClock, keys: masterKeyProvider(app.config.masterKeyFile), files: createFileStore(app.config.files) });
  for (const key of ['A', 'B', 'C'] as const) {
    const t = tenants[key];
    await storeTenantFile(deps, { tenantId: t.tenant.id, service: 'process', name: `${t.marker}.txt`, body: Buffer.from(`${t.marker} contents`), actor: { type: 'user', id: t.admin.user.id, name: 'seed' }, origin: {} });
  }

  const a = tenants.A;
  const lowRoles: Principal[] = [];
  for (const m of LOW_ROLES) {
    const user = await buildUser(tdb.db, a.tenant, { email: `${m.service}-${m.role}-${a.marker.toLowerCase()}@a.example`, displayName: `${a.marker} ${m.role}`, memberships: [m] });
    lowRoles.push(await signIn('A', a.tenant, user, `A ${m.service} ${m.role}`, [m]));
  }
  const victim = await buildUser(tdb.db, a.tenant, { email: `victim-${a.marker.toLowerCase()}@a.example`, displayName: `${a.marker} 被害者`, memberships: ADMIN_MEMBERSHIPS });
  // B and C have users of every lowest role too, and a second signed-in user, so that B's session ids exist to be probed.
  for (const key of ['B', 'C'] as const) {
    const t = tenants[key];
    for (const m of LOW_ROLES) {
      await buildUser(tdb.db, t.tenant, { email: `${m.service}-${m.role}-${t.marker.toLowerCase()}@${key.toLowerCase()}.example`, displayName: `${t.marker} ${m.role}`, memberships: [m] });
    }
    const user = await buildUser(tdb.db, t.tenant, { email: `member-${t.marker.toLowerCase()}@${key.toLowerCase()}.example`, displayName: `${t.marker} メンバー`, memberships: [{ service: 'process', role: 'member' }] });
    await signIn(key, t.tenant, user, `${key} member`, [{ service: 'process', role: 'member' }]);
  }

  const signInStaff = async (roles: string[]): Promise<{ client: HttpClient; id: string }> => {
    const staff = await buildStaff(tdb.db, roles);
    const client = new HttpClient(base);
    const step = await client.send('POST', '/api/ops/auth/login', { json: staff });
    const factor = (JSON.parse(step.text) as { secondFactor?: { token: string; secret: string } }).secondFactor;
    if (!factor) throw new Error(`staff sign-in failed: ${step.status} ${step.text}`);
    secrets.add(factor.secret);
    const mfa = await client.send('POST', '/api/ops/auth/mfa', { json: { token: factor.token, code: totpAt(base32Decode(factor.secret), new Date()) } });
    if (mfa.status !== 204) throw new Error(`staff second factor failed: ${mfa.status} ${mfa.text}`);
    const session = await client.send('GET', '/api/ops/session');
    return { client, id: (JSON.parse(session.text) as { staff: { id: string } }).staff.id };
  };
  const allStaff = await signInStaff(Object.keys(STAFF_ROLES));
  const auditor = await signInStaff(['auditor']);

  for (const key of ['A', 'B', 'C'] as const) {
    const t = tenants[key];
    const needles = new Set<string>([t.tenant.id, t.tenant.code, t.tenant.name, t.marker, t.admin.user.email]);
    for (const id of await rowIds(tdb, t.tenant.id)) needles.add(id);
    const emails = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ email: string }>('SELECT email FROM platform.users WHERE tenant_id = $1', [t.tenant.id])).rows);
    for (const { email } of emails) needles.add(email);
    t.needles = needles;
  }

  const master = app.config.masterKeyFile;
  if (existsSync(master)) {
    const text = readFileSync(master, 'utf8');
    for (const part of text.split(/[^A-Za-z0-9+/=_-]+/)) if (part.length >= 24) secrets.add(part);
  }
  if (tdb.urls) {
    secrets.add(tdb.urls.owner);
    secrets.add(tdb.urls.app);
  }
  const hashes = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ h: string }>('SELECT password_hash AS h FROM platform.users WHERE password_hash IS NOT NULL')).rows);
  for (const { h } of hashes) secrets.add(h);

  return {
    tdb,
    app,
    base,
    tenants,
    lowRoles,
    staff: { all: allStaff.client, auditor: auditor.client, allId: allStaff.id },
    secrets,
    victimUserId: victim.id,
    signIn: (key, user, label, memberships) => signIn(key, tenants[key].tenant, user, label, memberships),
    signInStaff,
    async close() {
      await app.close();
      await tdb.close();
    },
  };
}

/** Session tokens of every client, which must never appear in an answer body. */
export function sessionTokens(clients: HttpClient[]): string[] {
  const tokens: string[] = [];
  for (const c of clients) {
    for (const name of ['sotas_session', 'sotas_staff']) {
      const value = c.cookies.get(name);
      if (value) tokens.push(value.includes('.') ? value.slice(value.indexOf('.') + 1) : value);
    }
  }
  return tokens;
}
