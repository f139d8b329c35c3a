import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { createLogger } from '../../src/core/logger.js';
import { createFileStore, storeTenantFile, tenantFileDeps } from '../../src/platform/files/index.js';
import { masterKeyProvider } from '../../src/platform/keys/index.js';
import { TestClient } from '../support/app.js';
import { makeTestCertificates } from '../support/certificates.js';
import { freePort } from '../support/net.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { buildStaff } from '../support/staff.js';
import { base32Decode, totpAt } from '../support/totp.js';

/*
 * The HTTP surface every answer shares, beyond what http.test.ts checks on one public JSON
 * answer (CSP basics, nosniff, Referrer-Policy, no X-Powered-By/Server, no HSTS over HTTP)
 * and tls.test.ts on /api/csrf (HSTS, upgrade-insecure-requests, Secure CSRF and session
 * cookies): here every kind of answer (page, asset, API data, errors, file download), both
 * session cookies in every deployment, and the listeners a real `serve` process opens.
 */

type Headers = Record<string, string | string[] | number | undefined>;

/** The directives of a Content-Security-Policy header, by name. */
function cspDirectives(header: unknown): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of String(header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

/**
 * The headers every answer of the public listener carries, whatever produced it: a CSP that
 * allows no inline or evaluated script, no framing, no plugins and no foreign <base>, and
 * helmet's isolation headers. A download brings a stricter CSP of its own (`default-src 'none';
 * sandbox; frame-ancestors 'none'`, checked where it is fetched), and X-Frame-Options DENY.
 */
function expectSurfaceHeaders(headers: Headers, what: string, options: { ownCsp?: boolean } = {}): void {
  const csp = cspDirectives(headers['content-security-policy']);
  const scripts = csp.get('script-src') ?? csp.get('default-src');
  expect(scripts, `${what}: script-src or default-src`).toBeDefined();
  expect(scripts, `${what}: script-src`).not.toContain("'unsafe-inline'");
  expect(scripts, `${what}: script-src`).not.toContain("'unsafe-eval'");
  expect(csp.get('object-src') ?? csp.get('default-src'), `${what}: object-src`).toEqual(["'none'"]);
  if (!options.ownCsp) {
    expect(csp.get('frame-ancestors'), `${what}: frame-ancestors`).toEqual(["'none'"]);
    // A <base> injected into a page would re-point every relative script URL.
    expect(csp.get('base-uri'), `${what}: base-uri`).toEqual(["'self'"]);
  }
  expect(headers['x-frame-options'], `${what}: X-Frame-Options, for browsers without frame-ancestors`).toBe('DENY');
  expect(headers['x-content-type-options'], `${what}: nosniff`).toBe('nosniff');
  expect(headers['referrer-policy'], `${what}: Referrer-Policy`).toBe('same-origin');
  expect(headers['cross-origin-opener-policy'], `${what}: COOP`).toBe('same-origin');
  expect(headers['cross-origin-resource-policy'], `${what}: CORP`).toBe('same-origin');
  expect(headers['x-powered-by'], `${what}: no X-Powered-By`).toBeUndefined();
  expect(headers['server'], `${what}: no Server`).toBeUndefined();
}

/** Answers with data of a tenant or a person are never kept by a browser or a shared cache. */
function expectNotStored(headers: Headers, what: string): void {
  expect(String(headers['cache-control']), `${what}: Cache-Control`).toMatch(/\bno-store\b/);
}

/** A built web app in miniature: the shell with its module script, and a hashed asset. */
function fixtureWebDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sotas-surface-web-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html lang="ja"><head><meta charset="UTF-8" /><title>Sotas</title><script type="module" crossorigin src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>\n',
  );
  writeFileSync(path.join(dir, 'assets', 'index-Ab12Cd34.js'), 'document.getElementById("root").textContent = "Sotas";\n');
  return dir;
}

/** An app like createTestApp's, serving the given web directory. */
async function appWith(tdb: TestDatabase, webDir: string, env: Record<string, string> = {}): Promise<App> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sotas-surface-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, PORT: '0', METRICS_PORT: '0', JOBS_ENABLED: 'false', BACKUP_ENABLED: 'false', ...env });
  return createApp({ config, db: tdb.db, logger: createLogger('silent'), webDir });
}

/** A stored file of the tenant's process service, as a service would store it. */
async function storeFile(app: App, tdb: TestDatabase, tenant: BuiltTenant, user: BuiltUser): Promise<string> {
  const deps = tenantFileDeps({ config: app.config, db: tdb.db, clock: systemClock, keys: masterKeyProvider(app.config.masterKeyFile), files: createFileStore(app.config.files) });
  const file = await storeTenantFile(deps, { tenantId: tenant.id, service: 'process', name: '検査成績書.txt', body: Buffer.from('lot 42'), actor: { type: 'user', id: user.id, name: 'テスト ユーザー' }, origin: {} });
  return file.id;
}

