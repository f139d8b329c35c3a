import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import selfsigned from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { loadConfig } from '../../src/core/config.js';
import { assertRestrictedAppRole, migrate, openDatabase, postgresTransport, type Database } from '../../src/core/db/index.js';
import { httpsRedirectTarget } from '../../src/platform/http/tls.js';
import { createMailTransport } from '../../src/platform/mail/index.js';
import { createTestApp, TestClient } from '../support/app.js';
import { makeTestCertificates } from '../support/certificates.js';
import { freePort } from '../support/net.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { buildTenant, buildUser } from '../support/factories.js';
import { startSmtp } from '../support/smtp.js';

const run = promisify(execFile);


function httpsGet(url: string, options: https.RequestOptions = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; protocol: string | null }> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ...options, agent: false }, (res) => {
      const protocol = (res.socket as tls.TLSSocket).getProtocol();
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), protocol }));
    });
    req.on('error', reject);
  });
}

function plainRequest(url: string, method = 'GET', headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{"a":1}' : undefined);
  });
}

/** A raw TLS handshake with the given client limits: the negotiated protocol, or the error code. */
function handshake(port: number, ca: string, options: tls.ConnectionOptions): Promise<{ ok: true; protocol: string | null; cipher: string } | { ok: false; code: string }> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, ca, ...options }, () => {
      resolve({ ok: true, protocol: socket.getProtocol(), cipher: socket.getCipher().name });
      socket.end();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, code: error.code ?? error.message }));
  });
}

let certs: { ca: string; cert: string; key: string; dir: string; caFile: string; certFile: string; keyFile: string };

beforeAll(async () => {
  const generated = await makeTestCertificates();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sotas-tls-'));
  const files = { caFile: path.join(dir, 'ca.pem'), certFile: path.join(dir, 'server.pem'), keyFile: path.join(dir, 'server.key') };
  writeFileSync(files.caFile, generated.ca);
  writeFileSync(files.certFile, generated.cert);
  writeFileSync(files.keyFile, generated.key, { mode: 0o600 });
  certs = { ...generated, dir, ...files };
});

