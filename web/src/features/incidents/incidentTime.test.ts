import { describe, expect, it } from 'vitest';
import { countdown, fromJstInput, searchKey, toJstInput } from './incidentTime';

describe('incident times in the console', () => {
  it('reads and writes datetime-local values as JST', () => {
    expect(fromJstInput('2026-11-24T09:40')).toBe('2026-11-24T09:40:00+09:00');
    expect(toJstInput(new Date('2026-11-24T00:40:00.000Z'))).toBe('2026-11-24T09:40');
    expect(fromJstInput('2026-02-30T10:00')).toBeNull();
    expect(fromJstInput('2026-11-24')).toBeNull();
    expect(fromJstInput('')).toBeNull();
  });

  it('counts down in days, hours and minutes, and up once overdue', () => {
    const deadline = new Date('2026-11-24T06:40:00.000Z');
    expect(countdown(deadline, new Date('2026-11-24T03:28:30.000Z'))).toEqual({ overdue: false, days: 0, hours: 3, minutes: 12 });
    expect(countdown(deadline, new Date('2026-11-24T06:39:59.000Z'))).toEqual({ overdue: false, days: 0, hours: 0, minutes: 1 });
    expect(countdown(deadline, new Date('2026-11-22T05:40:00.000Z'))).toEqual({ overdue: false, days: 2, hours: 1, minutes: 0 });
    expect(countdown(deadline, new Date('2026-11-24T06:52:30.000Z'))).toEqual({ overdue: true, days: 0, hours: 0, minutes: 12 });
  });

  it('matches tenant names however they are typed', () => {
    expect(searchKey('ﾄｳﾜ　ジュシ')).toBe(searchKey('とうわじゅし'));
    expect(searchKey('ＴＯＷＡ-01')).toBe('towa-01');
  });
});
