import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { sqlLiteral, withLiterals, withTenant, withoutTenant } from '../../src/core/db/index.js';
import { beginStatement } from '../../src/core/db/postgres.js';
import { buildTenant, buildUser } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';

/**
 * With one connection shared by every request, the tenant of one transaction must never
 * be seen by the next: set_config(..., true) ends with its transaction.
 */
describe(`pool of one connection, concurrent requests alternating tenants (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  const tenants: { id: string; client: TestClient; emails: string[] }[] = [];

  beforeAll(async () => {
    tdb = await openTestDatabase({ poolSize: 1 });
    app = await createTestApp(tdb.db);
    for (let i = 0; i < 3; i++) {
      const t = await buildTenant(tdb.db);
      const admin = await buildUser(tdb.db, t);
      const others = await Promise.all([buildUser(tdb.db, t, { memberships: [] }), buildUser(tdb.db, t, { memberships: [] })]);
      const client = new TestClient(app);
      expect((await client.login(t.code, admin.email, admin.password)).statusCode).toBe(200);
      tenants.push({ id: t.id, client, emails: [admin.email, ...others.map((o) => o.email)].sort() });
    }
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  it('never returns a row of another tenant under 300 concurrent requests', async () => {
    const results = await Promise.all(
      Array.from({ length: 300 }, async (_, i) => {
        const t = tenants[i % tenants.length]!;
        const res = await t.client.get('/api/members');
        return { t, status: res.statusCode, emails: (res.json().members as { email: string }[]).map((m) => m.email).sort() };
      }),
    );
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.emails).toEqual(r.t.emails);
    }
  });

  it('leaves no tenant behind on the connection after failing transactions', async () => {
    const [first] = tenants;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withTenant(tdb.db, first!.id, async (tx) => {
          await tx.query('SELECT 1');
          if (i % 2 === 0) throw new Error('rolled back on purpose');
        }).catch(() => undefined),
      ),
    );
    const { rows } = await withoutTenant(tdb.db, (tx) => tx.query<{ t: string | null; n: number }>('SELECT platform.current_tenant()::text AS t, (SELECT count(*)::int FROM platform.users) AS n'));
    expect(rows[0]).toEqual({ t: null, n: 0 });
  });

  it('sets the tenant as the transaction begins, for that transaction only', async () => {
    const [first, second] = tenants;
    const seen = await withTenant(tdb.db, first!.id, async (tx) => (await tx.query<{ t: string }>('SELECT platform.current_tenant()::text AS t')).rows[0]!.t);
    expect(seen).toBe(first!.id);
    const after = await withTenant(tdb.db, second!.id, async (tx) => (await tx.query<{ t: string }>('SELECT platform.current_tenant()::text AS t')).rows[0]!.t);
    expect(after).toBe(second!.id);
  });
});

describe(`tenantStatement: the tenant and one statement in one message (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  const ids: string[] = [];

  beforeAll(async () => {
    tdb = await openTestDatabase({ poolSize: 1 });
    for (let i = 0; i < 2; i++) {
      const t = await buildTenant(tdb.db);
      await buildUser(tdb.db, t, { displayName: `表示名${i}` });
      ids.push(t.id);
    }
  });
  afterAll(async () => {
    await tdb.close();
  });

  it('sees only its tenant, passes odd text through as data, and leaves no tenant on the connection', async () => {
    const [a, b] = ids as [string, string];
    const odd = "O'Brien \\' ; DROP TABLE platform.users; -- $1 ＼";
    const first = await tdb.db.tenantStatement<{ t: string; n: number; echo: string }>(
      a,
      'SELECT platform.current_tenant()::text AS t, (SELECT count(*)::int FROM platform.users) AS n, $1::text AS echo',
      [odd],
    );
    expect(first.rows).toEqual([{ t: a, n: 1, echo: odd }]);
    const second = await tdb.db.tenantStatement<{ t: string }>(b, 'SELECT platform.current_tenant()::text AS t', []);
    expect(second.rows).toEqual([{ t: b }]);
    const after = await withoutTenant(tdb.db, (tx) => tx.query<{ t: string | null; n: number }>('SELECT platform.current_tenant()::text AS t, (SELECT count(*)::int FROM platform.users) AS n'));
    expect(after.rows[0]).toEqual({ t: null, n: 0 });
  });

  it('commits its change, and a failing statement changes nothing', async () => {
    const [a] = ids as [string];
    await tdb.db.tenantStatement(a, "UPDATE platform.users SET display_name = $1 WHERE display_name = '表示名0'", ['変更後']);
    await expect(
      tdb.db.tenantStatement(a, "WITH u AS (UPDATE platform.users SET display_name = 'ここまで' RETURNING 1) SELECT 1 / (SELECT count(*) - count(*) FROM u)", []),
    ).rejects.toThrow();
    const names = await withTenant(tdb.db, a, (tx) => tx.query<{ display_name: string }>('SELECT display_name FROM platform.users'));
    expect(names.rows.map((r) => r.display_name)).toEqual(['変更後']);
  });
});

describe('literals written into a statement', () => {
  it('quotes text so that it stays data, and refuses what cannot be written', () => {
    expect(sqlLiteral("it's")).toBe("E'it''s'");
    expect(sqlLiteral('a\\b')).toBe("E'a\\\\b'");
    expect(sqlLiteral(30)).toBe('30');
    expect(sqlLiteral(new Date('2026-11-28T00:00:00.000Z'))).toBe("E'2026-11-28T00:00:00.000Z'");
    expect(() => sqlLiteral(Number.NaN)).toThrow(/finite/);
    expect(() => sqlLiteral('a\u0000b')).toThrow(/NUL/);
    expect(withLiterals('SELECT $1, $2, $10', ['x', 2, 'y', 4, 5, 6, 7, 8, 9, 'z'])).toBe("SELECT E'x', 2, E'z'");
    expect(() => withLiterals('SELECT $2', ['x'])).toThrow(/no value for \$2/);
  });
});

describe('beginStatement (PostgreSQL: BEGIN and the tenant in one message)', () => {
  it('writes only a uuid into the statement', () => {
    expect(beginStatement(undefined)).toBe('BEGIN');
    expect(beginStatement({ tenantId: '0b7d9c1e-2f3a-4b5c-8d6e-7f8091a2b3c4' })).toBe(
      "BEGIN; SELECT set_config('app.tenant_id', '0b7d9c1e-2f3a-4b5c-8d6e-7f8091a2b3c4', true)",
    );
    expect(() => beginStatement({ tenantId: "x'); DROP TABLE platform.users; --" })).toThrow(/not a tenant id/);
    expect(() => beginStatement({ tenantId: '' })).toThrow(/not a tenant id/);
  });
});
