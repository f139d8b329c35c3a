import { chainHash, GENESIS_HASH } from './canonical.js';
import { checkpointPayload, entryBody, type ChainEntry, type ChainRef, type Checkpoint } from './chainFormat.js';
import { verifySignature, type TrustedKey } from './signingKey.js';

/**
 * How a chain is broken. `edited`: an entry's content no longer matches its hash.
 * `deleted`: entries are missing. `inserted`: an entry that does not belong (or one
 * outside the chain). `reordered`: entries changed places. `truncated`: the end is gone.
 * `rewritten`: the chain was re-hashed consistently but a signed checkpoint or the chain
 * head disagrees. `signature`: a checkpoint's signature is invalid or by an unknown key.
 */
export type BreakKind = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'truncated' | 'rewritten' | 'signature';

export interface ChainBreak {
  /** The first sequence number found broken; null for entries outside the chain. */
  seq: number | null;
  kind: BreakKind;
  message: string;
}

export interface ChainReport {
  chain: string;
  ok: boolean;
  /** Entries walked. */
  entries: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** Signed checkpoints found valid. */
  checkpoints: number;
  /** Entries written before the chain existed (migration 0009), not covered by it. */
  preChain: number;
  break?: ChainBreak;
}

/** What the verifier reads a chain from: the database, or an evidence package. */
export interface ChainSource {
  ref: ChainRef;
  label: string;
  /**
   * Batches of entries in ascending sequence order. An entry may come with its hash already
   * checked against its canonical body (`hashValid`); otherwise the body is written from its
   * values and hashed here.
   */
  entries(): AsyncIterable<readonly (ChainEntry & { hashValid?: boolean })[]>;
  checkpoints: readonly Checkpoint[];
  /** The head the writers last moved, when the source has one. */
  head?: { seq: number; hash: string };
  /** Entries stored after the head (none unless written around the chain writer). */
  beyondHead?: number;
  /** Entries without a chain link that do not predate the chain. */
  unchained?: number;
  preChain?: number;
  /**
   * A trusted start other than genesis: the entry before the first one, vouched for by the
   * source itself (an evidence package's signed manifest).
   */
  anchor?: { seq: number; hash: string };
  /** Entries whose prev_hash is the given hash: used only to tell what kind of break was found. */
  findByPrevHash(hash: string): Promise<{ seq: number; hash: string }[]>;
}

interface CheckpointCheck {
  valid: Checkpoint[];
  firstInvalid?: { checkpoint: Checkpoint; why: string };
}

function checkCheckpoints(label: string, checkpoints: readonly Checkpoint[], keys: readonly TrustedKey[]): CheckpointCheck {
  const byId = new Map(keys.map((k) => [k.keyId, k]));
  const valid: Checkpoint[] = [];
  let firstInvalid: CheckpointCheck['firstInvalid'];
  for (const c of [...checkpoints].sort((a, b) => a.seq - b.seq)) {
    const key = byId.get(c.keyId);
    const why = !key
      ? `signed by key ${c.keyId}, which is not a trusted key of this deployment`
      : verifySignature(key.publicKeyPem, checkpointPayload(label, c), c.signature)
        ? undefined
        : 'its signature does not match what it claims to sign';
    if (why === undefined) valid.push(c);
    else firstInvalid ??= { checkpoint: c, why };
  }
  return { valid, ...(firstInvalid ? { firstInvalid } : {}) };
}

/** Why the entry at `seq` does not link to its predecessor, found by looking at the chain around it. */
async function diagnoseLink(
  source: ChainSource,
  entry: ChainEntry,
  expectedPrev: string,
  previousPrev: string | undefined,
  hashValid: boolean,
): Promise<ChainBreak> {
  const seq = entry.seq;
  if (previousPrev !== undefined && entry.prevHash === previousPrev) {
    return { seq: seq - 1, kind: 'inserted', message: `entry ${seq - 1} was inserted: entry ${seq} links past it to entry ${seq - 2}` };
  }
  const successors = (await source.findByPrevHash(expectedPrev)).filter((s) => s.seq !== seq);
  const successor = successors[0];
  if (successor) {
    if (entry.prevHash === successor.hash || successor.seq !== seq + 1) {
      return { seq, kind: 'reordered', message: `entries changed places: the entry that follows entry ${seq - 1} is stored as entry ${successor.seq}` };
    }
    return { seq, kind: 'inserted', message: `entry ${seq} was inserted: the original entry ${seq} now sits at ${successor.seq}` };
  }
  if (hashValid) {
    return { seq: seq - 1, kind: 'edited', message: `entry ${seq - 1} was changed and re-hashed: entry ${seq} still links to its original hash` };
  }
  return { seq, kind: 'deleted', message: `entry ${seq} does not link to entry ${seq - 1}: an entry before it was removed and the rest renumbered` };
}

/**
 * Walks one chain from its start (genesis, or the signed retention checkpoint that anchors
 * it after retention) to its head, and reports the first break: an edited, deleted,
 * inserted or reordered entry, a truncated tail, or a checkpoint that disagrees.
 */
