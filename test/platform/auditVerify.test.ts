import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { withTenant, withoutTenant, type Database } from '../../src/core/db/index.js';
import {
  canonicalJson,
  chainHash,
  GENESIS_HASH,
  recordOperatorEvent,
  recordTenantEvent,
  verifyStoredChain,
  type AuditEvent,
} from '../../src/platform/audit/index.js';
import { entryColumns } from '../../src/platform/audit/events.js';
import { readEntryBodies } from '../../src/platform/audit/verifyRead.js';
import { buildTenant } from '../support/factories.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { tamper } from '../support/seeders/audit.js';

/** Text that JSON escapes, or that is stored in more than one byte per character. */
const ODD = ['', 'ｶﾀｶﾅ and 全角', 'emoji 🧪 and 𠮷', 'tab\there, cr\rthere', '"quotes" \\ back\nslash /', 'ctl \u0001\u001f\u007f\u0085 end', '\u2028\u2029', 'x'.repeat(1500)];

const odd = (text: string, i: number): AuditEvent => ({
  actor: { type: 'system', id: randomUUID().toUpperCase(), name: text.slice(0, 50) },
  action: 'test.verify_read',
  result: 'failure',
  reason: text,
  target: { type: text.slice(0, 20) || 'thing', id: String(i), labels: [text.slice(0, 10), '社外秘', ''] },
  details: {
    text,
    [text.slice(0, 5) || 'k']: 1,
    '\u00e9': 1, e: 2, 'e\u0301': 3, '𠮷': 4, 'ｶ': 5, A: 6, aa: 7, b: 8,
    n: [0, -0, -1, 1.5, 1e21, 1e-7, 2 ** 60, 0.1 + 0.2],
    deep: { b: { a: [true, false, null, { z: 1, a: 2 }] } },
  },
  ...(i % 2 ? { changes: { before: { text }, after: { n: i } } } : {}),
});

describe(`verify-audit reads what the writers hashed (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let db: Database;
  const clock = new ManualClock('2026-11-27T01:00:00.123Z');

  beforeAll(async () => {
    tdb = await openTestDatabase();
    db = tdb.db;
  });
  afterAll(async () => tdb.close());

  it('checks every entry of a tenant chain of odd text against the hash written with its canonical body, and finds an edited one', async () => {
    const tenant = await buildTenant(db);
    await withTenant(db, tenant.id, async (tx) => {
      for (const [i, text] of ODD.entries()) {
        clock.advance(1);
        await recordTenantEvent(tx, clock, tenant.id, { userAgent: text, ip: text.slice(0, 20), requestId: text.slice(0, 30), sessionId: text }, odd(text, i));
      }
    });
    const read = () => withTenant(db, tenant.id, (tx) => readEntryBodies(tx, { kind: 'tenant', tenantId: tenant.id }, 0, ODD.length, 100));
    const entries = await read();
    expect(entries.map((e) => e.seq)).toEqual(ODD.map((_, i) => i + 1));
    expect(entries.every((e) => e.hashValid)).toBe(true);

    await tamper(db, `UPDATE audit.tenant_events SET details = details || '{"text": "changed"}' WHERE tenant_id = $1 AND seq = 3`, [tenant.id]);
    expect((await read()).map((e) => e.hashValid)).toEqual(ODD.map((_, i) => i + 1 !== 3));
    expect((await verifyStoredChain(db, { kind: 'tenant', tenantId: tenant.id }, [])).break).toMatchObject({ seq: 3, kind: 'edited' });
  });

  it('checks the operator log the same way, entries without a customer or changes included', async () => {
    const from = await withoutTenant(db, async (tx) => Number((await tx.query<{ n: string }>('SELECT coalesce(max(seq), 0)::text AS n FROM audit.operator_events')).rows[0]!.n));
    const tenant = await buildTenant(db);
    await withoutTenant(db, async (tx) => {
      for (const [i, text] of ODD.entries()) {
        clock.advance(1);
        await recordOperatorEvent(tx, clock, { userAgent: text }, { ...odd(text, i), ...(i % 3 ? { customerId: tenant.id.toUpperCase() } : {}) });
      }
    });
    const entries = await withoutTenant(db, (tx) => readEntryBodies(tx, { kind: 'operator' }, from, from + ODD.length, 100));
    expect(entries).toHaveLength(ODD.length);
    expect(entries.every((e) => e.hashValid)).toBe(true);
  });

  /** Writes a valid chain of `count` entries straight into the table (as the owner), as a long log would be. */
  async function longChain(tenantId: string, count: number): Promise<void> {
    const sample = odd('長い記録', 1);
    let prev = GENESIS_HASH;
    const rows: Record<string, unknown>[] = [];
    for (let seq = 1; seq <= count; seq++) {
      const c = { ...entryColumns(clock, {}, sample), occurred_at: new Date(Date.UTC(2026, 10, 27) + seq).toISOString(), details: { seq, at: 'x'.repeat(seq % 7) } };
      const body = { ...c, tenant_id: tenantId };
      const hash = chainHash(prev, seq, canonicalJson(body));
      rows.push({ ...body, seq, prev_hash: prev, hash, pre_chain: false });
      prev = hash;
    }
    await db.ownerTransaction(async (tx) => {
      await tx.query('INSERT INTO audit.tenant_events SELECT * FROM json_populate_recordset(NULL::audit.tenant_events, $1::json)', [JSON.stringify(rows)]);
      await tx.query('INSERT INTO audit.tenant_chain_heads (tenant_id, seq, prev_hash, hash, updated_at) VALUES ($1, $2, $3, $3, now())', [tenantId, count, prev]);
    });
  }

  it('walks a chain longer than many batches read at once, and names the first break in a later batch', async () => {
    const tenant = await buildTenant(db);
    const count = 12_345;
    await longChain(tenant.id, count);
    const verify = () => verifyStoredChain(db, { kind: 'tenant', tenantId: tenant.id }, []);
    expect(await verify()).toMatchObject({ ok: true, entries: count, firstSeq: 1, lastSeq: count });

    await tamper(db, `UPDATE audit.tenant_events SET reason = 'nothing to see' WHERE tenant_id = $1 AND seq IN (10001, 11000)`, [tenant.id]);
    expect(await verify()).toMatchObject({ ok: false, entries: 10_000, break: { seq: 10_001, kind: 'edited' } });

    await tamper(db, `DELETE FROM audit.tenant_events WHERE tenant_id = $1 AND seq BETWEEN 7500 AND 7502`, [tenant.id]);
    expect((await verify()).break).toMatchObject({ seq: 7500, kind: 'deleted' });
  });
});
