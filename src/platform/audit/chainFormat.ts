import { canonicalJson } from './canonical.js';

/** Which chain: one per tenant, and the operator work log. */
export type ChainRef = { kind: 'tenant'; tenantId: string } | { kind: 'operator' };

/** The name of a chain in reports, checkpoints and manifests: `tenant:<uuid>` or `operator`. */
export function chainLabel(ref: ChainRef): string {
  return ref.kind === 'tenant' ? `tenant:${ref.tenantId.toLowerCase()}` : 'operator';
}

const COMMON = [
  'action', 'actor_id', 'actor_name', 'actor_type', 'changes', 'details', 'id', 'ip', 'occurred_at', 'reason',
  'request_id', 'result', 'session_hash', 'target_id', 'target_labels', 'target_type', 'user_agent',
] as const;

/** The hashed columns of a chain's entries, in canonical (sorted) order. */
export const BODY_COLUMNS = {
  tenant: [...COMMON, 'tenant_id'].sort(),
  operator: [...COMMON, 'customer_id'].sort(),
} as const satisfies Record<ChainRef['kind'], readonly string[]>;

const KEY_PREFIXES = {
  tenant: BODY_COLUMNS.tenant.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c)}:`),
  operator: BODY_COLUMNS.operator.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c)}:`),
};

/** One stored entry: its link and its body values in BODY_COLUMNS order. */
export interface ChainEntry {
  seq: number;
  prevHash: string;
  hash: string;
  values: unknown[];
}

/**
 * The canonical body of an entry from its values in column order. The same text as
 * `canonicalJson` of the body object (a test holds them equal), built without sorting.
 */
export function entryBody(kind: ChainRef['kind'], values: readonly unknown[]): string {
  const prefixes = KEY_PREFIXES[kind];
  let out = '';
  for (let i = 0; i < prefixes.length; i++) {
    const v = values[i];
    out += prefixes[i] + (typeof v === 'string' ? JSON.stringify(v) : canonicalJson(v));
  }
  return `${out}}`;
}

/** The entry as one object (body columns plus seq, prev_hash and hash), as evidence packages carry it. */
export function entryObject(kind: ChainRef['kind'], entry: ChainEntry): Record<string, unknown> {
  const out: Record<string, unknown> = { seq: entry.seq, prev_hash: entry.prevHash, hash: entry.hash };
  BODY_COLUMNS[kind].forEach((c, i) => {
    out[c] = entry.values[i] ?? null;
  });
  return out;
}

/** Reads an entry back from its object form; undefined when a link field is missing. */
export function entryFromObject(kind: ChainRef['kind'], object: Record<string, unknown>): ChainEntry | undefined {
  const { seq, prev_hash: prevHash, hash } = object;
  if (typeof seq !== 'number' || typeof prevHash !== 'string' || typeof hash !== 'string') return undefined;
  return { seq, prevHash, hash, values: BODY_COLUMNS[kind].map((c) => object[c] ?? null) };
}

/** The SQL select list that returns an entry as a JSON array [seq, prev_hash, hash, ...body]. */
export function entryJsonArraySql(kind: ChainRef['kind'], alias: string): string {
  const columns = BODY_COLUMNS[kind].map((c) =>
    c === 'occurred_at' ? `to_char(${alias}.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : `${alias}.${c}`,
  );
  return `json_build_array(${alias}.seq, ${alias}.prev_hash, ${alias}.hash, ${columns.join(', ')})`;
}

/** Parses the JSON text of an aggregated batch of entry arrays. */
export function parseEntryBatch(text: string): ChainEntry[] {
  const rows = JSON.parse(text) as unknown[][];
  return rows.map((r) => ({ seq: r[0] as number, prevHash: r[1] as string, hash: r[2] as string, values: r.slice(3) }));
}

/** A signed checkpoint as stored. */
export interface Checkpoint {
  seq: number;
  kind: 'periodic' | 'retention';
  hash: string;
  signedAt: string;
  keyId: string;
  signature: string;
}

/** The exact text a checkpoint's signature covers. */
export function checkpointPayload(chain: string, c: Pick<Checkpoint, 'seq' | 'kind' | 'hash' | 'signedAt' | 'keyId'>): string {
  return canonicalJson({ chain, hash: c.hash, keyId: c.keyId, kind: c.kind, seq: c.seq, signedAt: c.signedAt });
}
