/**
 * The one redaction list applied to everything an event carries (details and the
 * before/after summary of a change). Passwords, tokens, TOTP secrets, recovery codes,
 * keys and file contents never reach a log table: values under such keys are replaced,
 * and values that look like a credential are replaced whatever their key.
 */
export const REDACTED = '[redacted]';

/** Keys whose values are never logged, at any depth. */
export const SECRET_KEY = /pass(word|phrase)?|pwd|token|secret|otp|recovery|cookie|authorization|credential|private|signature|(^|[_-])key$|apikey|contents?$|attachments?$|file_?data|blob|body$/i;

/** Values that are credentials whatever their key: otpauth URIs, PEM blocks, session cookies, bearer headers. */
const SECRET_VALUE = [
  /otpauth:\/\//i,
  /-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----/,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[A-Za-z0-9_-]{20,}$/i,
  /^(bearer|basic)\s+\S{8,}/i,
];

/**
 * Whether the text holds a random token as this platform makes them (base64url, 32 bytes →
 * 43 characters), alone or inside a link: a long run of mixed case with digits.
 * Identifiers (uuids, hex digests, company codes, action names) never match.
 */
function holdsRandomToken(value: string): boolean {
  for (const run of value.match(/[A-Za-z0-9_-]{32,}/g) ?? []) {
    if (/[a-z]/.test(run) && /[A-Z]/.test(run) && /[0-9]/.test(run)) return true;
  }
  return false;
}

const NUL = String.fromCharCode(0);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const MAX_DEPTH = 6;
const MAX_STRING = 1000;
const MAX_ITEMS = 100;

/**
 * Text as PostgreSQL stores it: without NUL characters and lone surrogates (which a text or
 * jsonb column refuses), so an odd user agent can never make the event, and with it the
 * command, fail.
 */
export function cleanText(value: string): string {
  return value.replaceAll(NUL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * Removes anything secret from event details, at any depth: keys named like passwords,
 * tokens, secrets or file contents, and values that look like credentials. Long strings
 * and lists are cut short. Applied centrally to every event.
 */
export function redactDetails(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return '[truncated]';
  if (value === null || value === undefined) return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((v) => redactDetails(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[cleanText(k)] = SECRET_KEY.test(k) ? REDACTED : redactDetails(v, depth + 1);
    }
    return out;
  }
  if (typeof value === 'string') {
    if (SECRET_VALUE.some((p) => p.test(value)) || holdsRandomToken(value)) return REDACTED;
    // Cut first, then clean: a cut can split a surrogate pair.
    return cleanText(value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  return value;
}

/**
 * The value as it comes back from a jsonb column: redacted, then through JSON (undefined
 * dropped, non-finite numbers null). The hash is computed over exactly this.
 */
export function storedJson(value: unknown): unknown {
  const json = JSON.stringify(redactDetails(value));
  return json === undefined ? null : (JSON.parse(json) as unknown);
}
