/** A value that Database.tenantStatement writes into its statement as a literal. */
export type LiteralValue = string | number | Date;

/**
 * `value` as an SQL literal: an escape string (E'…', backslashes and quotes doubled, so it
 * is read the same whatever standard_conforming_strings says), a finite number, or a date as
 * its ISO text. Text holding NUL is refused (PostgreSQL text cannot hold it).
 */
export function sqlLiteral(value: LiteralValue): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`sqlLiteral: ${value} is not a finite number`);
    return String(value);
  }
  const text = value instanceof Date ? value.toISOString() : value;
  if (text.includes('\0')) throw new Error('sqlLiteral: text holds NUL');
  return `E'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** `text` with its placeholders `$1`… replaced by the literals of `params` (every one must be given). */
export function withLiterals(text: string, params: readonly LiteralValue[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= params.length) throw new Error(`withLiterals: no value for $${n}`);
    return sqlLiteral(params[i]!);
  });
}
