import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createTestApp } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';

/**
 * Every route with a limit of its own, and that limit (requests per minute per address). The list
 * is written out so that adding, removing or loosening a limit is a visible change here and in
 * docs/security/asvs.md, which quotes it.
 */
const LIMITS: Record<string, number> = {
  'POST /api/auth/login': 30,
  'POST /api/auth/mfa/verify': 30,
  'POST /api/auth/mfa/passkey-options': 30,
  'POST /api/auth/mfa/enrol/totp': 20,
  'POST /api/auth/mfa/enrol/totp/confirm': 30,
  'POST /api/auth/mfa/enrol/passkey-options': 20,
  'POST /api/auth/mfa/enrol/passkey': 30,
  'POST /api/auth/password-reset': 5,
  'GET /api/auth/password-reset/:token': 20,
  'POST /api/auth/password-reset/complete': 10,
  'POST /api/account/password': 10,
  'POST /api/mfa/totp': 20,
  'POST /api/mfa/totp/confirm': 20,
  'POST /api/mfa/totp/disable': 10,
  'POST /api/mfa/recovery-codes': 10,
  'POST /api/mfa/passkeys/options': 20,
  'POST /api/mfa/passkeys': 20,
  'GET /api/invitation-links/:token': 30,
  'POST /api/invitation-links/:token/accept': 10,
  'POST /api/invitation-links/:token/join': 10,
  'GET /api/first-login/:token': 30,
  'POST /api/first-login/:token': 10,
  'GET /api/setup/staff/:token': 20,
  'POST /api/setup/staff': 10,
  'POST /api/setup/staff/invited': 10,
  'POST /api/ops/auth/login': 10,
  'POST /api/ops/auth/mfa': 20,
  'POST /api/ops/backups/verify': 20,
  'POST /api/ops/backups/drill': 10,
  'POST /api/ops/backups/run': 10,
  'POST /api/ops/lifecycle/certificates/:certificateId/send': 20,
  'GET /api/ops/compliance/report': 20,
  'POST /api/security-reports': 5,
  'POST /api/exports': 10,
  'GET /api/exports/:exportId/download': 30,
  'GET /api/survey/upload/:token': 60,
  'POST /api/survey/upload/:token/files': 40,
  'POST /api/survey/upload/:token/submit': 10,
};

const LIMITED = { ja: 'リクエストが多すぎます。しばらく待ってからもう一度お試しください。', en: 'Too many requests. Wait a moment and try again.' };

/**
 * The n-th path for a route pattern: ids as a uuid, tokens as a different token-shaped string each
 * time (upload links also limit each token on its own, below the address's limit).
 */
const concrete = (url: string, n: number) =>
  url.replace(/:(\w+)/g, (_, name: string) => (name.endsWith('Id') ? '00000000-0000-4000-8000-000000000000' : `t${String(n).padStart(3, '0')}`.padEnd(43, 'x')));

describe(`per-route rate limits (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let address = 0;
  const nextAddress = () => `192.0.2.${++address}`;

  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db);
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.close();
  });

  const send = (method: string, url: string, remoteAddress: string, lang: 'ja' | 'en' = 'ja') =>
    app.http.inject({
      method: method as 'GET' | 'POST',
      url,
      remoteAddress,
      headers: { 'accept-language': lang },
      ...(method === 'GET' ? {} : { payload: {} }),
    });

  it('declares the listed limits, no more and no fewer', () => {
    const declared = Object.fromEntries(
      app.routes.filter((r) => r.rateLimitPerMinute !== undefined && r.method !== 'HEAD').map((r) => [`${r.method} ${r.url}`, r.rateLimitPerMinute]),
    );
    expect(declared).toEqual(LIMITS);
  });

  it('answers 429 with Retry-After once an address passes a route’s limit, counting refused requests; other addresses go on', async () => {
    for (const [route, limit] of Object.entries(LIMITS)) {
      const [method, pattern] = route.split(' ') as [string, string];
      const caller = nextAddress();
      for (let i = 0; i < limit; i++) {
        const res = await send(method, concrete(pattern, i), caller);
        expect(res.statusCode, `${route}: request ${i + 1} of ${limit}`).not.toBe(429);
      }
      const limited = await send(method, concrete(pattern, limit), caller, i18nFor(route));
      expect(limited.statusCode, `${route}: request ${limit + 1}`).toBe(429);
      expect(limited.json().error.message, route).toBe(LIMITED[i18nFor(route)]);
      expect(Number(limited.headers['retry-after']), `${route}: Retry-After in seconds`).toBeGreaterThan(0);
      expect((await send(method, concrete(pattern, limit + 1), nextAddress())).statusCode, `${route}: another address is not limited`).not.toBe(429);
    }
  });
});

/** Half the routes are asked in English, so both languages of the message are checked. */
function i18nFor(route: string): 'ja' | 'en' {
  return route.length % 2 === 0 ? 'ja' : 'en';
}
