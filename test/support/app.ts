import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { createApp, type App } from '../../src/app.js';
import type { Clock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import type { Database } from '../../src/core/db/index.js';
import { createLogger } from '../../src/core/logger.js';

/** An app on the given database, quiet, with its data directory in a temp folder. */
export async function createTestApp(db: Database, options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<App> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sotas-test-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, PORT: '0', METRICS_PORT: '0', JOBS_ENABLED: 'false', BACKUP_ENABLED: 'false', ...options.env });
  return createApp({ config, db, logger: createLogger('silent'), ...(options.clock ? { clock: options.clock } : {}) });
}

/**
 * A browser-like client over `app.inject`: keeps cookies, sends the CSRF header on
 * state-changing requests, and asks for a language.
 */
export class TestClient {
  private cookies = new Map<string, string>();
  constructor(private readonly app: App, private readonly lang: 'ja' | 'en' = 'ja') {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies) {
      // Cleared cookies come back empty or expired at the epoch; tests may run on a manual
      // clock, so a real-time comparison of other expiry dates would be wrong.
      if (c.value === '' || (c.expires && c.expires.getTime() <= 86_400_000)) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    if (method !== 'GET' && !this.cookies.has('sotas_csrf')) {
      this.remember(await this.app.http.inject({ method: 'GET', url: '/api/csrf' }));
    }
    const res = await this.app.http.inject({
      method,
      url,
      headers: {
        'accept-language': this.lang,
        cookie: this.cookieHeader(),
        ...(method !== 'GET' ? { 'x-csrf-token': this.cookies.get('sotas_csrf') ?? '' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });
    this.remember(res);
    return res;
  }

  get(url: string) {
    return this.request('GET', url);
  }

  post(url: string, body?: unknown) {
    return this.request('POST', url, body ?? {});
  }

  async login(companyCode: string, email: string, password: string): Promise<LightMyRequestResponse> {
    return this.post('/api/auth/login', { companyCode, email, password });
  }
}
