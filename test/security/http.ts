/**
 * A remote attacker's HTTP client: real requests over TCP (fetch), its own cookie jar, and
 * a distinct X-Forwarded-For per request (the server under test trusts the proxy header), so
 * that the per-IP rate limits of a real deployment never stand in for the checks under test.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Sent {
  method: Method;
  url: string;
  /** The request body as sent (JSON text, raw text, or a description of raw bytes). */
  body: string | undefined;
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  setCookies: string[];
  sent: Sent;
}

/** A body to send: a JSON value, JSON text written by hand (e.g. with a `__proto__` key), or raw bytes. */
export type Body = { json: unknown } | { jsonText: string } | { raw: Buffer; contentType: string };

let addressCounter = 0;

/** The next address of the attacker's botnet, from 10.0.0.0/8 (never loopback). */
export function nextAddress(): string {
  addressCounter++;
  return `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
}

export class HttpClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly base: string, readonly lang: 'ja' | 'en' = 'ja') {}

  /** A copy of this client: same cookies, separate jar from then on. */
  clone(): HttpClient {
    const copy = new HttpClient(this.base, this.lang);
    for (const [k, v] of this.cookies) copy.cookies.set(k, v);
    return copy;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(lines: string[]): void {
    for (const line of lines) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expires = attributes.map((a) => a.trim()).find((a) => /^expires=/i.test(a));
      const maxAge = attributes.map((a) => a.trim()).find((a) => /^max-age=/i.test(a));
      const cleared = value === '' || (expires && Date.parse(expires.slice(8)) <= Date.now()) || maxAge === 'Max-Age=0';
      if (cleared) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** Fetches a CSRF cookie when the jar has none. */
  async ensureCsrf(): Promise<string> {
    if (!this.cookies.has('sotas_csrf')) await this.send('GET', '/api/csrf');
    const token = this.cookies.get('sotas_csrf');
    if (!token) throw new Error('no CSRF cookie issued');
    return token;
  }

  /**
   * One request. `csrf`: 'auto' sends the double-submit header on state-changing methods,
   * 'none' sends neither header nor cookie, 'wrong' sends a header that does not match.
   */
  async send(method: Method, url: string, body?: Body, options: { csrf?: 'auto' | 'none' | 'wrong'; headers?: Record<string, string> } = {}): Promise<Answer> {
    const csrf = options.csrf ?? 'auto';
    const headers: Record<string, string> = { 'accept-language': this.lang, 'x-forwarded-for': nextAddress(), ...options.headers };
    const unsafe = method !== 'GET';
    if (unsafe && csrf === 'auto') headers['x-csrf-token'] = await this.ensureCsrf();
    let cookie = this.cookieHeader();
    if (unsafe && csrf === 'none') cookie = [...this.cookies].filter(([k]) => k !== 'sotas_csrf').map(([k, v]) => `${k}=${v}`).join('; ');
    if (unsafe && csrf === 'wrong') {
      await this.ensureCsrf();
      cookie = this.cookieHeader();
      headers['x-csrf-token'] = 'W'.repeat(43);
    }
    if (cookie) headers.cookie = cookie;
    let payload: string | Uint8Array<ArrayBuffer> | undefined;
    let shown: string | undefined;
    if (body && 'json' in body) {
      payload = JSON.stringify(body.json);
      shown = payload;
      headers['content-type'] = 'application/json';
    } else if (body && 'jsonText' in body) {
      payload = body.jsonText;
      shown = payload;
      headers['content-type'] = 'application/json';
    } else if (body && 'raw' in body) {
      payload = new Uint8Array(body.raw);
      shown = `<${body.raw.length} bytes of ${body.contentType}>`;
      headers['content-type'] = body.contentType;
    }
    const res = await fetch(`${this.base}${url}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}), redirect: 'manual' });
    const buffer = Buffer.from(await res.arrayBuffer());
    const setCookies = res.headers.getSetCookie();
    this.remember(setCookies);
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      text: buffer.toString('utf8'),
      setCookies,
      sent: { method, url, body: shown },
    };
  }
}
