/**
 * One simulated user of the load run: its own cookie jar (session and CSRF cookies), its own
 * address behind the (simulated) proxy, so the per-IP limits see a crowd of users, not one.
 */

export interface Reply {
  status: number;
  /** The parsed JSON body, or undefined for other bodies (downloads) and empty answers. */
  body: unknown;
  /** Bytes of the body as received. */
  bytes: number;
  /** The error code of a 4xx/5xx JSON answer (`error.code`), or what went wrong on the network. */
  code: string | undefined;
  /** The error message of a 4xx/5xx JSON answer (`error.message`). */
  message: string | undefined;
}

/** A network failure or time-out, reported with status 0. */
export const NETWORK_ERROR = 0;

export class UserClient {
  private cookies = new Map<string, string>();

  constructor(
    private readonly base: string,
    readonly address: string,
    private readonly timeoutMs: number,
  ) {}

  /** Forgets the session and CSRF cookies (a fresh browser before a sign-in). */
  reset(): void {
    this.cookies.clear();
  }

  hasCsrf(): boolean {
    return this.cookies.has('sotas_csrf');
  }

  private header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const expired = /expires=Thu, 01 Jan 1970/i.test(c) || /max-age=0\b/i.test(c);
      if (value === '' || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** One request; never throws (a network failure or time-out is status 0). */
  async request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<Reply> {
    try {
      const res = await fetch(`${this.base}${url}`, {
        method,
        headers: {
          'accept-language': 'ja',
          'x-forwarded-for': this.address,
          ...(this.cookies.size ? { cookie: this.header() } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(method !== 'GET' ? { 'x-csrf-token': this.cookies.get('sotas_csrf') ?? '' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      this.keep(res);
      const buffer = Buffer.from(await res.arrayBuffer());
      const json = (res.headers.get('content-type') ?? '').includes('application/json') && buffer.length > 0;
      const parsed: unknown = json ? JSON.parse(buffer.toString('utf8')) : undefined;
      const error = res.status >= 400 && parsed && typeof parsed === 'object' ? errorOf(parsed) : { code: undefined, message: undefined };
      return { status: res.status, body: parsed, bytes: buffer.length, ...error };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      return { status: NETWORK_ERROR, body: undefined, bytes: 0, code: name === 'TimeoutError' ? 'timeout' : 'network', message };
    }
  }

  /** Fetches the CSRF cookie when the jar has none (before the first change of a fresh jar). */
  async ensureCsrf(): Promise<Reply | undefined> {
    if (this.hasCsrf()) return undefined;
    return this.request('GET', '/api/csrf');
  }
}

/** `error.code` and `error.message` of an error answer ({ error: { code, message } }). */
function errorOf(body: object): { code: string | undefined; message: string | undefined } {
  const error = (body as { error?: unknown }).error;
  if (!error || typeof error !== 'object') return { code: undefined, message: undefined };
  const { code, message } = error as { code?: unknown; message?: unknown };
  return { code: typeof code === 'string' ? code : undefined, message: typeof message === 'string' ? message : undefined };
}
