import { createHash } from 'node:crypto';
import type { Tx } from '../../core/db/index.js';
import { canonicalJson } from './canonical.js';
import { chainLabel, entryObject, type ChainRef, type Checkpoint } from './chainFormat.js';
import { readCheckpoints, readEntryBatch } from './chainStore.js';
import type { AuditSigner } from './signingKey.js';

/** The format name in every manifest; a verifier refuses other formats. */
export const EVIDENCE_FORMAT = 'sotas-audit-evidence/1';

/** What an evidence package holds and the proof of it (16.1.7); see docs/audit.md. */
export interface EvidenceManifest {
  format: typeof EVIDENCE_FORMAT;
  chain: string;
  tenant: { id: string; code: string; name: string };
  /** The period asked for: from (inclusive) to (exclusive), ISO 8601 UTC. */
  period: { from: string; to: string };
  exportId: string;
  /** The tenant's request this export answers (ticket or letter reference). */
  requestRef: string;
  exportedAt: string;
  exportedBy: { id: string; name: string };
  /**
   * The contiguous run of entries from the first to the last one in the period.
   * firstPrevHash is the hash the first entry links to (the entry before it, or genesis).
   */
  entries: { count: number; firstSeq: number | null; lastSeq: number | null; firstPrevHash: string | null; firstHash: string | null; lastHash: string | null };
  /** SHA-256 (hex) of the events file, byte for byte. */
  eventsSha256: string;
  /** Signed checkpoints of the chain within the run (and the one anchoring its start). */
  checkpoints: Checkpoint[];
  publicKeys: { keyId: string; algorithm: 'Ed25519'; publicKeyPem: string }[];
  hashing: string;
  /** Ed25519 signature over the canonical JSON of every other field. */
  signature: { keyId: string; value: string };
}

export type UnsignedManifest = Omit<EvidenceManifest, 'signature'>;

const HASHING =
  'hash = hex(SHA-256(prev_hash + "\\n" + seq + "\\n" + canonical JSON of the entry without seq, prev_hash and hash)); canonical JSON: sorted keys, no spaces, UTC ISO 8601 timestamps with milliseconds';

const BATCH = 5_000;

/** The event lines of a package: one canonical JSON object per entry, each ending in "\n". */
export async function* evidenceLines(tx: Tx, ref: ChainRef & { kind: 'tenant' }, firstSeq: number, lastSeq: number): AsyncGenerator<string> {
  let after = firstSeq - 1;
  while (after < lastSeq) {
    const batch = await readEntryBatch(tx, ref, after, lastSeq, BATCH);
    if (!batch.length) return;
    for (const entry of batch) yield `${canonicalJson(entryObject('tenant', entry))}\n`;
    after = batch.at(-1)!.seq;
  }
}

export interface EvidenceInput {
  tenant: { id: string; code: string; name: string };
  from: Date;
  to: Date;
  exportId: string;
  requestRef: string;
  exportedAt: Date;
  exportedBy: { id: string; name: string };
}

/**
 * Builds and signs the manifest of a tenant's events in a period, in the tenant's
 * transaction: reads the run of entries once to count and hash them.
 */
export async function buildEvidenceManifest(tx: Tx, signer: AuditSigner, input: EvidenceInput): Promise<EvidenceManifest> {
  const ref = { kind: 'tenant' as const, tenantId: input.tenant.id };
  const { rows } = await tx.query<{ first: number | null; last: number | null }>(
    `SELECT min(seq)::float8 AS first, max(seq)::float8 AS last FROM audit.tenant_events
      WHERE tenant_id = $1 AND seq IS NOT NULL AND occurred_at >= $2 AND occurred_at < $3`,
    [input.tenant.id, input.from, input.to],
  );
  const first = rows[0]?.first ?? null;
  const last = rows[0]?.last ?? null;
  const digest = createHash('sha256');
  const entries: EvidenceManifest['entries'] = { count: 0, firstSeq: first, lastSeq: last, firstPrevHash: null, firstHash: null, lastHash: null };
  if (first !== null && last !== null) {
    for await (const line of evidenceLines(tx, ref, first, last)) {
      digest.update(line, 'utf8');
      const entry = JSON.parse(line) as { prev_hash: string; hash: string };
      if (entries.count === 0) {
        entries.firstPrevHash = entry.prev_hash;
        entries.firstHash = entry.hash;
      }
      entries.lastHash = entry.hash;
      entries.count++;
    }
  }
  const checkpoints = first !== null && last !== null ? await readCheckpoints(tx, ref, { from: first - 1, to: last }) : [];
  const unsigned: UnsignedManifest = {
    format: EVIDENCE_FORMAT,
    chain: chainLabel(ref),
    tenant: input.tenant,
    period: { from: input.from.toISOString(), to: input.to.toISOString() },
    exportId: input.exportId,
    requestRef: input.requestRef,
    exportedAt: input.exportedAt.toISOString(),
    exportedBy: input.exportedBy,
    entries,
    eventsSha256: digest.digest('hex'),
    checkpoints,
    publicKeys: [{ keyId: signer.keyId, algorithm: 'Ed25519', publicKeyPem: signer.publicKeyPem }],
    hashing: HASHING,
  };
  return { ...unsigned, signature: { keyId: signer.keyId, value: signer.sign(canonicalJson(unsigned)) } };
}

/**
 * The package as one file: the manifest on the first line, then the events (the same bytes
 * as `events.jsonl` in the directory form). Fails when the stored run no longer matches the
 * manifest (removed by retention since the export).
 */
export async function evidenceBundle(tx: Tx, manifest: EvidenceManifest): Promise<Buffer | undefined> {
  const chunks: string[] = [`${canonicalJson(manifest)}\n`];
  const digest = createHash('sha256');
  const { firstSeq, lastSeq } = manifest.entries;
  if (firstSeq !== null && lastSeq !== null) {
    for await (const line of evidenceLines(tx, { kind: 'tenant', tenantId: manifest.tenant.id }, firstSeq, lastSeq)) {
      digest.update(line, 'utf8');
      chunks.push(line);
    }
  }
  if (digest.digest('hex') !== manifest.eventsSha256) return undefined;
  return Buffer.from(chunks.join(''), 'utf8');
}