export async function verifyChain(source: ChainSource, keys: readonly TrustedKey[]): Promise<ChainReport> {
  const report: ChainReport = { chain: source.label, ok: true, entries: 0, firstSeq: null, lastSeq: null, checkpoints: 0, preChain: source.preChain ?? 0 };
  const fail = (b: ChainBreak): ChainReport => ({ ...report, ok: false, break: b });
  const { valid, firstInvalid } = checkCheckpoints(source.label, source.checkpoints, keys);
  report.checkpoints = valid.length;
  const badSignatureAt = firstInvalid?.checkpoint.seq ?? Number.POSITIVE_INFINITY;
  const signatureBreak = (): ChainBreak => ({
    seq: firstInvalid!.checkpoint.seq,
    kind: 'signature',
    message: `the ${firstInvalid!.checkpoint.kind} checkpoint at entry ${firstInvalid!.checkpoint.seq} is ${firstInvalid!.why}`,
  });
  const sealedAt = new Map<number, Checkpoint[]>();
  for (const c of valid) sealedAt.set(c.seq, [...(sealedAt.get(c.seq) ?? []), c]);
  const kind = source.ref.kind;

  let expectedSeq = 0;
  let expectedPrev = GENESIS_HASH;
  let previousPrev: string | undefined;
  let lastHash: string | undefined;
  for await (const batch of source.entries()) {
    for (const entry of batch) {
      if (report.firstSeq === null) {
        report.firstSeq = entry.seq;
        if (entry.seq > 1) {
          const anchor = source.anchor?.seq === entry.seq - 1 ? source.anchor : valid.find((c) => c.kind === 'retention' && c.seq === entry.seq - 1);
          if (!anchor) {
            return fail({ seq: 1, kind: 'deleted', message: `entries 1 to ${entry.seq - 1} are missing and no signed retention checkpoint records their removal` });
          }
          expectedPrev = anchor.hash;
        }
        expectedSeq = entry.seq;
      }
      if (entry.seq > badSignatureAt) return fail(signatureBreak());
      if (entry.seq > expectedSeq) {
        return fail({ seq: expectedSeq, kind: 'deleted', message: entry.seq - 1 === expectedSeq ? `entry ${expectedSeq} is missing` : `entries ${expectedSeq} to ${entry.seq - 1} are missing` });
      }
      if (entry.seq < expectedSeq) {
        return fail({ seq: entry.seq, kind: 'reordered', message: `entry ${entry.seq} appears again after entry ${expectedSeq - 1}` });
      }
      const hashValid = entry.hashValid ?? chainHash(entry.prevHash, entry.seq, entryBody(kind, entry.values)) === entry.hash;
      if (entry.prevHash !== expectedPrev) return fail(await diagnoseLink(source, entry, expectedPrev, previousPrev, hashValid));
      if (!hashValid) return fail({ seq: entry.seq, kind: 'edited', message: `entry ${entry.seq} was changed: its content no longer matches its hash` });
      for (const c of sealedAt.get(entry.seq) ?? []) {
        if (c.hash !== entry.hash) {
          return fail({ seq: entry.seq, kind: 'rewritten', message: `the chain was rewritten: the ${c.kind} checkpoint signed at ${c.signedAt} sealed a different entry ${entry.seq}` });
        }
      }
      report.entries++;
      report.lastSeq = entry.seq;
      previousPrev = entry.prevHash;
      expectedPrev = entry.hash;
      lastHash = entry.hash;
      expectedSeq = entry.seq + 1;
    }
  }
  if (firstInvalid && (report.lastSeq === null || badSignatureAt <= report.lastSeq + 1)) return fail(signatureBreak());
  const lastSeq = report.lastSeq ?? valid.filter((c) => c.kind === 'retention').reduce((m, c) => Math.max(m, c.seq), 0);
  const sealedBeyond = valid.find((c) => c.seq > lastSeq);
  if (sealedBeyond) {
    return fail({ seq: lastSeq + 1, kind: 'truncated', message: `the chain ends at entry ${lastSeq}, but a checkpoint signed at ${sealedBeyond.signedAt} sealed entry ${sealedBeyond.seq}` });
  }
  if (source.head) {
    if (source.head.seq > lastSeq) {
      return fail({ seq: lastSeq + 1, kind: 'truncated', message: `the chain ends at entry ${lastSeq}, but its head records entry ${source.head.seq}` });
    }
    if (source.head.seq === report.lastSeq && source.head.hash !== lastHash) {
      return fail({ seq: lastSeq, kind: 'rewritten', message: `entry ${lastSeq} differs from the hash its chain head recorded` });
    }
  } else if (report.lastSeq !== null) {
    return fail({ seq: report.firstSeq, kind: 'inserted', message: 'the chain has entries but no head: they were written around the chain writer' });
  }
  if ((source.beyondHead ?? 0) > 0) {
    return fail({ seq: lastSeq + 1, kind: 'inserted', message: `${source.beyondHead} entries were stored after the chain head, around the chain writer` });
  }
  if ((source.unchained ?? 0) > 0) {
    return fail({ seq: null, kind: 'inserted', message: `${source.unchained} entries have no chain link: they were written around the chain writer` });
  }
  return report;
}
