import { withTenant, withoutTenant, type Database, type Tx } from '../../core/db/index.js';
import { chainLabel, type ChainEntry, type ChainRef } from './chainFormat.js';
import { findByPrevHash, listTenantIds, readChainState, readCheckpoints, readEntryBatch } from './chainStore.js';
import type { TrustedKey } from './signingKey.js';
import { CanonicalJsonb, readEntryBodies, type BodyEntry } from './verifyRead.js';
import { verifyChain, type ChainReport, type ChainSource } from './verifyChain.js';

/** Entries read per transaction: short transactions keep PGlite's one connection free for requests. */
const BATCH = 10_000;
/** Batches read at once on PostgreSQL (the smallest pool, 4, keeps a connection for requests). */
const READ_AHEAD = 3;
/**
 * Entries per batch on PostgreSQL: smaller than on PGlite, so that the batches in flight stay
 * small enough to be collected young (a large set of live strings makes garbage collection
 * the main cost of the walk).
 */
const SERVER_BATCH = 2_500;

function inChain<T>(db: Database, ref: ChainRef, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return ref.kind === 'tenant' ? withTenant(db, ref.tenantId, fn) : withoutTenant(db, fn);
}

/**
 * Batches of a chain on PGlite, one after another (PGlite has one connection): the next batch
 * is read while the current one is hashed, each as one JSON text.
 */
async function* embeddedEntries(db: Database, ref: ChainRef, upto: number): AsyncIterable<ChainEntry[]> {
  let next: Promise<ChainEntry[]> | undefined = inChain(db, ref, (tx) => readEntryBatch(tx, ref, 0, upto, BATCH));
  while (next) {
    const batch: ChainEntry[] = await next;
    const last = batch.at(-1);
    next = last && batch.length === BATCH ? inChain(db, ref, (tx) => readEntryBatch(tx, ref, last.seq, upto, BATCH)) : undefined;
    // The walk may stop at a break before awaiting the prefetch; its failure is then moot.
    next?.catch(() => undefined);
    if (batch.length) yield batch;
  }
}

/**
 * Batches of a chain on PostgreSQL, by ranges of sequence numbers from the first stored entry
 * to the head, READ_AHEAD of them read at once on their own connections (the server writes
 * most of each body, on other cores than the hashing here), handed to the walk in order.
 * A range holds at most SERVER_BATCH entries (sequence numbers are unique), so memory stays
 * bounded.
 */
async function* serverEntries(db: Database, ref: ChainRef, firstSeq: number | null, upto: number): AsyncIterable<BodyEntry[]> {
  if (firstSeq === null) return;
  const jsonb = new CanonicalJsonb();
  const pending: Promise<BodyEntry[]>[] = [];
  let after = firstSeq - 1;
  const launch = (): void => {
    if (after >= upto) return;
    const from = after;
    const to = Math.min(from + SERVER_BATCH, upto);
    after = to;
    const batch = inChain(db, ref, (tx) => readEntryBodies(tx, ref, from, to, SERVER_BATCH, jsonb));
    // The walk may stop at a break before awaiting the reads ahead; their failure is then moot.
    batch.catch(() => undefined);
    pending.push(batch);
  };
  for (let i = 0; i < READ_AHEAD; i++) launch();
  while (pending.length) {
    const batch = await pending.shift()!;
    launch();
    if (batch.length) yield batch;
  }
}

/**
 * Verifies one chain as stored, as the application role (a tenant's chain under its RLS
 * context). Reads up to the head seen at the start; entries written meanwhile are left
 * for the next run.
 */
export async function verifyStoredChain(db: Database, ref: ChainRef, keys: readonly TrustedKey[]): Promise<ChainReport> {
  const { state, checkpoints } = await inChain(db, ref, async (tx) => ({ state: await readChainState(tx, ref), checkpoints: await readCheckpoints(tx, ref) }));
  const upto = state.head?.seq ?? 0;
  const source: ChainSource = {
    ref,
    label: chainLabel(ref),
    checkpoints,
    ...(state.head ? { head: state.head } : {}),
    beyondHead: state.beyondHead,
    unchained: state.unchained,
    preChain: state.preChain,
    entries: db.kind === 'postgres' ? () => serverEntries(db, ref, state.firstSeq, upto) : () => embeddedEntries(db, ref, upto),
    findByPrevHash: (hash) => inChain(db, ref, (tx) => findByPrevHash(tx, ref, hash)),
  };
  return verifyChain(source, keys);
}

export interface VerificationSummary {
  ok: boolean;
  chains: number;
  entries: number;
  /** Reports of broken chains only (an intact deployment has none). */
  broken: ChainReport[];
  /** Entries written before the chains existed, not covered by them. */
  preChain: number;
}

/** Walks the operator log and every tenant's log; `onChain` sees each report as it is made. */
export async function verifyAllChains(
  db: Database,
  keys: readonly TrustedKey[],
  onChain?: (report: ChainReport) => void,
): Promise<VerificationSummary> {
  const refs: ChainRef[] = [{ kind: 'operator' }, ...(await withoutTenant(db, listTenantIds)).map((tenantId) => ({ kind: 'tenant' as const, tenantId }))];
  const summary: VerificationSummary = { ok: true, chains: 0, entries: 0, broken: [], preChain: 0 };
  for (const ref of refs) {
    const report = await verifyStoredChain(db, ref, keys);
    onChain?.(report);
    summary.chains++;
    summary.entries += report.entries;
    summary.preChain += report.preChain;
    if (!report.ok) {
      summary.ok = false;
      summary.broken.push(report);
    }
  }
  return summary;
}
