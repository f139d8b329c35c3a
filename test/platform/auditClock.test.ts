import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { execFileRunner, parseChronyTracking, parseTimedatectlShow, readClockSync, type CommandRunner } from '../../src/core/clockSync.js';

const CHRONY = `Reference ID    : A9FEA97B (169.254.169.123)
Stratum         : 4
Ref time (UTC)  : Fri Nov 27 01:00:00 2026
System time     : 0.000123456 seconds slow of NTP time
Last offset     : -0.000001234 seconds
RMS offset      : 0.000012345 seconds
Frequency       : 5.123 ppm slow
Leap status     : Normal
`;

const clock = new ManualClock('2026-11-27T01:00:00Z');

/** A runner that answers per program: text, or an error like execFile's. */
function fake(answers: Record<string, string | { code?: string; killed?: boolean; stderr?: string }>): CommandRunner {
  return async (file) => {
    const answer = answers[file];
    if (answer === undefined) throw Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT' });
    if (typeof answer === 'string') return answer;
    throw Object.assign(new Error('failed'), answer);
  };
}

describe('host clock synchronisation (12.4.4)', () => {
  it('reads chrony’s offset and sign, and its leap status', () => {
    expect(parseChronyTracking(CHRONY)).toEqual({ synchronised: true, offsetMs: -0.123 });
    expect(parseChronyTracking(CHRONY.replace('slow of', 'fast of'))).toEqual({ synchronised: true, offsetMs: 0.123 });
    expect(parseChronyTracking(CHRONY.replace('Normal', 'Not synchronised'))?.synchronised).toBe(false);
    expect(parseChronyTracking('506 Cannot talk to daemon')).toBeUndefined();
  });

  it('reads timedatectl’s NTPSynchronized flag', () => {
    expect(parseTimedatectlShow('Timezone=UTC\nNTP=yes\nNTPSynchronized=yes\n')).toEqual({ synchronised: true });
    expect(parseTimedatectlShow('NTPSynchronized=no\n')).toEqual({ synchronised: false });
    expect(parseTimedatectlShow('Timezone=UTC\n')).toBeUndefined();
  });

  it('prefers chrony, which measures the offset, and falls back to timedatectl', async () => {
    expect(await readClockSync({ run: fake({ chronyc: CHRONY, timedatectl: 'NTPSynchronized=no' }), clock })).toEqual({
      status: 'synchronised', source: 'chrony', offsetMs: -0.123, checkedAt: '2026-11-27T01:00:00.000Z', detail: 'chronyc tracking',
    });
    expect(await readClockSync({ run: fake({ timedatectl: 'NTPSynchronized=no\n' }), clock })).toMatchObject({ status: 'unsynchronised', source: 'timedatectl', offsetMs: null });
  });

  it('says unknown, with the reason for each tool, when neither answers — never a guess', async () => {
    expect(await readClockSync({ run: fake({}), clock })).toEqual({
      status: 'unknown', source: null, offsetMs: null, checkedAt: '2026-11-27T01:00:00.000Z', reason: 'chronyc: not installed; timedatectl: not installed',
    });
    const failing = fake({ chronyc: { killed: true }, timedatectl: { stderr: 'System has not been booted with systemd as init system (PID 1). Can\'t operate.\nFailed to connect to bus' } });
    expect((await readClockSync({ run: failing, clock })).status).toBe('unknown');
    expect(await readClockSync({ run: failing, clock })).toMatchObject({ reason: "chronyc: timed out; timedatectl: System has not been booted with systemd as init system (PID 1). Can't operate." });
  });

  it('runs the real tools with a short timeout and no shell', async () => {
    await expect(execFileRunner('sleep', ['5'], 100)).rejects.toMatchObject({ killed: true });
    await expect(execFileRunner('no-such-tool-here', [], 1_000)).rejects.toMatchObject({ code: 'ENOENT' });
    const started = Date.now();
    const state = await readClockSync({ timeoutMs: 1_500 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(['synchronised', 'unsynchronised', 'unknown']).toContain(state.status);
    if (state.status === 'unknown') expect(state.reason).toMatch(/^chronyc: .+; timedatectl: .+$/);
  });
});
