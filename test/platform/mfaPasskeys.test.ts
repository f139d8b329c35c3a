import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { buildTenant, buildUser, type BuiltTenant, type BuiltUser } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';

const ORIGIN = 'http://localhost:3999';
const RP_ID = 'localhost';

/** Just enough CBOR (RFC 8949) for an attestation object and a COSE key. */
function cbor(value: unknown): Buffer {
  const head = (major: number, n: number): Buffer => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(n, 1);
    return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  if (value instanceof Map) {
    return Buffer.concat([head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
  }
  throw new Error(`cbor: unsupported ${typeof value}`);
}

const b64 = (bytes: Buffer) => bytes.toString('base64url');
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest();

/** A software authenticator: one ES256 credential, a signature counter, honest or lying origin. */
class SoftAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private counter = 0;
  constructor() {
    ({ privateKey: this.privateKey, publicKey: this.publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' }));
  }

  private clientData(type: string, challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  register(options: { challenge: string }, origin = ORIGIN) {
    const jwk = this.publicKey.export({ format: 'jwk' });
    const coseKey = cbor(new Map<number, unknown>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x!, 'base64url')], [-3, Buffer.from(jwk.y!, 'base64url')]]));
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([sha256(RP_ID), Buffer.from([0x45]), Buffer.alloc(4), Buffer.alloc(16), idLength, this.credentialId, coseKey]);
    const attestationObject = cbor(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
    return {
      id: b64(this.credentialId),
      rawId: b64(this.credentialId),
      type: 'public-key',
      clientExtensionResults: {},
      response: { clientDataJSON: b64(this.clientData('webauthn.create', options.challenge, origin)), attestationObject: b64(attestationObject), transports: ['internal'] },
    };
  }

  assert(options: { challenge: string }, origin = ORIGIN) {
    this.counter += 1;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(this.counter);
    const authData = Buffer.concat([sha256(RP_ID), Buffer.from([0x05]), count]);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, origin);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), this.privateKey);
    return {
      id: b64(this.credentialId),
      rawId: b64(this.credentialId),
      type: 'public-key',
      clientExtensionResults: {},
      response: { clientDataJSON: b64(clientDataJSON), authenticatorData: b64(authData), signature: b64(signature) },
    };
  }
}

