import { execFile } from 'node:child_process';
import { systemClock, type Clock } from './clock.js';

/**
 * Whether the host clock is synchronised to NTP (12.4.4), as the host itself reports it.
 * `unknown` when no tool answers: the reason is given, and nothing is guessed.
 */
export type ClockSyncStatus =
  | { status: 'synchronised' | 'unsynchronised'; source: 'chrony' | 'timedatectl'; offsetMs: number | null; checkedAt: string; detail: string }
  | { status: 'unknown'; source: null; offsetMs: null; checkedAt: string; reason: string };

/** Runs a program with arguments and a timeout; resolves with stdout or rejects. */
export type CommandRunner = (file: string, args: readonly string[], timeoutMs: number) => Promise<string>;

/** The real runner: `execFile` (no shell), a short timeout, a small output limit, C locale. */
export const execFileRunner: CommandRunner = (file, args, timeoutMs) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: timeoutMs, maxBuffer: 64 * 1024, env: { LC_ALL: 'C', PATH: '/usr/bin:/bin:/usr/sbin:/sbin' } }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr: String(stderr) }));
      else resolve(String(stdout));
    });
  });

/**
 * Reads `chronyc tracking`: "System time : 0.000012 seconds fast of NTP time" gives the
 * offset (fast = ahead); "Leap status : Not synchronised" means no sync.
 */
export function parseChronyTracking(output: string): { synchronised: boolean; offsetMs: number | null } | undefined {
  const leap = /^Leap status\s*:\s*(.+)$/m.exec(output)?.[1]?.trim();
  if (!leap) return undefined;
  const time = /^System time\s*:\s*([0-9.]+) seconds (fast|slow) of NTP time/m.exec(output);
  // Milliseconds to the microsecond: finer digits are noise at this scale.
  const offsetMs = time ? (Math.round(Number(time[1]) * 1_000_000) / 1000) * (time[2] === 'fast' ? 1 : -1) : null;
  return { synchronised: !/not synchronised/i.test(leap), offsetMs };
}

/** Reads `timedatectl show`: `NTPSynchronized=yes|no` (it does not measure an offset). */
export function parseTimedatectlShow(output: string): { synchronised: boolean } | undefined {
  const value = /^NTPSynchronized=(yes|no)$/m.exec(output)?.[1];
  return value ? { synchronised: value === 'yes' } : undefined;
}

function reasonOf(error: unknown): string {
  const e = error as { code?: string | number; killed?: boolean; stderr?: string; message?: string };
  if (e.code === 'ENOENT') return 'not installed';
  if (e.killed) return 'timed out';
  const text = (e.stderr || e.message || String(error)).trim().split('\n')[0] ?? '';
  return text.slice(0, 200) || 'failed';
}

/**
 * Asks chrony first (it measures the offset), then systemd's timedatectl. Each gets
 * `timeoutMs`; a tool that is missing or fails is named in the reason.
 */
export async function readClockSync(options: { run?: CommandRunner; timeoutMs?: number; clock?: Clock } = {}): Promise<ClockSyncStatus> {
  const run = options.run ?? execFileRunner;
  const timeoutMs = options.timeoutMs ?? 2_000;
  const checkedAt = (options.clock ?? systemClock).now().toISOString();
  const reasons: string[] = [];
  try {
    const out = await run('chronyc', ['tracking'], timeoutMs);
    const parsed = parseChronyTracking(out);
    if (parsed) {
      return { status: parsed.synchronised ? 'synchronised' : 'unsynchronised', source: 'chrony', offsetMs: parsed.offsetMs, checkedAt, detail: 'chronyc tracking' };
    }
    reasons.push('chronyc: unexpected output');
  } catch (error) {
    reasons.push(`chronyc: ${reasonOf(error)}`);
  }
  try {
    const out = await run('timedatectl', ['show'], timeoutMs);
    const parsed = parseTimedatectlShow(out);
    if (parsed) {
      return { status: parsed.synchronised ? 'synchronised' : 'unsynchronised', source: 'timedatectl', offsetMs: null, checkedAt, detail: 'timedatectl show (reports no offset)' };
    }
    reasons.push('timedatectl: unexpected output');
  } catch (error) {
    reasons.push(`timedatectl: ${reasonOf(error)}`);
  }
  return { status: 'unknown', source: null, offsetMs: null, checkedAt, reason: reasons.join('; ') };
}
