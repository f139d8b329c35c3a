import { pino, type Logger, type DestinationStream } from 'pino';

/**
 * Paths that may carry secrets in log objects. Passwords, tokens, cookies and secrets
 * are replaced before a line is written, wherever they appear.
 */
export const REDACT_PATHS = [
  'password', '*.password', '*.*.password',
  'currentPassword', '*.currentPassword', 'newPassword', '*.newPassword',
  'token', '*.token', '*.*.token',
  'secret', '*.secret', 'totpSecret', '*.totpSecret',
  'code', '*.code.value',
  'req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]', 'headers.cookie', 'headers.authorization',
];

const SECRET_QUERY_KEYS = /^(token|code|key|secret|password|sig|signature)$/i;

/**
 * Removes secrets from a URL before it is logged: query values of secret-looking keys,
 * and any path segment that looks like a random token (long base64url).
 */
export function redactUrl(url: string): string {
  const [pathPart = '', query] = url.split('?', 2);
  const safePath = pathPart
    .split('/')
    .map((seg) => (/^[A-Za-z0-9_-]{24,}$/.test(seg) && !/^[0-9a-f-]{36}$/.test(seg) ? '[redacted]' : seg))
    .join('/');
  if (query === undefined) return safePath;
  const params = new URLSearchParams(query);
  for (const key of [...params.keys()]) {
    if (SECRET_QUERY_KEYS.test(key)) params.set(key, '[redacted]');
  }
  return `${safePath}?${params.toString()}`;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { service: 'sotas' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

export type { Logger };
