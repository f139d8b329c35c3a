import { z } from 'zod';
import type { EventPage, EventView } from './eventQueries.js';
import type { VerificationSummary } from './verifyDatabase.js';

/** One event as the API returns it (times as ISO 8601 UTC). */
export const eventView = z.object({
  id: z.uuid(),
  seq: z.number().nullable(),
  occurredAt: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  targetLabels: z.array(z.string()),
  result: z.string(),
  reason: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  changes: z.record(z.string(), z.unknown()).nullable(),
  customerId: z.string().nullable().optional(),
});

export const eventPageView = z.object({
  events: z.array(eventView),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export function presentEvent(e: EventView): z.infer<typeof eventView> {
  return { ...e, occurredAt: e.occurredAt.toISOString() };
}

export function presentEventPage(p: EventPage): z.infer<typeof eventPageView> {
  return { ...p, events: p.events.map(presentEvent) };
}

export const verificationView = z.object({
  ok: z.boolean(),
  chains: z.number(),
  entries: z.number(),
  preChain: z.number(),
  broken: z.array(
    z.object({
      chain: z.string(),
      entries: z.number(),
      firstSeq: z.number().nullable(),
      lastSeq: z.number().nullable(),
      break: z.object({ seq: z.number().nullable(), kind: z.string(), message: z.string() }),
    }),
  ),
});

export function presentVerification(s: VerificationSummary): z.infer<typeof verificationView> {
  return {
    ok: s.ok,
    chains: s.chains,
    entries: s.entries,
    preChain: s.preChain,
    broken: s.broken.map((b) => ({ chain: b.chain, entries: b.entries, firstSeq: b.firstSeq, lastSeq: b.lastSeq, break: b.break ?? { seq: null, kind: 'unknown', message: '' } })),
  };
}
