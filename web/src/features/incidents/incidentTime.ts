import { useEffect, useState } from 'react';

const JST_OFFSET_MS = 9 * 3_600_000;
const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** The value of a `datetime-local` input for an instant, in Japan time whatever the browser's zone. */
export function toJstInput(date: Date): string {
  return new Date(date.getTime() + JST_OFFSET_MS).toISOString().slice(0, 16);
}

/** An instant (ISO 8601 with +09:00) from a `datetime-local` value read as JST; null when incomplete or not a calendar date. */
export function fromJstInput(value: string): string | null {
  if (!LOCAL_INPUT.test(value)) return null;
  const iso = `${value}:00+09:00`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  // Date rolls 02-30 over into March; such a value is a typing mistake, not a time.
  return toJstInput(date) === value ? iso : null;
}

/** Time to a deadline in whole units: what a countdown shows. */
export interface Countdown {
  overdue: boolean;
  days: number;
  hours: number;
  minutes: number;
}

/**
 * The countdown from `now` to `deadline`. Minutes round up while time is left (59 s left is
 * "1 minute") and down once it has passed, so the display never says 0 before the deadline.
 */
export function countdown(deadline: Date, now: Date): Countdown {
  const ms = deadline.getTime() - now.getTime();
  const overdue = ms < 0;
  const totalMinutes = overdue ? Math.floor(-ms / 60_000) : Math.ceil(ms / 60_000);
  return { overdue, days: Math.floor(totalMinutes / 1440), hours: Math.floor((totalMinutes % 1440) / 60), minutes: totalMinutes % 60 };
}

/**
 * The server's current time, advancing every 30 seconds: countdowns start from the time the
 * server sent with the data, so a browser with a wrong clock still counts correctly.
 */
export function useServerNow(serverNow: string | undefined): Date {
  const [tick, setTick] = useState(() => Date.now());
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    if (!serverNow) return;
    const server = new Date(serverNow).getTime();
    if (Number.isNaN(server)) return;
    const local = Date.now();
    setOffset(server - local);
    setTick(local);
  }, [serverNow]);
  useEffect(() => {
    const timer = window.setInterval(() => setTick(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  return new Date(tick + offset);
}

/** Text as people type it when searching: NFKC (full-width → half-width), lower case, katakana → hiragana. */
export function searchKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .replace(/\s+/g, '');
}