describe(`HTTPS served by the app (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let httpsPort: number;
  let httpPort: number;
  let addresses: { http: string; ops: string; redirect?: string };

  beforeAll(async () => {
    tdb = await openTestDatabase();
    httpsPort = await freePort();
    httpPort = await freePort();
    app = await createTestApp(tdb.db, { env: { TLS_CERT_FILE: certs.certFile, TLS_KEY_FILE: certs.keyFile, HTTPS_PORT: String(httpsPort), PORT: String(httpPort) } });
    addresses = await app.listen();
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  it('listens with TLS on HTTPS_PORT and keeps PORT for redirects only', () => {
    expect(app.config.http.publicUrl).toBe(`https://localhost:${httpsPort}`);
    expect(addresses.http).toBe(`https://127.0.0.1:${httpsPort}`);
    expect(addresses.redirect).toBe(`http://127.0.0.1:${httpPort}`);
  });

  it('answers over HTTPS with HSTS and secure cookies', async () => {
    const res = await httpsGet(`https://127.0.0.1:${httpsPort}/api/csrf`, { ca: certs.ca });
    expect(res.status).toBe(200);
    expect(res.protocol).toBe('TLSv1.3');
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(String(res.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    expect(String(res.headers['set-cookie'])).toMatch(/sotas_csrf=[^;]+;.*Secure/);
    // A client that does not trust the certificate refuses it.
    await expect(httpsGet(`https://127.0.0.1:${httpsPort}/api/csrf`)).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it('accepts TLS 1.2 only with forward-secret AEAD suites and refuses TLS 1.1 and older suites', async () => {
    expect(await handshake(httpsPort, certs.ca, {})).toMatchObject({ ok: true, protocol: 'TLSv1.3' });
    expect(await handshake(httpsPort, certs.ca, { maxVersion: 'TLSv1.2' })).toMatchObject({ ok: true, protocol: 'TLSv1.2', cipher: 'ECDHE-ECDSA-AES128-GCM-SHA256' });
    // The client offers TLS 1.0/1.1 only (security level lowered so it is allowed to): the server says "protocol version".
    expect(await handshake(httpsPort, certs.ca, { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' })).toEqual({ ok: false, code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
    // TLS 1.2 with CBC or without forward secrecy: no shared suite. The alert's code name
    // differs by OpenSSL version (3.0: ERR_SSL_SSLV3_…, 3.5 in Node.js 24: ERR_SSL_SSL/TLS_…).
    for (const ciphers of ['ECDHE-ECDSA-AES128-SHA', 'AES128-GCM-SHA256', 'AES256-SHA256']) {
      expect(await handshake(httpsPort, certs.ca, { maxVersion: 'TLSv1.2', ciphers }), ciphers).toEqual({ ok: false, code: expect.stringMatching(/^ERR_SSL_(SSLV3|SSL\/TLS)_ALERT_HANDSHAKE_FAILURE$/) });
    }
  });

  it('answers plain HTTP only with a 308 to the same path on HTTPS, for every method', async () => {
    const get = await plainRequest(`http://127.0.0.1:${httpPort}/login?next=%2Fapp`);
    expect(get.status).toBe(308);
    expect(get.headers.location).toBe(`https://localhost:${httpsPort}/login?next=%2Fapp`);
    expect(get.headers['strict-transport-security']).toBeUndefined();
    expect(get.headers['set-cookie']).toBeUndefined();
    const post = await plainRequest(`http://127.0.0.1:${httpPort}/api/auth/login`, 'POST', { 'content-type': 'application/json', host: 'evil.example' });
    expect(post.status).toBe(308);
    expect(post.headers.location).toBe(`https://localhost:${httpsPort}/api/auth/login`);
    expect(post.body).not.toContain('"error"');
  });

  it('builds redirect targets from PUBLIC_URL, else from a sane Host header', () => {
    const target = { publicUrl: 'http://localhost:3000', httpsPort: 3443 };
    expect(httpsRedirectTarget('/a?b=1', 'sotas.example.jp:3000', target)).toBe('https://sotas.example.jp:3443/a?b=1');
    expect(httpsRedirectTarget('/a', 'sotas.example.jp', { ...target, httpsPort: 443 })).toBe('https://sotas.example.jp/a');
    expect(httpsRedirectTarget('/a', 'bad host"<x>', target)).toBe('https://localhost:3443/a');
    expect(httpsRedirectTarget('http://evil.example/x', 'sotas.example.jp', target)).toBe('https://sotas.example.jp:3443/');
    expect(httpsRedirectTarget('//evil.example/x', undefined, target)).toBe('https://localhost:3443/');
    expect(httpsRedirectTarget('/x', 'evil.example', { publicUrl: 'https://sotas.example.jp', httpsPort: 3443 })).toBe('https://sotas.example.jp/x');
  });

  it('closes both listeners', async () => {
    const extra = await createTestApp(tdb.db, { env: { TLS_CERT_FILE: certs.certFile, TLS_KEY_FILE: certs.keyFile, HTTPS_PORT: '0', PORT: String(await freePort()) } });
    const bound = await extra.listen();
    await extra.close();
    await expect(plainRequest(`${bound.redirect}/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(httpsGet(`${bound.http}/`, { ca: certs.ca })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses to start with unreadable certificate files, naming the variables', async () => {
    await expect(createTestApp(tdb.db, { env: { TLS_CERT_FILE: path.join(certs.dir, 'missing.pem'), TLS_KEY_FILE: certs.keyFile } })).rejects.toThrow(/TLS_CERT_FILE \/ TLS_KEY_FILE cannot be read/);
  });
});

describe(`behind a TLS-terminating proxy (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { env: { PUBLIC_URL: 'https://sotas.example.jp', TRUST_PROXY: 'true' } });
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  it('keeps HSTS and secure cookies, and records the client address the proxy forwarded', async () => {
    const tenant = await buildTenant(tdb.db);
    const user = await buildUser(tdb.db, tenant);
    const client = new TestClient(app);
    const proxied = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' };
    const csrf = await app.http.inject({ method: 'GET', url: '/api/csrf', headers: proxied });
    expect(csrf.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(csrf.cookies.find((c) => c.name === 'sotas_csrf')?.secure).toBe(true);
    const login = await client.request('POST', '/api/auth/login', { companyCode: tenant.code, email: user.email, password: user.password }, proxied);
    expect(login.statusCode).toBe(200);
    expect(login.cookies.find((c) => c.name === 'sotas_session')).toMatchObject({ secure: true, httpOnly: true });
    const ip = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ ip: string }>(`SELECT ip FROM audit.tenant_events WHERE tenant_id = $1 AND action = 'auth.login.succeeded'`, [tenant.id])).rows[0]?.ip);
    expect(ip).toBe('203.0.113.9');
  });
});

describe('SMTP with TLS (nodemailer against a real SMTP server)', () => {
  const mail = { id: '5b0e6f54-0000-4000-8000-000000000001', to: 'user@example.jp', subject: '件名 TLS', text: '本文', html: null };

  it('upgrades with STARTTLS, verifying the server certificate, when TLS is required', async () => {
    const smtp = await startSmtp({ tls: { key: certs.key, cert: certs.cert } });
    const transport = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'Sotas <no-reply@sotas.example.jp>', requireTls: true, ca: certs.ca });
    try {
      await expect(transport.deliver(mail)).resolves.toBe('sent');
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]).toMatchObject({ secure: true, subject: '件名 TLS', to: ['user@example.jp'] });
    } finally {
      transport.close();
      await smtp.close();
    }
  });

  it('does not send when TLS is required and the server offers no STARTTLS, or its certificate is not trusted', async () => {
    const plain = await startSmtp();
    const strict = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${plain.port}`, from: 'Sotas <no-reply@sotas.example.jp>', requireTls: true });
    const withTls = await startSmtp({ tls: { key: certs.key, cert: certs.cert } });
    const untrusting = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${withTls.port}`, from: 'Sotas <no-reply@sotas.example.jp>' });
    try {
      await expect(strict.deliver(mail)).rejects.toThrow(/STARTTLS/i);
      expect(plain.received).toEqual([]);
      // Even where TLS is optional, an offered STARTTLS with a certificate nobody vouches for stops the mail.
      await expect(untrusting.deliver(mail)).rejects.toThrow(/certificate/i);
      expect(withTls.received).toEqual([]);
    } finally {
      strict.close();
      untrusting.close();
      await plain.close();
      await withTls.close();
    }
  });

  it('sends in plain text only when the URL says requireTLS=false', async () => {
    const plain = await startSmtp();
    const relaxed = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${plain.port}?requireTLS=false`, from: 'Sotas <no-reply@sotas.example.jp>', requireTls: true });
    try {
      await expect(relaxed.deliver(mail)).resolves.toBe('sent');
      expect(plain.received[0]?.secure).toBe(false);
    } finally {
      relaxed.close();
      await plain.close();
    }
  });

  it('speaks TLS from the first byte with smtps://', async () => {
    const implicit = await startSmtp({ tls: { key: certs.key, cert: certs.cert, implicit: true } });
    const transport = createMailTransport({ smtpUrl: `smtps://127.0.0.1:${implicit.port}`, from: 'Sotas <no-reply@sotas.example.jp>', ca: certs.ca });
    try {
      await expect(transport.deliver(mail)).resolves.toBe('sent');
      expect(implicit.received[0]?.secure).toBe(true);
    } finally {
      transport.close();
      await implicit.close();
    }
  });
});

describe('PostgreSQL over TLS with sslmode=verify-full (a throwaway cluster)', () => {
  const bin = '/usr/lib/postgresql/15/bin';
  const asRoot = process.getuid?.() === 0;
  let base: string;
  let dataDir: string;
  let port: number;
  let otherCaFile: string;
  const pgRun = (args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', ...args]) : run(args[0]!, args.slice(1)));

  beforeAll(async () => {
    if (!existsSync(`${bin}/initdb`)) throw new Error(`PostgreSQL 15 server binaries are needed at ${bin} (Debian package postgresql-15) for this test`);
    base = mkdtempSync(path.join(os.tmpdir(), 'sotas-pgtls-'));
    dataDir = path.join(base, 'data');
    port = await freePort();
    if (asRoot) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const uid = Number(stdout.trim());
      const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
      chownSync(base, uid, gid);
    }
    await pgRun([`${bin}/initdb`, '-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    const serverCert = path.join(dataDir, 'server.crt');
    const serverKey = path.join(dataDir, 'server.key');
    writeFileSync(serverCert, certs.cert);
    writeFileSync(serverKey, certs.key, { mode: 0o600 });
    chmodSync(serverKey, 0o600);
    if (asRoot) {
      const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
      const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
      chownSync(serverCert, uid, gid);
      chownSync(serverKey, uid, gid);
    }
    writeFileSync(
      path.join(dataDir, 'postgresql.auto.conf'),
      [`port = ${port}`, `listen_addresses = '127.0.0.1,127.0.0.2'`, `unix_socket_directories = '${base}'`, `ssl = on`, `ssl_cert_file = 'server.crt'`, `ssl_key_file = 'server.key'`, `ssl_min_protocol_version = 'TLSv1.2'`, `fsync = off`, ''].join('\n'),
    );
    // Only TLS connections over the network; plain ones are rejected by the server itself.
    writeFileSync(path.join(dataDir, 'pg_hba.conf'), ['local all all trust', 'hostssl all all 127.0.0.0/8 trust', 'hostnossl all all 127.0.0.0/8 reject', ''].join('\n'));
    if (asRoot) await run('chown', ['-R', 'postgres:postgres', dataDir]);
    await pgRun([`${bin}/pg_ctl`, '-D', dataDir, '-l', path.join(base, 'server.log'), '-w', '-t', '60', 'start']);
    const other = await selfsigned.generate([{ name: 'commonName', value: 'Another CA' }], { keyType: 'ec', algorithm: 'sha256', extensions: [{ name: 'basicConstraints', cA: true }] });
    mkdirSync(path.join(base, 'other'), { recursive: true });
    otherCaFile = path.join(base, 'other', 'ca.pem');
    writeFileSync(otherCaFile, other.cert);
  }, 180_000);
  afterAll(async () => {
    if (dataDir && existsSync(path.join(dataDir, 'postmaster.pid'))) await pgRun([`${bin}/pg_ctl`, '-D', dataDir, '-m', 'immediate', 'stop']).catch(() => undefined);
    if (base) rmSync(base, { recursive: true, force: true });
  });

  const urlFor = (host: string, query: string) => `postgres://postgres@${host}:${port}/postgres?${query}`;
  const configFor = (url: string) => loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, DATABASE_POOL_SIZE: '2' });

  it('migrates and runs as the application role over verified TLS, the app URL keeping the TLS parameters', async () => {
    const config = configFor(urlFor('127.0.0.1', `sslmode=verify-full&sslrootcert=${encodeURIComponent(certs.caFile)}`));
    expect(config.database.kind === 'postgres' && new URL(config.database.appUrl).searchParams.get('sslmode')).toBe('verify-full');
    const db: Database = await openDatabase(config);
    try {
      await migrate(db);
      await assertRestrictedAppRole(db);
      const owner = await db.ownerTransaction(async (tx) => (await tx.query<{ ssl: boolean; version: string }>('SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0]);
      const appSide = await db.transaction(async (tx) => (await tx.query<{ ssl: boolean; version: string; who: string }>('SELECT ssl, version, current_user AS who FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows[0]);
      expect(owner).toMatchObject({ ssl: true });
      expect(appSide).toMatchObject({ ssl: true, who: 'sotas_app' });
      expect(['TLSv1.2', 'TLSv1.3']).toContain(appSide!.version);
    } finally {
      await db.close();
    }
  });

  it('refuses a server certificate from another CA, for another host name, and plain connections', async () => {
    const attempt = async (url: string) => {
      const db = await openDatabase(configFor(url));
      try {
        await db.ownerTransaction((tx) => tx.query('SELECT 1'));
      } finally {
        await db.close();
      }
    };
    await expect(attempt(urlFor('127.0.0.1', `sslmode=verify-full&sslrootcert=${encodeURIComponent(otherCaFile)}`))).rejects.toThrow(/certificate/i);
    // The certificate names localhost and 127.0.0.1; the same server reached as 127.0.0.2 is refused.
    await expect(attempt(urlFor('127.0.0.2', `sslmode=verify-full&sslrootcert=${encodeURIComponent(certs.caFile)}`))).rejects.toThrow(/does not match certificate/);
    await expect(attempt(urlFor('127.0.0.1', 'sslmode=disable'))).rejects.toThrow(/pg_hba\.conf rejects connection|no encryption/);
  });

  it('tells how a URL protects the database link', () => {
    expect(postgresTransport('postgres://u@db.example.jp/x?sslmode=verify-full&sslrootcert=/ca.pem')).toBe('verified');
    expect(postgresTransport('postgres://u@db.example.jp/x?sslmode=require')).toBe('verified');
    expect(postgresTransport('postgres://u@db.example.jp/x?sslmode=no-verify')).toBe('unverified');
    expect(postgresTransport('postgres://u@db.example.jp/x')).toBe('none');
    expect(postgresTransport('postgres://u@db.example.jp/x?sslmode=disable')).toBe('none');
    expect(postgresTransport('postgres://u@127.0.0.1:5432/x')).toBe('local');
    expect(postgresTransport('postgres://u@localhost/x')).toBe('local');
    expect(postgresTransport('postgres://u@/x?host=/var/run/postgresql')).toBe('local');
  });
});
