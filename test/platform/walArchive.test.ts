import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import { migrate, PostgresDatabase, withoutTenant } from '../../src/core/db/index.js';
import { createTestApp } from '../support/app.js';
import { signInStaff } from '../support/seeders/audit.js';
import { checkWalArchive, recoveryTargetTime, type BackupStatus } from '../../src/platform/backup/index.js';
import { masterKeyProvider } from '../../src/platform/keys/index.js';
import { freePort } from '../support/net.js';

/**
 * Continuous WAL archiving and point-in-time recovery on a throwaway PostgreSQL cluster made
 * with the machine's own binaries (docs/backup.md describes the same setup for production).
 * initdb refuses to run as root, so every server command runs as the `postgres` OS user.
 */

const LONG = 300_000;
const RUNUSER = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((p) => existsSync(p));

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v) && Number(v) >= 15).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = versions.map((v) => path.join(root, v, 'bin')).find((dir) => ['initdb', 'pg_ctl', 'pg_basebackup'].every((tool) => existsSync(path.join(dir, tool))));
  if (!bin) {
    throw new Error('This test needs PostgreSQL 15+ server binaries (initdb, pg_ctl, pg_basebackup) under /usr/lib/postgresql/<version>/bin: install Debian\'s postgresql package.');
  }
  if (!RUNUSER) throw new Error('This test needs runuser (util-linux) to run the PostgreSQL tools as the postgres user: install util-linux.');
  return bin;
}

function postgresIds(): { uid: number; gid: number } {
  try {
    return { uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) };
  } catch {
    throw new Error('This test needs the `postgres` OS user (created by Debian\'s postgresql package) to run initdb, which refuses root.');
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await sleep(200);
  }
}

