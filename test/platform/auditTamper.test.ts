import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { withTenant, withoutTenant, type Database } from '../../src/core/db/index.js';
import {
  canonicalJson,
  chainHash,
  loadOrCreateSigner,
  readTrustedKeys,
  recordOperatorEvent,
  recordTenantEvent,
  runVerifyAudit,
  sealHead,
  verifyStoredChain,
  type AuditSigner,
  type ChainReport,
  type TrustedKey,
} from '../../src/platform/audit/index.js';
import { buildTenant } from '../support/factories.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { tamper } from '../support/seeders/audit.js';

describe(`verify-audit names every kind of tampering (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let db: Database;
  let signer: AuditSigner;
  let keys: TrustedKey[];
  const keysDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'sotas-audit-keys-')), 'keys');
  const clock = new ManualClock('2026-11-27T01:00:00Z');

  beforeAll(async () => {
    tdb = await openTestDatabase();
    db = tdb.db;
    signer = loadOrCreateSigner(keysDir);
    keys = readTrustedKeys(keysDir);
  });
  afterAll(async () => tdb.close());

  /** A tenant whose chain has `n` entries, with a signed checkpoint after entry `checkpointAt`. */
  async function chain(n = 20, checkpointAt = 10): Promise<string> {
    const tenant = await buildTenant(db);
    for (let i = 1; i <= n; i++) {
      clock.advance(1_000);
      await withTenant(db, tenant.id, async (tx) => {
        await recordTenantEvent(tx, clock, tenant.id, { ip: '192.0.2.1' }, {
          actor: { type: 'user', id: '0b6f3f5e-8a9e-4a49-9a43-9d2b7d3c8f10', name: '山田 太郎' },
          action: 'process.order.updated',
          target: { type: 'order', id: `PO-${i}` },
          result: 'success',
          details: { i },
        });
        if (i === checkpointAt) await sealHead(tx, clock, signer, { kind: 'tenant', tenantId: tenant.id });
      });
    }
    return tenant.id;
  }

  const verify = (tenantId: string): Promise<ChainReport> => verifyStoredChain(db, { kind: 'tenant', tenantId }, keys);

  /** The stored entry at `seq` as the hash sees it, for forging. */
  async function entry(tenantId: string, seq: number): Promise<Record<string, unknown>> {
    return db.ownerTransaction(async (tx) => {
      const { rows } = await tx.query<Record<string, unknown>>(
        `SELECT *, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_text FROM audit.tenant_events WHERE tenant_id = $1 AND seq = $2`,
        [tenantId, seq],
      );
      return rows[0]!;
    });
  }

  function bodyOf(row: Record<string, unknown>, overrides: Record<string, unknown> = {}): string {
    const body: Record<string, unknown> = { ...row, occurred_at: row.occurred_text, ...overrides };
    for (const k of ['seq', 'prev_hash', 'hash', 'pre_chain', 'occurred_text']) delete body[k];
    return canonicalJson(body);
  }

  it('verifies an untouched chain, its signed checkpoint included', async () => {
    const report = await verify(await chain());
    expect(report).toMatchObject({ ok: true, entries: 20, firstSeq: 1, lastSeq: 20, checkpoints: 1 });
  });

  it('names an edited field', async () => {
    const id = await chain();
    await tamper(db, `UPDATE audit.tenant_events SET reason = 'nothing to see' WHERE tenant_id = $1 AND seq = 5`, [id]);
    expect((await verify(id)).break).toMatchObject({ seq: 5, kind: 'edited' });
  });

  it('names an edited entry whose own hash was recomputed (the next entry still links to the original)', async () => {
    const id = await chain();
    const row = await entry(id, 5);
    const forged = chainHash(row.prev_hash as string, 5, bodyOf(row, { actor_name: '別人' }));
    await tamper(db, `UPDATE audit.tenant_events SET actor_name = '別人', hash = $2 WHERE tenant_id = $1 AND seq = 5`, [id, forged]);
    expect((await verify(id)).break).toMatchObject({ seq: 5, kind: 'edited' });
  });

  it('names a deleted entry', async () => {
    const id = await chain();
    await tamper(db, 'DELETE FROM audit.tenant_events WHERE tenant_id = $1 AND seq = 7', [id]);
    expect((await verify(id)).break).toMatchObject({ seq: 7, kind: 'deleted' });
  });

  it('names a deleted entry whose gap was closed by renumbering', async () => {
    const id = await chain();
    await tamper(db, 'DELETE FROM audit.tenant_events WHERE tenant_id = $1 AND seq = 7', [id]);
    await tamper(db, 'UPDATE audit.tenant_events SET seq = seq + 1000 WHERE tenant_id = $1 AND seq > 7', [id]);
    await tamper(db, 'UPDATE audit.tenant_events SET seq = seq - 1001 WHERE tenant_id = $1 AND seq > 1000', [id]);
    expect((await verify(id)).break).toMatchObject({ seq: 7, kind: 'deleted' });
  });

  it('names two swapped entries, adjacent or not', async () => {
    for (const [a, b] of [[4, 8], [4, 5]] as const) {
      const id = await chain();
      await tamper(db, 'UPDATE audit.tenant_events SET seq = 999 WHERE tenant_id = $1 AND seq = $2', [id, a]);
      await tamper(db, 'UPDATE audit.tenant_events SET seq = $2 WHERE tenant_id = $1 AND seq = $3', [id, a, b]);
      await tamper(db, 'UPDATE audit.tenant_events SET seq = $2 WHERE tenant_id = $1 AND seq = 999', [id, b]);
      expect((await verify(id)).break, `${a}↔${b}`).toMatchObject({ seq: a, kind: 'reordered' });
    }
  });

  it('names an inserted entry, linked or not, and one written outside the chain', async () => {
    for (const linked of [true, false]) {
      const id = await chain();
      const before = await entry(id, 5);
      await tamper(db, 'UPDATE audit.tenant_events SET seq = seq + 1000 WHERE tenant_id = $1 AND seq >= 6', [id]);
      await tamper(db, 'UPDATE audit.tenant_events SET seq = seq - 999 WHERE tenant_id = $1 AND seq > 1000', [id]);
      const forgedId = '11111111-2222-4333-8444-555555555555';
      const prev = linked ? (before.hash as string) : 'f'.repeat(64);
      const body = bodyOf({ ...before, id: forgedId }, { reason: 'approved by nobody' });
      await tamper(
        db,
        `INSERT INTO audit.tenant_events (tenant_id, id, seq, prev_hash, hash, occurred_at, actor_type, actor_id, actor_name, action, target_type, target_id, result, reason, ip, details)
         SELECT tenant_id, $2, 6, $3, $4, occurred_at, actor_type, actor_id, actor_name, action, target_type, target_id, result, 'approved by nobody', ip, details
           FROM audit.tenant_events WHERE tenant_id = $1 AND seq = 5`,
        [id, forgedId, prev, chainHash(prev, 6, body)],
      );
      expect((await verify(id)).break, linked ? 'linked' : 'unlinked').toMatchObject({ seq: 6, kind: 'inserted' });
    }
    const id = await chain();
    await tamper(db, `INSERT INTO audit.tenant_events (tenant_id, occurred_at, actor_type, action, result) VALUES ($1, now(), 'system', 'test.forged', 'success')`, [id]);
    expect((await verify(id)).break).toMatchObject({ seq: null, kind: 'inserted' });
  });

  it('names a tail truncated after a checkpoint, whether or not the chain head was reset', async () => {
    const id = await chain(20, 10);
    await tamper(db, 'DELETE FROM audit.tenant_events WHERE tenant_id = $1 AND seq > 10', [id]);
    expect((await verify(id)).break).toMatchObject({ seq: 11, kind: 'truncated' });

    const id2 = await chain(20, 10);
    const seven = await entry(id2, 7);
    await tamper(db, 'DELETE FROM audit.tenant_events WHERE tenant_id = $1 AND seq > 7', [id2]);
    await tamper(db, 'UPDATE audit.tenant_chain_heads SET seq = 7, hash = $2 WHERE tenant_id = $1', [id2, seven.hash]);
    expect((await verify(id2)).break).toMatchObject({ seq: 8, kind: 'truncated' });
  });

  it('names a chain rewritten consistently from an entry before a checkpoint', async () => {
    const id = await chain(20, 10);
    let prev = (await entry(id, 4)).hash as string;
    for (let seq = 5; seq <= 20; seq++) {
      const row = await entry(id, seq);
      const overrides = seq === 5 ? { reason: 'rewritten history' } : {};
      const hash = chainHash(prev, seq, bodyOf(row, overrides));
      await tamper(db, `UPDATE audit.tenant_events SET prev_hash = $3, hash = $4${seq === 5 ? ", reason = 'rewritten history'" : ''} WHERE tenant_id = $1 AND seq = $2`, [id, seq, prev, hash]);
      prev = hash;
    }
    await tamper(db, 'UPDATE audit.tenant_chain_heads SET hash = $2 WHERE tenant_id = $1', [id, prev]);
    expect((await verify(id)).break).toMatchObject({ seq: 10, kind: 'rewritten' });
  });

  it('names a checkpoint whose signature was forged or made with another key', async () => {
    const id = await chain(12, 10);
    await tamper(db, `UPDATE audit.tenant_checkpoints SET signature = $2 WHERE tenant_id = $1`, [id, Buffer.alloc(64, 7).toString('base64')]);
    expect((await verify(id)).break).toMatchObject({ seq: 10, kind: 'signature' });
    const other = loadOrCreateSigner(path.join(mkdtempSync(path.join(os.tmpdir(), 'sotas-other-key-')), 'keys'));
    const id2 = await chain(3, 3);
    expect((await verifyStoredChain(db, { kind: 'tenant', tenantId: id2 }, [{ keyId: other.keyId, publicKeyPem: other.publicKeyPem }])).break).toMatchObject({ kind: 'signature' });
  });

  it('verifies and breaks the operator log the same way', async () => {
    for (let i = 0; i < 5; i++) {
      await withoutTenant(db, (tx) => recordOperatorEvent(tx, clock, {}, { actor: { type: 'system' }, action: 'ops.test.ran', result: 'success', details: { i } }));
    }
    expect((await verifyStoredChain(db, { kind: 'operator' }, keys)).ok).toBe(true);
    await tamper(db, `UPDATE audit.operator_events SET result = 'failure' WHERE seq = 2`);
    expect((await verifyStoredChain(db, { kind: 'operator' }, keys)).break).toMatchObject({ seq: 2, kind: 'edited' });
  });

  it('verify-audit prints each broken chain with its first break and exits 1; an intact deployment exits 0', async () => {
    const config = loadConfig({ DATA_DIR: path.dirname(keysDir), NODE_ENV: 'test' });
    const out: string[] = [];
    expect(await runVerifyAudit(db, config, (t) => out.push(t))).toBe(1);
    const text = out.join('\n');
    expect(text).toMatch(/BROKEN operator: edited at entry 2/);
    expect(text).toMatch(/BROKEN tenant:[0-9a-f-]+: reordered at entry 4/);
    expect(text).toMatch(/FAILED: \d+ chains, \d+ entries verified/);

    const fresh = await openTestDatabase();
    try {
      const tenant = await buildTenant(fresh.db);
      await withTenant(fresh.db, tenant.id, (tx) => recordTenantEvent(tx, clock, tenant.id, {}, { actor: { type: 'system' }, action: 'test.ok', result: 'success' }));
      const clean: string[] = [];
      expect(await runVerifyAudit(fresh.db, config, (t) => clean.push(t))).toBe(0);
      expect(clean.join('\n')).toMatch(/^OK: 2 chains, 1 entries verified/m);
    } finally {
      await fresh.close();
    }
  });
});
