import fc from 'fast-check';
import { first, type JsonSchema } from './catalogue.js';
import type { Body } from './http.js';

/** 1 MiB of text: with the JSON around it the body is over the server's limit. */
const ONE_MB = 'x'.repeat(1_048_576);

/** Strings an attacker tries in every text field. */
export const NASTY_STRINGS: readonly string[] = [
  // Unicode edge cases: NUL and controls, lone surrogates, bidi overrides, combining marks, emoji, full-width, BOM, zero-width.
  'a\u0000b',
  '\u0007\u001b[31m',
  '\uD800',
  'x\uDFFFy',
  '\u202Egnp.exe\u202C',
  'שלום עולם',
  'e\u0301\u0302\u0303\u0304\u0305\u0306\u0307',
  '👩‍👩‍👧‍👦🧪',
  'ＺＱ１２３－＠＃',
  '\uFEFFbom',
  'zero\u200Bwidth',
  'İıſK',
  // SQL injection.
  "' OR '1'='1",
  "'; DROP TABLE platform.users; --",
  "1) UNION SELECT password_hash FROM platform.users --",
  "'; SELECT pg_sleep(5); --",
  "$1::text",
  '%_\\%',
  // HTML and script injection, template injection.
  '<script>alert("zq-xss")</script>',
  '"><img src=x onerror=alert("zq-xss")>',
  'javascript:alert("zq-xss")',
  '{{7*7}}${7*7}<%= 7*7 %>',
  // Paths and URLs.
  '../../../../etc/passwd',
  '%2e%2e%2f%00',
  'file:///etc/passwd',
  'http://169.254.169.254/latest/meta-data/',
  // Numbers and dates as text.
  '1e309',
  'NaN',
  '-0',
  '2026-02-30',
  '0000-00-00T00:00:00Z',
  '99999-12-31',
  // Sizes: empty, long, very long (within the body limit), and over the body limit.
  '',
  ' ',
  'a'.repeat(10_000),
  'あ'.repeat(100_000),
  ONE_MB,
  // Special ids.
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];

/** A value of any wrong type or shape. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 2 ** 53 + 1, -1e308, 1e308, [], {}, [null], { $gt: '' }, { length: 1e9 }), weight: 3 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.double({ noNaN: true }), weight: 1 },
  { arbitrary: fc.array(fc.constantFrom<unknown>('x', 1, null, {}), { maxLength: 4 }), weight: 1 },
  { arbitrary: fc.constant(deepArray(500)), weight: 1 },
);

function deepArray(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** A value that the schema describes (as far as a JSON schema can), small. */
export function fromSchema(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4 || schema.$ref) return fc.constantFrom<unknown>(null, 'x', 1, {});
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches?.length) return fc.oneof(...branches.map((b) => fromSchema(b, depth + 1)));
  const s = schema.allOf?.length ? first(schema) : schema;
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : [];
  if (types.length > 1) return fc.oneof(...types.map((t) => fromSchema({ ...s, type: t }, depth)));
  switch (types[0]) {
    case 'string': {
      if (s.format === 'uuid') return fc.uuid();
      if (s.format === 'email') return fc.emailAddress();
      if (s.format === 'date') return fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      if (s.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      const minLength = s.minLength ?? 0;
      const maxLength = Math.max(minLength, Math.min(s.maxLength ?? 30, 30));
      return fc.string({ unit: 'grapheme', minLength, maxLength });
    }
    case 'integer':
      return fc.integer({ min: Math.ceil(s.minimum ?? s.exclusiveMinimum ?? -1000), max: Math.floor(Math.min(s.maximum ?? s.exclusiveMaximum ?? 100_000, 1e9)) }).filter((n) => n !== s.exclusiveMinimum && n !== s.exclusiveMaximum);
    case 'number':
      return fc.double({ min: s.minimum ?? s.exclusiveMinimum ?? -1000, max: Math.min(s.maximum ?? s.exclusiveMaximum ?? 100_000, 1e12), noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (s.prefixItems) return fc.tuple(...s.prefixItems.map((p) => fromSchema(p, depth + 1)));
      const minLength = s.minItems ?? 0;
      return fc.array(fromSchema(s.items, depth + 1), { minLength, maxLength: Math.max(minLength, Math.min(s.maxItems ?? 3, 3)) });
    }
    case 'object': {
      const props = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, fromSchema(v, depth + 1)]));
      return fc.record(props, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    default:
      return fc.constantFrom<unknown>(null, 'x', 1, {});
  }
}

