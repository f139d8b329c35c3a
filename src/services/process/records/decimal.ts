/**
 * Exact decimal arithmetic for the carbon footprint: a value is an integer (bigint) and a
 * count of decimal places, so 0.434 × 120.5 is exactly 52.297 — no binary floating point
 * drift. Values come from PostgreSQL `numeric` (as text) and are rounded only at the end.
 */
export interface Dec {
  readonly int: bigint;
  readonly scale: number;
}

export const ZERO: Dec = { int: 0n, scale: 0 };

/** Parses a decimal string as PostgreSQL or JSON write it ("120.5", "-3", "1e-7", "2.5E+3"). */
export function dec(value: string | number): Dec {
  const text = String(value).trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`dec: not a decimal number: ${text}`);
  const fraction = m[3] ?? '';
  let int = BigInt(`${m[2] || '0'}${fraction}`);
  let scale = fraction.length - Number(m[4] ?? 0);
  if (scale < 0) {
    int *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { int: m[1] === '-' ? -int : int, scale };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.int * 10n ** BigInt(scale - a.scale), b.int * 10n ** BigInt(scale - b.scale), scale];
}

export function add(a: Dec, b: Dec): Dec {
  const [x, y, scale] = align(a, b);
  return { int: x + y, scale };
}

export function mul(a: Dec, b: Dec): Dec {
  return { int: a.int * b.int, scale: a.scale + b.scale };
}

export function sum(values: Iterable<Dec>): Dec {
  let total = ZERO;
  for (const v of values) total = add(total, v);
  return total;
}

export function isZero(a: Dec): boolean {
  return a.int === 0n;
}

/** a ÷ b rounded half away from zero to `places` decimals (b must not be zero). */
export function divRound(a: Dec, b: Dec, places: number): Dec {
  if (b.int === 0n) throw new Error('divRound: division by zero');
  // a/b = (a.int / 10^a.scale) / (b.int / 10^b.scale); scaled by 10^places.
  let num = a.int * 10n ** BigInt(places + b.scale);
  let den = b.int * 10n ** BigInt(a.scale);
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const negative = num < 0n;
  const abs = negative ? -num : num;
  let q = abs / den;
  if ((abs % den) * 2n >= den) q += 1n;
  return { int: negative ? -q : q, scale: places };
}

/** Rounded half away from zero to `places` decimals. */
export function round(a: Dec, places: number): Dec {
  return a.scale <= places ? { int: a.int * 10n ** BigInt(places - a.scale), scale: places } : divRound(a, { int: 1n, scale: 0 }, places);
}

/** The plain decimal text ("52.297", "-0.5", "3"), without trailing zeros. */
export function toText(a: Dec): string {
  const negative = a.int < 0n;
  let digits = (negative ? -a.int : a.int).toString();
  if (a.scale === 0) return `${negative ? '-' : ''}${digits}`;
  digits = digits.padStart(a.scale + 1, '0');
  const whole = digits.slice(0, digits.length - a.scale);
  const fraction = digits.slice(digits.length - a.scale).replace(/0+$/, '');
  return `${negative && (whole !== '0' || fraction) ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Kilograms rounded to the gram as a JSON number (3 decimals; exact text → nearest double). */
export function kg(a: Dec): number {
  return Number(toText(round(a, 3)));
}