/** A private CA and a certificate it signed for localhost and 127.0.0.1, written to `dir`. */
async function makeCertificates(dir: string): Promise<{ ca: string; certFile: string; keyFile: string }> {
  const generated = await makeTestCertificates('Sotas surface test CA');
  const certFile = path.join(dir, 'server.pem');
  const keyFile = path.join(dir, 'server.key');
  writeFileSync(certFile, generated.cert);
  writeFileSync(keyFile, generated.key, { mode: 0o600 });
  return { ca: generated.ca, certFile, keyFile };
}

/** A new staff member's sign-in (password, then enrolling TOTP); the answer that sets the staff cookie. */
async function staffSignIn(client: TestClient, staff: { email: string; password: string }, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const step = (await client.request('POST', '/api/ops/auth/login', staff, headers)).json().secondFactor as { token: string; secret: string };
  return client.request('POST', '/api/ops/auth/mfa', { token: step.token, code: totpAt(base32Decode(step.secret), new Date()) }, headers);
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request over real HTTPS, trusting only the given CA. */
function httpsRequest(url: string, ca: string, options: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = https.request(
      url,
      { method: options.method ?? 'GET', ca, agent: false, headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The attributes of one Set-Cookie line, lower-cased names (`secure`, `httponly`, `samesite`, `path`…). */
function cookieAttributes(setCookie: string | string[] | undefined, name: string): Map<string, string> | undefined {
  const line = [setCookie ?? []].flat().find((l) => l.startsWith(`${name}=`));
  if (!line) return undefined;
  const attributes = new Map<string, string>();
  for (const part of line.split(';').slice(1)) {
    const [key, ...value] = part.trim().split('=');
    attributes.set(key!.toLowerCase(), value.join('='));
  }
  return attributes;
}

// One database for the in-process apps of this file; each builds its own tenants.
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await openTestDatabase();
});
afterAll(async () => {
  await tdb?.close();
});

describe(`every kind of answer carries the security headers (${testDatabaseKind()})`, () => {
  let app: App;
  let tenant: BuiltTenant;
  let user: BuiltUser;
  let client: TestClient;
  let fileId: string;

  beforeAll(async () => {
    app = await appWith(tdb, fixtureWebDir());
    tenant = await buildTenant(tdb.db);
    user = await buildUser(tdb.db, tenant, { email: 'surface@a.example' });
    fileId = await storeFile(app, tdb, tenant, user);
    client = new TestClient(app);
    expect((await client.login(tenant.code, user.email, user.password)).statusCode).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('on the HTML shell of every page path, which holds no inline script', async () => {
    for (const url of ['/', '/login', '/s/process/items?q=x']) {
      const res = await app.http.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      // Revalidated on every load, so a new deployment (new asset names) is picked up at once.
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expectSurfaceHeaders(res.headers, url);
      // Every <script> loads a same-origin file; an inline one would need 'unsafe-inline'.
      const scripts = [...res.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length, url).toBeGreaterThan(0);
      for (const [, attributes, content] of scripts) {
        expect(attributes, url).toMatch(/\bsrc="\/[^/]/);
        expect(content!.trim(), url).toBe('');
      }
    }
  });

  it('on static assets', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    // Hashed names: a changed file gets a new name, so the browser may keep this one.
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expectSurfaceHeaders(res.headers, 'asset');
  });

  it('on API answers with tenant data, which no cache keeps', async () => {
    for (const url of ['/api/session', '/api/members', `/api/members/${user.id}`]) {
      const res = await client.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^application\/json/);
      expectSurfaceHeaders(res.headers, url);
      expectNotStored(res.headers, url);
    }
  });

  it('on error answers: 404 (unknown path, another tenant’s id, unknown file), 400, 401 and 403', async () => {
    const other = await buildTenant(tdb.db);
    const stranger = await buildUser(tdb.db, other);
    const viewer = await buildUser(tdb.db, tenant, { memberships: [{ service: 'catalog', role: 'viewer' }] });
    const viewerClient = new TestClient(app);
    await viewerClient.login(tenant.code, viewer.email, viewer.password);
    const answers = [
      [404, await client.get('/api/no/such/thing')],
      [404, await client.get(`/api/members/${stranger.id}`)],
      [404, await client.get(`/api/files/${randomUUID()}`)],
      [400, await client.get('/api/members/not-a-uuid')],
      [400, await client.post('/api/auth/login', { companyCode: '' })],
      [401, await new TestClient(app).get('/api/members')],
      [403, await viewerClient.get('/api/members')],
    ] as const;
    for (const [status, res] of answers) {
      const what = `${res.raw.req.url} → ${status}`;
      expect(res.statusCode, what).toBe(status);
      expect(res.json().error.code, what).toBeTruthy();
      expectSurfaceHeaders(res.headers, what);
      expectNotStored(res.headers, what);
    }
  });

  it('on a file download, which is an attachment that is never stored or rendered', async () => {
    const res = await client.get(`/api/files/${fileId}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('lot 42');
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    // Its own stricter CSP: nothing may run even if a browser rendered it.
    const csp = cspDirectives(res.headers['content-security-policy']);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.has('sandbox')).toBe(true);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expectSurfaceHeaders(res.headers, 'file download', { ownCsp: true });
    expectNotStored(res.headers, 'file download');
  });

  it('sets the session and staff cookies HttpOnly, SameSite and for the whole site, not Secure over plain HTTP', async () => {
    const login = await new TestClient(app).login(tenant.code, user.email, user.password);
    const session = login.cookies.find((c) => c.name === 'sotas_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    // Secure on http://localhost would stop the browser from sending it back at all.
    expect(session?.secure).toBeFalsy();
    const mfa = await staffSignIn(new TestClient(app), await buildStaff(tdb.db, ['operator']));
    expect(mfa.statusCode).toBe(204);
    const staff = mfa.cookies.find((c) => c.name === 'sotas_staff');
    expect(staff).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(staff?.secure).toBeFalsy();
  });
});

describe(`cookies and HSTS over HTTPS served by the app (${testDatabaseKind()})`, () => {
  let app: App;
  let ca: string;
  let base: string;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sotas-surface-tls-'));
    const certs = await makeCertificates(dir);
    ca = certs.ca;
    app = await appWith(tdb, fixtureWebDir(), { TLS_CERT_FILE: certs.certFile, TLS_KEY_FILE: certs.keyFile, HTTPS_PORT: '0', PORT: String(await freePort()), HOST: '127.0.0.1' });
    base = (await app.listen()).http;
  });
  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends HSTS on pages, assets, API data and errors', async () => {
    for (const url of ['/', '/assets/index-Ab12Cd34.js', '/api/public/config', '/api/no/such/thing']) {
      const res = await httpsRequest(`${base}${url}`, ca);
      expect(res.headers['strict-transport-security'], url).toBe('max-age=31536000; includeSubDomains');
      expectSurfaceHeaders(res.headers, `https ${url}`);
    }
  });

  it('marks the session and staff cookies Secure, HttpOnly, SameSite and Path=/', async () => {
    const tenant = await buildTenant(tdb.db);
    const user = await buildUser(tdb.db, tenant);
    const csrfAnswer = await httpsRequest(`${base}/api/csrf`, ca);
    const csrf = cookieAttributes(csrfAnswer.headers['set-cookie'], 'sotas_csrf');
    expect(csrf?.has('secure')).toBe(true);
    const token = /sotas_csrf=([^;]+)/.exec(String(csrfAnswer.headers['set-cookie']))![1]!;
    const headers = { cookie: `sotas_csrf=${token}`, 'x-csrf-token': token };

    const login = await httpsRequest(`${base}/api/auth/login`, ca, { method: 'POST', headers, body: { companyCode: tenant.code, email: user.email, password: user.password } });
    expect(login.status).toBe(200);
    const session = cookieAttributes(login.headers['set-cookie'], 'sotas_session');
    expect(session?.has('secure')).toBe(true);
    expect(session?.has('httponly')).toBe(true);
    expect(session?.get('samesite')).toBe('Lax');
    expect(session?.get('path')).toBe('/');

    const staff = await buildStaff(tdb.db, ['operator']);
    const step = JSON.parse((await httpsRequest(`${base}/api/ops/auth/login`, ca, { method: 'POST', headers, body: staff })).body).secondFactor as { token: string; secret: string };
    const mfa = await httpsRequest(`${base}/api/ops/auth/mfa`, ca, { method: 'POST', headers, body: { token: step.token, code: totpAt(base32Decode(step.secret), new Date()) } });
    expect(mfa.status).toBe(204);
    const staffCookie = cookieAttributes(mfa.headers['set-cookie'], 'sotas_staff');
    expect(staffCookie?.has('secure')).toBe(true);
    expect(staffCookie?.has('httponly')).toBe(true);
    expect(staffCookie?.get('samesite')).toBe('Strict');
    expect(staffCookie?.get('path')).toBe('/');
  });
});

describe(`the staff cookie behind a TLS-terminating proxy (${testDatabaseKind()})`, () => {
  let app: App;

  beforeAll(async () => {
    app = await appWith(tdb, fixtureWebDir(), { PUBLIC_URL: 'https://sotas.example.jp', TRUST_PROXY: 'true' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is Secure, HttpOnly, SameSite=Strict and Path=/ (tls.test.ts covers the session cookie there)', async () => {
    const staff = await buildStaff(tdb.db, ['operator']);
    const mfa = await staffSignIn(new TestClient(app), staff, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' });
    expect(mfa.statusCode).toBe(204);
    expect(mfa.cookies.find((c) => c.name === 'sotas_staff')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(mfa.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });
});

/** A listening TCP socket: address and port as the kernel shows them. */
interface Listener {
  address: string;
  port: number;
}

/** The socket inodes among a process's open file descriptors. */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // The descriptor closed between listing and reading it.
    }
  }
  return inodes;
}

/** An address from /proc/net/tcp{,6}: 32-bit words in host (little-endian) byte order, in hex. */
function procAddress(hex: string): string {
  const bytes = Buffer.concat(hex.match(/.{8}/g)!.map((word) => Buffer.from(word, 'hex').reverse()));
  if (bytes.length === 4) return [...bytes].join('.');
  // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address for a dual-stack socket.
  if (bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return [...bytes.subarray(12)].join('.');
  // The URL parser writes an IPv6 address in its shortest form.
  return new URL(`http://[${bytes.toString('hex').match(/.{4}/g)!.join(':')}]/`).hostname;
}

/**
 * The TCP sockets in LISTEN state that belong to the process: the namespace's tables in
 * /proc/<pid>/net/tcp{,6} hold every process's sockets, so they are matched to the process
 * by inode through its descriptors.
 */
function listenersOf(pid: number): Listener[] {
  const own = socketInodes(pid);
  const listeners: Listener[] = [];
  for (const table of ['tcp', 'tcp6']) {
    const lines = readFileSync(`/proc/${pid}/net/${table}`, 'utf8').trim().split('\n').slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      const [local, state, inode] = [fields[1]!, fields[3]!, fields[9]!];
      if (state !== '0A' || !own.has(inode)) continue;
      const [address, port] = local.split(':');
      listeners.push({ address: procAddress(address!), port: parseInt(port!, 16) });
    }
  }
  return listeners.sort((a, b) => a.port - b.port);
}

/** `sotas serve` as a child process, with the test database when on PostgreSQL. */
class ServeProcess {
  private output = '';
  private readonly child: ChildProcess;

  constructor(env: Record<string, string>) {
    // node with tsx's loader in the same process (the tsx launcher would fork a second one).
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (c: Buffer) => (this.output += c.toString('utf8')));
    this.child.stderr!.on('data', (c: Buffer) => (this.output += c.toString('utf8')));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resolves once the server says it is serving; fails with its output if it exits first. */
  async ready(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (this.output.includes('Sotas is serving on')) {
          this.child.stdout!.off('data', check);
          resolve();
        }
      };
      this.child.stdout!.on('data', check);
      this.child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${this.output}`)));
      check();
    });
  }

  /** Stops the server the way an operator does (SIGTERM) and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    await exited;
  }
}

describe(`only the documented listeners are open (sotas serve, ${testDatabaseKind()})`, () => {
  let serveDb: TestDatabase | undefined;
  let dataDir: string;
  let certs: { certFile: string; keyFile: string };
  const running: ServeProcess[] = [];

  const baseEnv = (): Record<string, string> => ({
    DATA_DIR: dataDir,
    ...(serveDb?.urls ? { DATABASE_URL: serveDb.urls.owner, DATABASE_APP_URL: serveDb.urls.app } : {}),
  });

  beforeAll(async () => {
    // On PostgreSQL a database of its own; on PGlite the server keeps its database under DATA_DIR.
    if (testDatabaseKind() === 'postgres') serveDb = await openTestDatabase({ poolSize: 1 });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'sotas-surface-serve-'));
    certs = await makeCertificates(dataDir);
  });
  afterAll(async () => {
    for (const server of running) await server.stop();
    await serveDb?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens on PORT and METRICS_PORT on loopback, and nowhere else', async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const server = new ServeProcess({ ...baseEnv(), PORT: String(port), METRICS_PORT: String(metricsPort) });
    running.push(server);
    await server.ready();
    expect(listenersOf(server.pid)).toEqual([
      { address: '127.0.0.1', port: Math.min(port, metricsPort) },
      { address: '127.0.0.1', port: Math.max(port, metricsPort) },
    ]);
    await server.stop();
  }, 60_000);

  it('with TLS: HTTPS_PORT, the redirect on PORT and METRICS_PORT, and nowhere else', async () => {
    const [port, httpsPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
    const server = new ServeProcess({ ...baseEnv(), PORT: String(port), HTTPS_PORT: String(httpsPort), METRICS_PORT: String(metricsPort), TLS_CERT_FILE: certs.certFile, TLS_KEY_FILE: certs.keyFile });
    running.push(server);
    await server.ready();
    expect(listenersOf(server.pid)).toEqual([port, httpsPort, metricsPort].sort((a, b) => a - b).map((p) => ({ address: '127.0.0.1', port: p })));
    await server.stop();
  }, 60_000);
});
