import type { Tx } from '../../core/db/index.js';
import { entryJsonArraySql, parseEntryBatch, type ChainEntry, type ChainRef, type Checkpoint } from './chainFormat.js';

/** Repository of the chain tables: heads, entries by sequence number, checkpoints. */
interface ChainTables {
  events: string;
  head: string;
  checkpoints: string;
  /** SQL condition (and its parameters from $1) that selects this chain's rows. */
  where: string;
  params: unknown[];
}

function tables(ref: ChainRef): ChainTables {
  return ref.kind === 'tenant'
    ? { events: 'audit.tenant_events', head: 'audit.tenant_chain_heads', checkpoints: 'audit.tenant_checkpoints', where: 'tenant_id = $1', params: [ref.tenantId] }
    : { events: 'audit.operator_events', head: 'audit.operator_chain_head', checkpoints: 'audit.operator_checkpoints', where: 'true', params: [] };
}

/** Numbers the next parameters after the chain's own. */
function p(t: ChainTables, n: number): string {
  return `$${t.params.length + n}`;
}

export interface ChainState {
  head?: { seq: number; hash: string };
  /** Entries stored after the head, read in the same statement as the head. */
  beyondHead: number;
  unchained: number;
  preChain: number;
  firstSeq: number | null;
}

/** The head and the counts the verifier needs, in one statement (one snapshot). */
export async function readChainState(tx: Tx, ref: ChainRef): Promise<ChainState> {
  const t = tables(ref);
  const { rows } = await tx.query<{ head_seq: number | null; head_hash: string | null; beyond: number; unchained: number; pre_chain: number; first_seq: number | null }>(
    `WITH h AS (SELECT seq, hash FROM ${t.head} WHERE ${t.where})
     SELECT (SELECT seq::float8 FROM h) AS head_seq, (SELECT hash FROM h) AS head_hash,
            (SELECT count(*)::int FROM ${t.events} WHERE ${t.where} AND seq > coalesce((SELECT seq FROM h), 0)) AS beyond,
            (SELECT count(*)::int FROM ${t.events} WHERE ${t.where} AND seq IS NULL AND NOT pre_chain) AS unchained,
            (SELECT count(*)::int FROM ${t.events} WHERE ${t.where} AND pre_chain) AS pre_chain,
            (SELECT min(seq)::float8 FROM ${t.events} WHERE ${t.where}) AS first_seq`,
    t.params,
  );
  const r = rows[0]!;
  return {
    ...(r.head_seq !== null && r.head_hash !== null ? { head: { seq: r.head_seq, hash: r.head_hash } } : {}),
    beyondHead: r.beyond,
    unchained: r.unchained,
    preChain: r.pre_chain,
    firstSeq: r.first_seq,
  };
}

/** Entries with afterSeq < seq ≤ uptoSeq, ascending, at most `limit`, aggregated in one JSON text. */
export async function readEntryBatch(tx: Tx, ref: ChainRef, afterSeq: number, uptoSeq: number, limit: number): Promise<ChainEntry[]> {
  const t = tables(ref);
  const { rows } = await tx.query<{ batch: string }>(
    `SELECT coalesce(json_agg(${entryJsonArraySql(ref.kind, 'e')} ORDER BY e.seq), '[]')::text AS batch
       FROM (SELECT * FROM ${t.events} WHERE ${t.where} AND seq > ${p(t, 1)} AND seq <= ${p(t, 2)} ORDER BY seq LIMIT ${p(t, 3)}) e`,
    [...t.params, afterSeq, uptoSeq, limit],
  );
  return parseEntryBatch(rows[0]!.batch);
}

/** Entries whose prev_hash is `hash` (to tell reordering from insertion). */
export async function findByPrevHash(tx: Tx, ref: ChainRef, hash: string): Promise<{ seq: number; hash: string }[]> {
  const t = tables(ref);
  const { rows } = await tx.query<{ seq: number; hash: string }>(
    `SELECT seq::float8 AS seq, hash FROM ${t.events} WHERE ${t.where} AND prev_hash = ${p(t, 1)} ORDER BY seq LIMIT 5`,
    [...t.params, hash],
  );
  return rows;
}

