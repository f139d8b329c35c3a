import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/core/db/index.js';
import { buildTenant, buildUser, type BuiltTenant } from '../support/factories.js';
import { HttpUser, PgCluster, report, runCli, ServerProcess, sessionFor, sleep, tempDir, type Answer } from './support/harness.js';

/**
 * kill -9 of the app in the middle of a burst of writes: every write the client saw
 * acknowledged survives the crash, and no command is half-written (each row has its audit
 * event and each event its row; the audit chain verifies).
 */
describe('app process killed (SIGKILL) during a burst of writes', () => {
  let cluster: PgCluster;
  let db: Database;
  let server: ServerProcess | undefined;
  const dataDir = tempDir('kill');

  beforeAll(async () => {
    cluster = await PgCluster.create();
  });

  afterAll(async () => {
    server?.kill('SIGKILL');
    await db?.close();
    cluster?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged create and no half-written one, and the audit chain verifies', async () => {
    server = await ServerProcess.start({ databaseUrl: cluster.ownerUrl, dataDir });
    db = cluster.open();
    const tenant: BuiltTenant = await buildTenant(db);
    const users: HttpUser[] = [];
    for (let i = 0; i < 4; i++) {
      const user = await buildUser(db, tenant, { memberships: [{ service: 'process', role: 'admin' }] });
      users.push(new HttpUser(server.baseUrl, await sessionFor(db, user), i % 2 === 0 ? 'ja' : 'en'));
    }

    const TOTAL = 200;
    const acknowledged = new Map<string, string>(); // code → item id
    const answers: Answer[] = [];
    let sent = 0;
    const create = async (n: number): Promise<void> => {
      const user = users[n % users.length]!;
      const code = `KILL-${String(n).padStart(4, '0')}`;
      sent++;
      const answer = await user.request('POST', '/api/process/items', { code, name: `試験品 ${n}`, kind: 'raw', unit: 'kg' });
      answers.push(answer);
      if (answer.status === 201) acknowledged.set(code, (answer.body as { item: { id: string } }).item.id);
    };

    // A first wave settles so the kill lands in a steady stream rather than at the start.
    await Promise.all(Array.from({ length: 20 }, (_, n) => create(n)));
    expect(acknowledged.size).toBe(20);
    const burst = Promise.all(Array.from({ length: TOTAL - 20 }, (_, n) => create(20 + n)));
    // Kill as soon as some more of the burst are acknowledged: many are then in flight.
    const deadline = Date.now() + 60_000;
    while (acknowledged.size < 60 && Date.now() < deadline) await sleep(5);
    const killedPid = server.pid;
    server.kill('SIGKILL');
    await burst;
    await server.exited;
    const refused = answers.filter((a) => a.status === -1).length;
    const other = answers.filter((a) => a.status !== -1 && a.status !== 201);
    expect(other.map((a) => a.status)).toEqual([]);
    expect(refused).toBeGreaterThan(0);

    const restartStarted = performance.now();
    server = await ServerProcess.start({ databaseUrl: cluster.ownerUrl, dataDir });
    const restartMs = Math.round(performance.now() - restartStarted);
    expect(server.pid).not.toBe(killedPid);

    // Every acknowledged write is there, through the app and in the database.
    const reader = new HttpUser(server.baseUrl, users[0]!.session);
    const listed = await reader.request('GET', '/api/process/items?pageSize=500');
    expect(listed.status).toBe(200);
    const listedCodes = new Set((listed.body as { items: { code: string }[] }).items.map((i) => i.code));
    const missing = [...acknowledged.keys()].filter((code) => !listedCodes.has(code));
    expect(missing).toEqual([]);

    const rows = await db.ownerTransaction(async (tx) => ({
      items: (await tx.query<{ id: string; code: string }>('SELECT id, code FROM process.items WHERE tenant_id = $1', [tenant.id])).rows,
      events: (await tx.query<{ target_id: string }>("SELECT target_id FROM audit.tenant_events WHERE tenant_id = $1 AND action = 'process.item.created'", [tenant.id])).rows,
    }));
    const itemIds = new Set(rows.items.map((r) => r.id));
    const eventIds = new Set(rows.events.map((r) => r.target_id));
    for (const [code, id] of acknowledged) expect(itemIds.has(id), `acknowledged ${code} is stored`).toBe(true);
    // No half-written command: each stored item has exactly its one event, and no event lacks its item.
    expect(rows.events).toHaveLength(rows.items.length);
    expect([...itemIds].filter((id) => !eventIds.has(id))).toEqual([]);
    expect([...eventIds].filter((id) => !itemIds.has(id))).toEqual([]);

    const verify = await runCli(['verify-audit'], { DATABASE_URL: cluster.ownerUrl, DATA_DIR: dataDir });
    expect(verify.code, verify.output).toBe(0);

    report('kill -9 during a burst of creates', {
      'creates sent': sent,
      'acknowledged (201) before the kill': acknowledged.size,
      'acknowledged found after restart': acknowledged.size - missing.length,
      'unanswered (connection reset or refused)': refused,
      'stored rows (acknowledged + committed but unanswered)': rows.items.length,
      'rows without event / events without row': `${[...itemIds].filter((id) => !eventIds.has(id)).length} / ${[...eventIds].filter((id) => !itemIds.has(id)).length}`,
      'restart until serving (ms)': restartMs,
      'verify-audit': verify.code === 0 ? 'ok' : `exit ${verify.code}`,
    });
  });
});