describe('PostgreSQL mode: continuous WAL archiving and point-in-time recovery', () => {
  let bin: string;
  let work: string;
  let port: number;
  const running = new Set<string>();
  const asPostgres = (tool: string, args: string[]) =>
    execFileSync(RUNUSER!, ['-u', 'postgres', '--', tool.includes('/') ? tool : path.join(bin, tool), ...args], { stdio: 'pipe', timeout: 120_000 }).toString();
  const start = (dataDir: string) => {
    const log = path.join(work, `${path.basename(dataDir)}.log`);
    try {
      asPostgres('pg_ctl', ['-D', dataDir, '-l', log, '-w', '-t', '120', 'start']);
    } catch (error) {
      throw new Error(`PostgreSQL did not start on ${dataDir}:\n${existsSync(log) ? readFileSync(log, 'utf8').slice(-3000) : '(no log)'}`, { cause: error });
    }
    running.add(dataDir);
  };
  const stop = (dataDir: string) => {
    asPostgres('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    running.delete(dataDir);
  };
  const client = async () => {
    const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    await c.connect();
    return c;
  };
  /** Switches to a new WAL segment and waits until the archiver has copied the one it closed. */
  const switchAndArchive = async (c: pg.Client) => {
    const { rows } = await c.query<{ wal: string }>('SELECT pg_walfile_name(pg_switch_wal()) AS wal');
    const wal = rows[0]!.wal;
    await until(`segment ${wal} in the archive`, async () => (existsSync(path.join(work, 'archive', wal)) ? true : undefined));
    await until('pg_stat_archiver to report it', async () => {
      const r = await c.query<{ last: string | null }>('SELECT last_archived_wal AS last FROM pg_stat_archiver');
      return r.rows[0]!.last !== null && r.rows[0]!.last >= wal ? true : undefined;
    });
    return wal;
  };

  beforeAll(async () => {
    bin = postgresBin();
    const { uid, gid } = postgresIds();
    work = mkdtempSync(path.join(os.tmpdir(), 'sotas-wal-'));
    chownSync(work, uid, gid);
    port = await freePort();
    asPostgres('/bin/mkdir', [path.join(work, 'archive')]);
    asPostgres('initdb', ['-D', path.join(work, 'data'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    // The documented settings (docs/backup.md): every segment copied to the archive, a new
    // one forced at least every five minutes, never overwriting an archived segment.
    appendFileSync(
      path.join(work, 'data', 'postgresql.conf'),
      [
        '',
        `port = ${port}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${work}'`,
        'wal_level = replica',
        'archive_mode = on',
        'archive_timeout = 300',
        `archive_command = 'test ! -f ${work}/archive/%f && cp %p ${work}/archive/%f'`,
        'max_wal_senders = 4',
        'fsync = off',
        '',
      ].join('\n'),
    );
    start(path.join(work, 'data'));
  }, LONG);

  afterAll(async () => {
    for (const dir of running) {
      try {
        stop(dir);
      } catch {
        // Already stopped; the folder goes anyway.
      }
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('reports the archiver to the console: last archived segment, its age, and failures alerted to staff', { timeout: LONG }, async () => {
    const c = await client();
    const ownerUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const db = new PostgresDatabase({ ownerUrl, appUrl: `postgres://sotas_app@127.0.0.1:${port}/postgres`, poolSize: 2 });
    let app: App | undefined;
    try {
      await migrate(db);
      app = await createTestApp(db, { env: { STAFF_ALERT_EMAIL: 'ops@provider.example' } });
      const wal = await switchAndArchive(c);
      const staff = await signInStaff(app, systemClock, { roles: ['auditor'] });
      const status = (await staff.client.get('/api/ops/backups/status')).json().status as BackupStatus;
      expect(status.mode).toBe('wal');
      expect(status.wal).toMatchObject({ archiveMode: 'on', archiveTimeoutSeconds: 300, lastArchivedWal: wal, state: 'ok', failedCount: 0 });
      expect(status.wal!.ageSeconds).toBeLessThan(60);
      expect(status.backupAgeSeconds).toBe(status.wal!.ageSeconds);
      expect(status.current).toBe(true);

      // The archive command starts failing: the status says so and staff are alerted once.
      await c.query(`ALTER SYSTEM SET archive_command = 'false'`);
      await c.query('SELECT pg_reload_conf()');
      await c.query('CREATE TABLE public.noise AS SELECT generate_series(1, 1000) AS n');
      await c.query('SELECT pg_switch_wal()');
      await until('a failed archive attempt', async () => ((await c.query<{ n: string }>('SELECT failed_count AS n FROM pg_stat_archiver')).rows[0]!.n !== '0' ? true : undefined));
      const deps = { config: app.config, db, clock: systemClock, keys: masterKeyProvider(app.config.masterKeyFile) };
      expect((await checkWalArchive(deps))!.state).toBe('failing');
      await checkWalArchive(deps);
      const alerts = async () => withoutTenant(db, async (tx) => (await tx.query<{ open: boolean }>(`SELECT resolved_at IS NULL AS open FROM ops.staff_alerts WHERE key = 'backup:wal'`)).rows);
      expect(await alerts()).toEqual([{ open: true }]);
      const failing = (await staff.client.get('/api/ops/backups/status')).json().status as BackupStatus;
      expect(failing.wal!.state).toBe('failing');
      expect(failing.current).toBe(false);

      // Fixed: the waiting segment is archived and the alert closes.
      await c.query('ALTER SYSTEM RESET archive_command');
      await c.query('SELECT pg_reload_conf()');
      await switchAndArchive(c);
      await until('the archiver to recover', async () => ((await checkWalArchive(deps))!.state === 'ok' ? true : undefined));
      expect(await alerts()).toEqual([{ open: false }]);
    } finally {
      await app?.close();
      await db.close();
      await c.end();
    }
  });

  it('restores a base backup with the archived WAL to a chosen time: only what was committed before it exists', { timeout: LONG }, async () => {
    const c = await client();
    let target: Date;
    try {
      await c.query('CREATE TABLE public.orders (id int PRIMARY KEY, note text NOT NULL)');
      asPostgres('pg_basebackup', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-D', path.join(work, 'base'), '-X', 'stream', '-c', 'fast', '--no-sync']);
      await c.query(`INSERT INTO public.orders SELECT g, '受注 ' || g FROM generate_series(1, 100) g`);
      // The target is chosen to the millisecond (as a user would), so it is taken a little after
      // the commit: a JavaScript Date drops the microseconds and could fall before the commit.
      await sleep(20);
      target = (await c.query<{ at: Date }>(`SELECT date_trunc('milliseconds', clock_timestamp()) AS at`)).rows[0]!.at;
      await sleep(1_100);
      await c.query(`INSERT INTO public.orders SELECT g, '後の受注 ' || g FROM generate_series(101, 200) g`);
      expect((await c.query<{ n: number }>('SELECT count(*)::int AS n FROM public.orders')).rows[0]!.n).toBe(200);
      await switchAndArchive(c);
    } finally {
      await c.end();
    }
    stop(path.join(work, 'data'));

    // Recovery on a copy of the base backup, replaying the archive up to the target time.
    const restored = path.join(work, 'restored');
    asPostgres('/bin/cp', ['-a', path.join(work, 'base'), restored]);
    appendFileSync(
      path.join(restored, 'postgresql.conf'),
      [
        '',
        `restore_command = 'cp ${work}/archive/%f %p'`,
        `recovery_target_time = '${recoveryTargetTime(target)}'`,
        "recovery_target_action = 'promote'",
        'archive_mode = off',
        '',
      ].join('\n'),
    );
    asPostgres('/bin/touch', [path.join(restored, 'recovery.signal')]);
    start(restored);
    const r = await client();
    try {
      await until('recovery to finish and the server to promote', async () => ((await r.query<{ rec: boolean }>('SELECT pg_is_in_recovery() AS rec')).rows[0]!.rec ? undefined : true));
      const { rows } = await r.query<{ n: number; max: number; later: number }>(
        `SELECT count(*)::int AS n, max(id) AS max, count(*) FILTER (WHERE note LIKE '後の%')::int AS later FROM public.orders`,
      );
      expect(rows[0]).toEqual({ n: 100, max: 100, later: 0 });
    } finally {
      await r.end();
    }
  });
});