/** The entry with sequence number `seq`, for sealing and anchoring. */
export async function entryHashAt(tx: Tx, ref: ChainRef, seq: number): Promise<string | undefined> {
  const t = tables(ref);
  const { rows } = await tx.query<{ hash: string }>(`SELECT hash FROM ${t.events} WHERE ${t.where} AND seq = ${p(t, 1)}`, [...t.params, seq]);
  return rows[0]?.hash;
}

const CHECKPOINT_COLUMNS = `seq::float8 AS seq, kind, hash, to_char(signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "signedAt", key_id AS "keyId", signature`;

/** The chain's checkpoints, ascending; `withinSeq` limits them to a range. */
export async function readCheckpoints(tx: Tx, ref: ChainRef, withinSeq?: { from: number; to: number }): Promise<Checkpoint[]> {
  const t = tables(ref);
  const range = withinSeq ? ` AND seq BETWEEN ${p(t, 1)} AND ${p(t, 2)}` : '';
  const { rows } = await tx.query<Checkpoint>(
    `SELECT ${CHECKPOINT_COLUMNS} FROM ${t.checkpoints} WHERE ${t.where}${range} ORDER BY seq, kind`,
    [...t.params, ...(withinSeq ? [withinSeq.from, withinSeq.to] : [])],
  );
  return rows;
}

/** The newest checkpoint's sequence number, or 0. */
export async function lastCheckpointSeq(tx: Tx, ref: ChainRef): Promise<number> {
  const t = tables(ref);
  const { rows } = await tx.query<{ seq: number | null }>(`SELECT max(seq)::float8 AS seq FROM ${t.checkpoints} WHERE ${t.where}`, t.params);
  return rows[0]?.seq ?? 0;
}

/** Stores a signed checkpoint; a second one of the same kind at the same entry changes nothing. */
export async function insertCheckpoint(tx: Tx, ref: ChainRef, c: Checkpoint): Promise<void> {
  const t = tables(ref);
  const keyColumns = ref.kind === 'tenant' ? 'tenant_id, ' : '';
  await tx.query(
    `INSERT INTO ${t.checkpoints} (${keyColumns}seq, kind, hash, signed_at, key_id, signature)
     VALUES (${[...t.params.map((_, i) => `$${i + 1}`), p(t, 1), p(t, 2), p(t, 3), `${p(t, 4)}::timestamptz`, p(t, 5), p(t, 6)].join(', ')})
     ON CONFLICT DO NOTHING`,
    [...t.params, c.seq, c.kind, c.hash, c.signedAt, c.keyId, c.signature],
  );
}

/** The head of a chain (its last entry), or undefined for a chain with no entry yet. */
export async function readHead(tx: Tx, ref: ChainRef): Promise<{ seq: number; hash: string } | undefined> {
  const t = tables(ref);
  const { rows } = await tx.query<{ seq: number; hash: string }>(`SELECT seq::float8 AS seq, hash FROM ${t.head} WHERE ${t.where}`, t.params);
  return rows[0];
}

/** Records the public key that signs checkpoints (informational; verification trusts the key file). */
export async function rememberSigningKey(tx: Tx, keyId: string, publicKeyPem: string, at: Date): Promise<void> {
  await tx.query(
    `INSERT INTO audit.signing_keys (key_id, algorithm, public_key, first_used_at) VALUES ($1, 'Ed25519', $2, $3) ON CONFLICT (key_id) DO NOTHING`,
    [keyId, publicKeyPem, at],
  );
}

/** Every tenant that may have a chain (tenants are never deleted; their logs follow retention). */
export async function listTenantIds(tx: Tx): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM ops.tenants ORDER BY id');
  return rows.map((r) => r.id);
}

/** Whether a tenant exists (provider records may name only real tenants). */
export async function customerExists(tx: Tx, id: string): Promise<boolean> {
  return (await tx.query('SELECT 1 FROM ops.tenants WHERE id = $1', [id])).rowCount > 0;
}