describe(`passkeys (WebAuthn) as the second factor (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  let tenant: BuiltTenant;
  let user: BuiltUser;
  const authenticator = new SoftAuthenticator();

  const lastEvent = (action: string) =>
    tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ details: Record<string, unknown>; target_id: string }>(
        'SELECT details, target_id FROM audit.tenant_events WHERE tenant_id = $1 AND action = $2 ORDER BY occurred_at DESC LIMIT 1',
        [tenant.id, action],
      )).rows[0],
    );

  async function challengeFor(client: TestClient, who: BuiltUser) {
    const res = await client.login(tenant.code, who.email, who.password);
    return res.json().secondFactor as { token: string; methods: string[]; enrolmentRequired: boolean };
  }

  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock, env: { PUBLIC_URL: ORIGIN } });
    tenant = await buildTenant(tdb.db);
    user = await buildUser(tdb.db, tenant);
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  it('registers a passkey while signed in; the ceremony works once and only from our origin', async () => {
    const client = new TestClient(app);
    await client.login(tenant.code, user.email, user.password);
    const start = await client.post('/api/mfa/passkeys/options', {});
    expect(start.statusCode, start.body).toBe(200);
    const { ceremonyId, options } = start.json() as { ceremonyId: string; options: { challenge: string; rp: { id: string }; user: { name: string } } };
    expect(options.rp.id).toBe(RP_ID);
    expect(options.user.name).toBe(user.email);

    const forged = await client.post('/api/mfa/passkeys', { ceremonyId, name: 'Evil', response: authenticator.register(options, 'https://evil.example') });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.code).toBe('mfa.passkey_failed');

    const again = (await client.post('/api/mfa/passkeys/options', {})).json() as { ceremonyId: string; options: { challenge: string } };
    const res = await client.post('/api/mfa/passkeys', { ceremonyId: again.ceremonyId, name: 'ノートPC', response: authenticator.register(again.options) });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().recoveryCodes).toHaveLength(10);
    const reuse = await client.post('/api/mfa/passkeys', { ceremonyId: again.ceremonyId, name: 'Twice', response: authenticator.register(again.options) });
    expect(reuse.statusCode).toBe(400);

    const status = (await client.get('/api/mfa')).json();
    expect(status.passkeys).toMatchObject([{ name: 'ノートPC', lastUsedAt: null }]);
    expect(status.recoveryCodesLeft).toBe(10);
    expect((await lastEvent('auth.passkey.registered'))!.details).toMatchObject({ name: 'ノートPC' });
    const stored = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ credential_id: string; transports: string[] }>('SELECT credential_id, transports FROM platform.passkeys WHERE user_id = $1', [user.id])).rows,
    );
    expect(stored).toEqual([{ credential_id: b64(authenticator.credentialId), transports: ['internal'] }]);
  });

  it('signs in with the passkey after the password, storing the new signature counter', async () => {
    clock.advance(60_000);
    const client = new TestClient(app);
    const challenge = await challengeFor(client, user);
    expect(challenge.methods).toEqual(['passkey', 'recovery_code']);
    const optionsRes = await client.post('/api/auth/mfa/passkey-options', { token: challenge.token });
    expect(optionsRes.statusCode, optionsRes.body).toBe(200);
    const options = optionsRes.json().options as { challenge: string; allowCredentials: { id: string }[] };
    expect(options.allowCredentials.map((c) => c.id)).toEqual([b64(authenticator.credentialId)]);

    const assertion = authenticator.assert(options);
    const res = await client.post('/api/auth/mfa/verify', { token: challenge.token, method: 'passkey', response: assertion });
    expect(res.statusCode, res.body).toBe(200);
    expect((await client.get('/api/session')).json().user.email).toBe(user.email);
    expect((await lastEvent('auth.login.succeeded'))!.details).toEqual({ method: 'passkey' });
    const counter = await tdb.db.ownerTransaction(async (tx) =>
      (await tx.query<{ counter: number; last_used_at: Date }>('SELECT counter::int AS counter, last_used_at FROM platform.passkeys WHERE user_id = $1', [user.id])).rows[0]!,
    );
    expect(counter).toEqual({ counter: 1, last_used_at: clock.now() });

    // The same signed answer does not open another challenge: its WebAuthn challenge differs.
    const next = new TestClient(app);
    const second = await challengeFor(next, user);
    await next.post('/api/auth/mfa/passkey-options', { token: second.token });
    const replay = await next.post('/api/auth/mfa/verify', { token: second.token, method: 'passkey', response: assertion });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().error.code).toBe('mfa.passkey_failed');
    expect(next.cookie('sotas_session')).toBeUndefined();
  });

  it('refuses another user’s passkey for this user’s challenge', async () => {
    const other = await buildUser(tdb.db, tenant);
    const otherKey = new SoftAuthenticator();
    const otherClient = new TestClient(app);
    await otherClient.login(tenant.code, other.email, other.password);
    const reg = (await otherClient.post('/api/mfa/passkeys/options', {})).json() as { ceremonyId: string; options: { challenge: string } };
    expect((await otherClient.post('/api/mfa/passkeys', { ceremonyId: reg.ceremonyId, name: 'Other', response: otherKey.register(reg.options) })).statusCode).toBe(201);

    const client = new TestClient(app);
    const challenge = await challengeFor(client, user);
    const options = (await client.post('/api/auth/mfa/passkey-options', { token: challenge.token })).json().options as { challenge: string };
    const res = await client.post('/api/auth/mfa/verify', { token: challenge.token, method: 'passkey', response: otherKey.assert(options) });
    expect(res.statusCode).toBe(400);
  });

  it('enrols a passkey at sign-in when the tenant requires MFA', async () => {
    const admin = new TestClient(app);
    await admin.login(tenant.code, user.email, user.password).then(async (r) => {
      const token = r.json().secondFactor.token as string;
      const options = (await admin.post('/api/auth/mfa/passkey-options', { token })).json().options as { challenge: string };
      await admin.post('/api/auth/mfa/verify', { token, method: 'passkey', response: authenticator.assert(options) });
    });
    expect((await admin.request('PUT', '/api/mfa/policy', { mfaRequired: true })).statusCode).toBe(200);

    const newcomer = await buildUser(tdb.db, tenant, { memberships: [{ service: 'process', role: 'member' }] });
    const key = new SoftAuthenticator();
    const client = new TestClient(app);
    const challenge = await challengeFor(client, newcomer);
    expect(challenge).toMatchObject({ methods: [], enrolmentRequired: true });
    // A sign-in challenge (not an enrolment) cannot ask for registration options, and vice versa.
    expect((await client.post('/api/auth/mfa/passkey-options', { token: challenge.token })).statusCode).toBe(401);
    const optionsRes = await client.post('/api/auth/mfa/enrol/passkey-options', { token: challenge.token });
    expect(optionsRes.statusCode, optionsRes.body).toBe(200);
    const options = optionsRes.json().options as { challenge: string };
    const res = await client.post('/api/auth/mfa/enrol/passkey', { token: challenge.token, name: 'スマートフォン', response: key.register(options) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().recoveryCodes).toHaveLength(10);
    expect((await client.get('/api/session')).json().user.email).toBe(newcomer.email);
    expect((await lastEvent('auth.login.succeeded'))!.details).toEqual({ method: 'passkey' });

    // The last passkey cannot be deleted while MFA is required.
    const [passkey] = (await client.get('/api/mfa')).json().passkeys as { id: string }[];
    const del = await client.request('DELETE', `/api/mfa/passkeys/${passkey!.id}`);
    expect(del.statusCode).toBe(409);
  });
});
