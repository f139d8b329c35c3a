import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { PostgresDatabase, withTenant, withoutTenant, type Database } from '../../src/core/db/index.js';
import { canonicalJson, recordOperatorEvent, recordTenantEvent, verifyStoredChain, type AuditEvent } from '../../src/platform/audit/index.js';
import { BODY_COLUMNS, entryBody } from '../../src/platform/audit/chainFormat.js';
import { buildTenant, type BuiltTenant } from '../support/factories.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';

/** Every append-only audit table, with a column to try to change. */
const AUDIT_TABLES: Record<string, string> = {
  'audit.tenant_events': 'reason',
  'audit.operator_events': 'reason',
  'audit.tenant_checkpoints': 'hash',
  'audit.operator_checkpoints': 'hash',
  'audit.signing_keys': 'public_key',
  'audit.retention_policy_changes': 'reason',
  'audit.legal_holds': 'reason',
  'audit.legal_hold_releases': 'reason',
};

const event = (over: Partial<AuditEvent> = {}): AuditEvent => ({ actor: { type: 'system' }, action: 'test.happened', result: 'success', ...over });

async function sqlState(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? 'error';
  }
}

describe(`event logs: one audit API, append-only, hash-chained (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let db: Database;
  let tenant: BuiltTenant;
  const clock = new ManualClock('2026-11-27T01:00:00.123Z');

  beforeAll(async () => {
    tdb = await openTestDatabase();
    db = tdb.db;
    tenant = await buildTenant(db);
  });
  afterAll(async () => tdb.close());

  const count = (sql: string, params: unknown[] = []) => db.ownerTransaction(async (tx) => (await tx.query<{ n: number }>(sql, params)).rows[0]!.n);

  it('commits a change and its event together, and rolls both back together', async () => {
    const users = () => count('SELECT count(*)::int AS n FROM platform.users WHERE tenant_id = $1', [tenant.id]);
    const events = () => count(`SELECT count(*)::int AS n FROM audit.tenant_events WHERE tenant_id = $1 AND action = 'test.user_added'`, [tenant.id]);
    const change = (fail: boolean) =>
      withTenant(db, tenant.id, async (tx) => {
        await tx.query(`INSERT INTO platform.users (tenant_id, email, email_normalized, display_name) VALUES ($1, $2, $2, 'Atomic')`, [tenant.id, `a-${fail}@example.com`]);
        await recordTenantEvent(tx, clock, tenant.id, {}, event({ action: 'test.user_added' }));
        if (fail) throw new Error('the command fails after writing');
      });
    await expect(change(true)).rejects.toThrow('the command fails');
    expect(await users()).toBe(0);
    expect(await events()).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM audit.tenant_chain_heads WHERE tenant_id = $1', [tenant.id])).toBe(0);
    await change(false);
    expect(await users()).toBe(1);
    expect(await events()).toBe(1);
  });

  it('stores who, what, when (UTC, milliseconds), where from, the classification, a hashed session id and a redacted change summary', async () => {
    const t = await buildTenant(db);
    await withTenant(db, t.id, (tx) =>
      recordTenantEvent(tx, clock, t.id, { ip: '203.0.113.7', userAgent: 'Mozilla/5.0', requestId: 'req-12345678', sessionId: 'b0c4e1f2-0000-4000-8000-000000000001' }, {
        actor: { type: 'user', id: 'B0C4E1F2-0000-4000-8000-0000000000AA', name: '佐藤 花子' },
        action: 'process.order.updated',
        target: { type: 'order', id: 'PO-1', labels: ['社外秘'] },
        result: 'success',
        changes: { before: { dueDate: '2026-12-01', password: 'Old#Secret123' }, after: { dueDate: '2026-12-05' } },
      }),
    );
    const row = await db.ownerTransaction(async (tx) => (await tx.query<Record<string, unknown>>('SELECT * FROM audit.tenant_events WHERE tenant_id = $1', [t.id])).rows[0]!);
    expect(row).toMatchObject({
      actor_type: 'user',
      actor_id: 'b0c4e1f2-0000-4000-8000-0000000000aa',
      actor_name: '佐藤 花子',
      action: 'process.order.updated',
      target_type: 'order',
      target_id: 'PO-1',
      target_labels: ['社外秘'],
      ip: '203.0.113.7',
      request_id: 'req-12345678',
      changes: { before: { dueDate: '2026-12-01', password: '[redacted]' }, after: { dueDate: '2026-12-05' } },
      seq: expect.anything(),
    });
    expect((row.occurred_at as Date).toISOString()).toBe('2026-11-27T01:00:00.123Z');
    expect(row.session_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain('b0c4e1f2-0000-4000-8000-000000000001');
    expect((await verifyStoredChain(db, { kind: 'tenant', tenantId: t.id }, [])).ok).toBe(true);
  });

  it('redacts passwords, tokens, TOTP secrets, recovery codes and file contents centrally, at any depth', async () => {
    const t = await buildTenant(db);
    const planted = {
      password: 'Planted#Pass123',
      resetToken: 'Zx9_kQ-3bT7wLm2PaYc4RdVe8sNuQ1w2E3r4T5y6',
      totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
      recoveryCodes: ['ABCD-EFGH-1234'],
      fileContent: 'PK\u0003\u0004 secret design drawing',
    };
    await withTenant(db, t.id, (tx) =>
      recordTenantEvent(tx, clock, t.id, {}, event({
        details: {
          ...planted,
          nested: { deeper: { apiKey: 'k-1', credentials: { user: 'x' } } },
          link: `https://app.example.jp/reset/${planted.resetToken}`,
          uri: 'otpauth://totp/Sotas:a@example.com?secret=JBSWY3DPEHPK3PXP',
          note: 'ok to keep',
          count: 3,
        },
      })),
    );
    const stored = await db.ownerTransaction(async (tx) => JSON.stringify((await tx.query('SELECT * FROM audit.tenant_events WHERE tenant_id = $1', [t.id])).rows));
    for (const secret of [planted.password, planted.resetToken, planted.totpSecret, 'ABCD-EFGH-1234', 'secret design drawing', 'JBSWY3DPEHPK3PXP', 'k-1']) {
      expect(stored.includes(secret), secret).toBe(false);
    }
    expect(stored).toContain('ok to keep');
    expect(stored).toContain('"count":3');
  });

  it('refuses UPDATE, DELETE and TRUNCATE on every audit table to the application role (grants)', async () => {
    await withTenant(db, tenant.id, (tx) => recordTenantEvent(tx, clock, tenant.id, {}, event()));
    await withoutTenant(db, (tx) => recordOperatorEvent(tx, clock, {}, event()));
    for (const [table, column] of Object.entries(AUDIT_TABLES)) {
      const asApp = (sql: string) => sqlState(() => withTenant(db, tenant.id, (tx) => tx.query(sql)));
      expect(await asApp(`UPDATE ${table} SET ${column} = ${column}`), `UPDATE ${table}`).toBe('42501');
      expect(await asApp(`DELETE FROM ${table}`), `DELETE ${table}`).toBe('42501');
      expect(await asApp(`TRUNCATE ${table}`), `TRUNCATE ${table}`).toBe('42501');
    }
    expect(await count('SELECT count(*)::int AS n FROM audit.tenant_events WHERE tenant_id = $1', [tenant.id])).toBeGreaterThan(0);
    expect(await sqlState(() => withTenant(db, tenant.id, (tx) => tx.query('DELETE FROM audit.tenant_chain_heads')))).toBe('42501');
  });

  it('refuses changes by trigger too, even to a role that was granted UPDATE and DELETE by mistake', async () => {
    await db.ownerTransaction((tx) => tx.query('GRANT UPDATE, DELETE ON audit.tenant_events, audit.operator_events TO sotas_app'));
    try {
      expect(await sqlState(() => withTenant(db, tenant.id, (tx) => tx.query(`UPDATE audit.tenant_events SET reason = 'forged'`)))).toBe('42501');
      expect(await sqlState(() => withTenant(db, tenant.id, (tx) => tx.query('DELETE FROM audit.tenant_events')))).toBe('42501');
      expect(await sqlState(() => withoutTenant(db, (tx) => tx.query('DELETE FROM audit.operator_events')))).toBe('42501');
      // Declaring maintenance does not help the application role either.
      expect(
        await sqlState(() =>
          withTenant(db, tenant.id, async (tx) => {
            await tx.query("SELECT set_config('sotas.audit_maintenance', 'on', true)");
            await tx.query('DELETE FROM audit.tenant_events');
          }),
        ),
      ).toBe('42501');
    } finally {
      await db.ownerTransaction((tx) => tx.query('REVOKE UPDATE, DELETE ON audit.tenant_events, audit.operator_events FROM sotas_app'));
    }
    expect(await sqlState(() => db.ownerTransaction((tx) => tx.query(`UPDATE audit.tenant_events SET reason = 'forged'`)))).toBe('42501');
  });

  it('refuses an entry written around the chain, and one claiming to predate it', async () => {
    const insert = `INSERT INTO audit.tenant_events (tenant_id, occurred_at, actor_type, action, result, pre_chain) VALUES ($1, now(), 'system', 'test.forged', 'success', $2)`;
    expect(await sqlState(() => withTenant(db, tenant.id, (tx) => tx.query(insert, [tenant.id, false])))).toBe('42501');
    expect(await sqlState(() => db.ownerTransaction((tx) => tx.query(insert, [tenant.id, true])))).toBe('42501');
  });

  it('hashes exactly what it stores: odd text, nested details and numbers verify after the round trip', async () => {
    const t = await buildTenant(db);
    const odd = ['', 'ｶﾀｶﾅ and 全角', 'emoji 🧪', 'nul\u0000byte', 'lone \ud800 surrogate', '"quotes" \\ back\nslash', 'x'.repeat(1500)];
    await withTenant(db, t.id, async (tx) => {
      for (const [i, text] of odd.entries()) {
        await recordTenantEvent(tx, clock, t.id, { userAgent: text, ip: text.slice(0, 20) }, event({
          reason: text,
          actor: { type: 'user', id: '0b6f3f5e-8a9e-4a49-9a43-9d2b7d3c8f10', name: text.slice(0, 50) },
          target: { type: 'thing', id: String(i), labels: [text.slice(0, 10)] },
          details: { text, n: [0, -1, 1.5, 1e21, 2 ** 60, Number.NaN], deep: { b: { a: [true, null, { z: 1, a: 2 }] } }, date: new Date('2026-01-02T03:04:05.006Z') },
        }));
      }
    });
    const report = await verifyStoredChain(db, { kind: 'tenant', tenantId: t.id }, []);
    expect(report).toMatchObject({ ok: true, entries: odd.length, firstSeq: 1, lastSeq: odd.length });
  });

  it('builds the canonical body without sorting, identical to canonical JSON of the same object', () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(value, { minLength: BODY_COLUMNS.tenant.length, maxLength: BODY_COLUMNS.tenant.length }), (values) => {
        const object = Object.fromEntries(BODY_COLUMNS.tenant.map((c, i) => [c, values[i]]));
        expect(entryBody('tenant', values)).toBe(canonicalJson(object));
      }),
    );
  });

  it('keeps each chain gap-free under concurrent writers on two app nodes', async () => {
    const t = await buildTenant(db);
    const second: Database =
      tdb.urls && db.kind === 'postgres' ? new PostgresDatabase({ ownerUrl: tdb.urls.owner, appUrl: tdb.urls.app, poolSize: 4 }) : db;
    try {
      const writes = (node: Database, n: number) =>
        Array.from({ length: 60 }, (_, i) =>
          withTenant(node, t.id, async (tx) => {
            await recordTenantEvent(tx, clock, t.id, {}, event({ details: { node: n, i } }));
            await recordOperatorEvent(tx, clock, {}, event({ action: 'test.operator_write', details: { node: n, i } }));
          }),
        );
      await Promise.all([...writes(db, 1), ...writes(second, 2)]);
    } finally {
      if (second !== db) await second.close();
    }
    const seqs = await db.ownerTransaction(async (tx) => (await tx.query<{ seq: number }>('SELECT seq::int AS seq FROM audit.tenant_events WHERE tenant_id = $1 ORDER BY seq', [t.id])).rows.map((r) => r.seq));
    expect(seqs).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect((await verifyStoredChain(db, { kind: 'tenant', tenantId: t.id }, [])).ok).toBe(true);
    const operator = await verifyStoredChain(db, { kind: 'operator' }, []);
    expect(operator.ok).toBe(true);
    expect(operator.entries).toBeGreaterThanOrEqual(120);
  });
});