/** Keys that try prototype pollution, written into the JSON text (a JS object literal would not keep them). */
const POLLUTION = ['"__proto__":{"zqPolluted":"yes"}', '"constructor":{"prototype":{"zqPolluted":"yes"}}', '"__proto__":{"isAdmin":true,"tenantId":"00000000-0000-0000-0000-000000000000"}'];

/**
 * Bodies for a route: mostly schema-shaped with one field replaced by a nasty value, some
 * wholly valid-shaped, some of a wrong top-level type, some with prototype-pollution keys,
 * and malformed JSON.
 */
export function bodyArbitrary(schema: JsonSchema | undefined): fc.Arbitrary<Body> {
  const shaped = fromSchema(schema);
  const withNastyField = fc.tuple(shaped, nastyValue, fc.nat()).map(([value, nasty, n]) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(schema?.properties ?? {}).concat(Object.keys(value));
      const key = keys.length ? keys[n % keys.length]! : 'zq';
      return { ...(value as Record<string, unknown>), [key]: nasty };
    }
    return nasty;
  });
  const polluted = fc.tuple(shaped, fc.constantFrom(...POLLUTION)).map(([value, key]): Body => {
    const text = JSON.stringify(value && typeof value === 'object' && !Array.isArray(value) ? value : {});
    return { jsonText: text === '{}' ? `{${key}}` : `{${key},${text.slice(1)}` };
  });
  const malformed = fc.constantFrom<Body>({ jsonText: '{"a":' }, { jsonText: '{"a":1,"a":2}' }, { jsonText: 'null' }, { jsonText: '"\\ud800"' }, { jsonText: '['.repeat(10_000) }, { jsonText: `${'['.repeat(20_000)}1${']'.repeat(20_000)}` }, { jsonText: `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}` }, { raw: Buffer.from([0xff, 0xfe, 0x00, 0x41]), contentType: 'application/json' }, { raw: Buffer.from('<x/>'), contentType: 'application/xml' });
  return fc.oneof(
    { arbitrary: withNastyField.map((json): Body => ({ json })), weight: 6 },
    { arbitrary: shaped.map((json): Body => ({ json })), weight: 2 },
    { arbitrary: nastyValue.map((json): Body => ({ json })), weight: 1 },
    { arbitrary: polluted, weight: 2 },
    { arbitrary: malformed, weight: 1 },
  );
}

/** Raw bodies for upload and import routes (they read bytes, not JSON). */
export const rawBodyArbitrary: fc.Arbitrary<Body> = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }).map((b): Body => ({ raw: Buffer.from(b), contentType: 'application/octet-stream' })),
  fc.constantFrom(...NASTY_STRINGS.filter((s) => s.length < 200_000)).map((s): Body => ({ raw: Buffer.from(`code,name\n${s},${s}\n`), contentType: 'text/csv' })),
  fc.constantFrom<Body>(
    { raw: Buffer.from('PK\u0003\u0004 not really a zip'), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    { raw: Buffer.from('%PDF-1.7\n<script>alert("zq-xss")</script>'), contentType: 'application/octet-stream' },
    { raw: Buffer.alloc(1_100_000, 0x41), contentType: 'application/octet-stream' },
  ),
  nastyValue.map((json): Body => ({ json })),
);

/** Query strings for a route: its parameters shaped by their schemas, one replaced by a nasty value. */
export function queryArbitrary(params: { name: string; schema: JsonSchema }[]): fc.Arbitrary<string> {
  if (params.length === 0) return fc.constantFrom('', '?zq=1', `?__proto__[x]=1`, `?a=${encodeURIComponent(NASTY_STRINGS[13]!)}`);
  const record = fc.record(Object.fromEntries(params.map((p) => [p.name, fc.oneof(fromSchema(p.schema), nastyValue)])), { requiredKeys: [] });
  return record.map((values) => {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(values)) {
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      // Keep URLs of a sane length: a 1 MB query string is refused by the HTTP layer, not the app.
      parts.push(`${encodeURIComponent(k)}=${percentEncode((text ?? '').slice(0, 4_000))}`);
    }
    return parts.length ? `?${parts.join('&')}` : '';
  });
}

/** Percent-encodes text; a lone surrogate goes out as the (invalid) UTF-8 bytes of its code unit. */
export function percentEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...text].map((ch) => {
      try {
        return encodeURIComponent(ch);
      } catch {
        const u = ch.charCodeAt(0);
        return [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
      }
    }).join('');
  }
}
