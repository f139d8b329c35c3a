import type { Tx } from '../../core/db/index.js';
import { canonicalJson, chainHash } from './canonical.js';
import { BODY_COLUMNS, type ChainEntry, type ChainRef } from './chainFormat.js';

/**
 * Reading a chain for verification with most of the canonical body built by the database.
 *
 * Every hashed column except the two jsonb ones is a uuid, text, text[] or a timestamp (read
 * as the UTC ISO text the hash uses). For those, PostgreSQL's `to_json` gives exactly the
 * text `JSON.stringify` gives for the value as read (the same escapes: `\"`, `\\`, `\b`, `\f`,
 * `\n`, `\r`, `\t` and `\u00xx` for other control characters; a stored text holds no lone
 * surrogate), and arrays as `["a","b"]`. So the database returns the body as text pieces
 * around the jsonb columns, and only those are parsed and written canonically here (jsonb
 * keeps its keys in its own order, not the canonical one). A test holds every entry the
 * writers hashed valid when read this way, odd text in every column included.
 */

/** Columns stored as jsonb: written canonically by the verifier, not by the database. */
const JSONB = new Set(['changes', 'details']);
/** Columns stored as uuid: their text is hex digits and dashes, quoted as it is. */
const UUID = new Set(['actor_id', 'customer_id', 'id', 'tenant_id']);

/**
 * One entry as read for verification: its link, and whether its hash matches its canonical
 * body (checked as the batch arrives, so the body need not be kept until the walk reaches it).
 */
export interface BodyEntry extends ChainEntry {
  hashValid: boolean;
}

interface BodyShape {
  /**
   * The text pieces (one more than the jsonb columns): an SQL expression, or the text itself
   * when it holds no column (so that it is not sent with every row).
   */
  pieces: ({ sql: string } | { text: string })[];
  /** The jsonb columns between the pieces, in body order. */
  jsonb: string[];
}

function sqlLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** One text of several: `concat` builds it in one pass where `||` copies it at each step. */
function joinSql(parts: string[]): string {
  return `concat(${parts.join(', ')})`;
}

function bodyShape(kind: ChainRef['kind'], alias: string): BodyShape {
  const pieces: BodyShape['pieces'] = [];
  const jsonb: string[] = [];
  let current: string[] = [];
  BODY_COLUMNS[kind].forEach((c, i) => {
    const key = `${i === 0 ? '{' : ','}${JSON.stringify(c)}:`;
    if (JSONB.has(c)) {
      pieces.push(current.length ? { sql: joinSql([...current, sqlLiteral(key)]) } : { text: key });
      jsonb.push(c);
      current = [];
      return;
    }
    current.push(sqlLiteral(key));
    if (UUID.has(c)) {
      current.push(`coalesce('"' || ${alias}.${c}::text || '"', 'null')`);
      return;
    }
    const value = c === 'occurred_at' ? `to_char(${alias}.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : `${alias}.${c}`;
    current.push(`coalesce(to_json(${value})::text, 'null')`);
  });
  pieces.push(current.length ? { sql: joinSql([...current, sqlLiteral('}')]) } : { text: '}' });
  return { pieces, jsonb };
}

const SHAPES = { tenant: bodyShape('tenant', 'e'), operator: bodyShape('operator', 'e') };

function selectList(kind: ChainRef['kind']): string {
  const shape = SHAPES[kind];
  const columns = ['e.seq::float8 AS seq', 'e.prev_hash', 'e.hash'];
  shape.pieces.forEach((p, i) => {
    if ('sql' in p) columns.push(`${p.sql} AS p${i}`);
    if (i < shape.jsonb.length) columns.push(`e.${shape.jsonb[i]}::text AS j${i}`);
  });
  return columns.join(', ');
}

/** Where each piece comes from: a column of the row (`p0`…), or its text when constant. */
function keys(kind: ChainRef['kind']): { pieces: ({ key: string } | { text: string })[]; jsonbKeys: string[] } {
  const shape = SHAPES[kind];
  return { pieces: shape.pieces.map((p, i) => ('sql' in p ? { key: `p${i}` } : p)), jsonbKeys: shape.jsonb.map((_, i) => `j${i}`) };
}

/** Entries read this way carry no values: their body is checked as they are read. */
const NO_VALUES: unknown[] = [];

const KEYS = { tenant: keys('tenant'), operator: keys('operator') };

const SELECT = { tenant: selectList('tenant'), operator: selectList('operator') };

/**
 * Canonical text of stored jsonb values. Many entries of a chain carry the same details, so
 * the texts seen lately are kept (at most 4,096) and each is parsed once.
 */
export class CanonicalJsonb {
  private readonly seen = new Map<string, string>();

  of(text: string | null): string {
    if (text === null) return 'null';
    let out = this.seen.get(text);
    if (out === undefined) {
      out = canonicalJson(JSON.parse(text));
      if (this.seen.size >= 4096) this.seen.clear();
      this.seen.set(text, out);
    }
    return out;
  }
}

type BodyRow = { seq: number; prev_hash: string; hash: string } & Record<string, string | null>;

/**
 * Entries with afterSeq < seq ≤ uptoSeq, ascending, at most `limit`, each checked against
 * its canonical body. `jsonb` keeps canonical texts across batches of one walk.
 */
export async function readEntryBodies(
  tx: Tx,
  ref: ChainRef,
  afterSeq: number,
  uptoSeq: number,
  limit: number,
  jsonb: CanonicalJsonb = new CanonicalJsonb(),
): Promise<BodyEntry[]> {
  const [from, where, params] =
    ref.kind === 'tenant' ? ['audit.tenant_events', 'e.tenant_id = $1 AND ', [ref.tenantId]] : ['audit.operator_events', '', []];
  const n = params.length;
  const { rows } = await tx.query<BodyRow>(
    `SELECT ${SELECT[ref.kind]} FROM ${from} e WHERE ${where}e.seq > $${n + 1} AND e.seq <= $${n + 2} ORDER BY e.seq LIMIT $${n + 3}`,
    [...params, afterSeq, uptoSeq, limit],
  );
  const { pieces, jsonbKeys } = KEYS[ref.kind];
  const piece = (row: BodyRow, i: number): string => {
    const p = pieces[i]!;
    return 'text' in p ? p.text : (row[p.key] as string);
  };
  const out: BodyEntry[] = new Array<BodyEntry>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    let body = piece(row, 0);
    for (let i = 0; i < jsonbKeys.length; i++) body += jsonb.of(row[jsonbKeys[i]!] ?? null) + piece(row, i + 1);
    out[r] = { seq: row.seq, prevHash: row.prev_hash, hash: row.hash, values: NO_VALUES, hashValid: chainHash(row.prev_hash, row.seq, body) === row.hash };
  }
  return out;
}
