/**
 * Thrown by a handler (or raised for it) when trying again cannot help: a malformed
 * payload, a recipient the mail server refuses for good. The job fails at once instead
 * of spending its remaining attempts.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

const MAX_ERROR_LENGTH = 300;

/**
 * A one-line description of a failure fit for `last_error` and the logs: the first line
 * of the message, credentials in URLs removed, cut short. Handlers must not put payload
 * contents into their error messages; this only guards against the common leaks.
 */
export function shortError(error: unknown): string {
  const raw = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const firstLine = raw.split(/\r?\n/, 1)[0] ?? '';
  const withoutCredentials = firstLine.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1[redacted]@');
  return withoutCredentials.length > MAX_ERROR_LENGTH
    ? `${withoutCredentials.slice(0, MAX_ERROR_LENGTH - 1)}…`
    : withoutCredentials;
}
