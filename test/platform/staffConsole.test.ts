import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { issueStaffSetupLink } from '../../src/platform/identity/index.js';
import { staffActionsFor } from '../../src/platform/staff/index.js';
import { buildTenant, buildUser } from '../support/factories.js';
import { createTestApp, TestClient } from '../support/app.js';
import { openTestDatabase, testDatabaseKind, type TestDatabase } from '../support/db.js';
import { startSmtp, type Received } from '../support/smtp.js';
import { bootstrapAndSignInStaff, buildStaff, signInStaff } from '../support/staff.js';
import { base32Decode, totpAt } from '../support/totp.js';

const PUBLIC_URL = 'http://sotas.test';
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

let nextIp = 10;

/**
 * A browser from its own address (the app trusts X-Forwarded-For here), so the per-IP
 * limits on sign-in do not mix up the many sign-ins of this file.
 */
class IpClient extends TestClient {
  private readonly ip = `198.51.100.${nextIp++}`;
  override request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) {
    return super.request(method, url, body, { 'x-forwarded-for': this.ip, ...headers });
  }
}

describe(`staff accounts, lockout and training records in the operator console (${testDatabaseKind()})`, () => {
  let tdb: TestDatabase;
  let app: App;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  /** The first staff member: operator + security officer. */
  let officer: TestClient;
  let officerId: string;
  let officerLogin: { email: string; password: string; secret: Buffer };
  const clock = new ManualClock('2026-11-27T01:00:00Z');

  beforeAll(async () => {
    smtp = await startSmtp();
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db, { clock, env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, PUBLIC_URL, TRUST_PROXY: 'true' } });
    const first = await bootstrapAndSignInStaff(app, tdb.db, clock);
    officer = first.client;
    officerLogin = first;
    officerId = (await officer.get('/api/ops/session')).json().staff.id;
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
    await smtp.close();
  });

  const operatorEvents = (action: string, targetId?: string) =>
    tdb.db.ownerTransaction(async (tx) => {
      const { rows } = await tx.query<{ actor_id: string | null; actor_type: string; target_id: string | null; result: string; reason: string | null; details: Record<string, unknown> }>(
        `SELECT actor_id, actor_type, target_id, result, reason, details FROM audit.operator_events
          WHERE action = $1 AND ($2::text IS NULL OR target_id = $2 OR actor_id::text = $2) ORDER BY seq`,
        [action, targetId ?? null],
      );
      return rows;
    });
  const staffCount = () => tdb.db.ownerTransaction(async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM ops.staff')).rows[0]!.n);
  const trainingCount = () => tdb.db.ownerTransaction(async (tx) => (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM ops.staff_training')).rows[0]!.n);

  async function mailTo(to: string): Promise<Received> {
    await app.jobs.drain();
    const mail = smtp.received.filter((m) => m.to.some((address) => address.toLowerCase() === to.toLowerCase())).at(-1);
    if (!mail) throw new Error(`no mail to ${to}; received: ${smtp.received.map((m) => m.to).join(', ')}`);
    return mail;
  }

  /** The next sign-in needs a newer TOTP step than the last one used. */
  function nextStep(): void {
    clock.advance(31_000);
  }

  /** Password and TOTP through the API from a fresh address; enrols TOTP on the first sign-in. */
  async function signIn(email: string, password: string, secret?: Buffer): Promise<{ client: TestClient; secret: Buffer }> {
    nextStep();
    const client = new IpClient(app);
    const res = await client.post('/api/ops/auth/login', { email, password });
    expect(res.statusCode, res.body).toBe(200);
    const step = res.json().secondFactor as { token: string; secret?: string };
    const key = step.secret ? base32Decode(step.secret) : secret!;
    const mfa = await client.post('/api/ops/auth/mfa', { token: step.token, code: totpAt(key, clock.now()) });
    expect(mfa.statusCode, mfa.body).toBe(204);
    return { client, secret: key };
  }

  /** Invites a staff member, follows the setup link from the mail, and signs them in (enrolling TOTP). */
  async function onboard(email: string, displayName: string, roles: string[]): Promise<{ id: string; client: TestClient; secret: Buffer; password: string }> {
    const res = await officer.post('/api/ops/staff', { email, displayName, roles });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().staff.id as string;
    const mail = await mailTo(email);
    const token = new RegExp(`${PUBLIC_URL}/setup/staff/([A-Za-z0-9_-]+)`).exec(mail.text)![1]!;
    const password = 'Other#Secret42';
    expect((await new IpClient(app).post('/api/setup/staff/invited', { token, email, displayName, password })).statusCode).toBe(201);
    const { client, secret } = await signIn(email, password);
    return { id, client, secret, password };
  }

  it('invites a staff member by mail; the setup link from the real SMTP mail sets the password, then TOTP is enrolled at the first sign-in', async () => {
    const res = await officer.post('/api/ops/staff', { email: 'Hanako.Unyo@Provider.example', displayName: '運用 花子', roles: ['operator'] });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().staff.id as string;

    const mail = await mailTo('Hanako.Unyo@Provider.example');
    expect(mail.subject).toBe('運用コンソールのスタッフアカウント設定のご案内');
    expect(mail.text).toContain('運用 花子 様');
    expect(mail.text).toContain('運用 太郎 が、運用コンソールのスタッフアカウントを作成しました。');
    expect(mail.text).toContain('付与された役割：オペレーター');
    const token = new RegExp(`${PUBLIC_URL}/setup/staff/([A-Za-z0-9_-]+)`).exec(mail.text)![1]!;

    // Listed as invited, without TOTP, before the setup is done; the invited account cannot sign in.
    const listed = (await officer.get('/api/ops/staff')).json().staff.find((s: { id: string }) => s.id === id);
    expect(listed).toMatchObject({ email: 'Hanako.Unyo@Provider.example', displayName: '運用 花子', roles: ['operator'], status: 'invited', mfaEnrolled: false, lastSignInAt: null, locked: false });
    expect(listed.actions).toMatchObject({ resendSetup: true, disable: true, resetMfa: false });
    const early = await new IpClient(app).post('/api/ops/auth/login', { email: 'hanako.unyo@provider.example', password: 'Other#Secret42' });
    expect(early.statusCode).toBe(401);
    expect(early.json().error.code).toBe('auth.staff_invalid_credentials');

    const anon = new IpClient(app);
    const check = await anon.get(`/api/setup/staff/${token}`);
    expect(check.statusCode).toBe(200);
    expect(check.json()).toMatchObject({ valid: true, invited: { email: 'Hanako.Unyo@Provider.example', displayName: '運用 花子' } });
    // The invitation link is not a bootstrap link.
    const asBootstrap = await anon.post('/api/setup/staff', { token, email: 'hanako.unyo@provider.example', displayName: '運用 花子', password: 'Other#Secret42' });
    expect(asBootstrap.statusCode).toBe(404);
    const wrongMail = await anon.post('/api/setup/staff/invited', { token, email: 'someone@provider.example', displayName: '運用 花子', password: 'Other#Secret42' });
    expect(wrongMail.statusCode).toBe(400);
    expect(wrongMail.json().error.fields.email).toBe('招待メールを受け取ったメールアドレスを入力してください。');
    const weak = await anon.post('/api/setup/staff/invited', { token, email: 'hanako.unyo@provider.example', displayName: '運用 花子', password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.fields.password).toMatch(JAPANESE);

    const done = await anon.post('/api/setup/staff/invited', { token, email: 'HANAKO.unyo@provider.example', displayName: '運用 花子', password: 'Other#Secret42' });
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json().staff).toEqual({ id, email: 'Hanako.Unyo@Provider.example', displayName: '運用 花子' });
    expect((await anon.post('/api/setup/staff/invited', { token, email: 'hanako.unyo@provider.example', displayName: '運用 花子', password: 'Other#Secret42' })).statusCode, 'single use').toBe(404);
    expect((await anon.get(`/api/setup/staff/${token}`)).statusCode).toBe(404);

    nextStep();
    const first = await anon.post('/api/ops/auth/login', { email: 'hanako.unyo@provider.example', password: 'Other#Secret42' });
    expect(first.json().secondFactor.enrolmentRequired).toBe(true);
    const secret = base32Decode(first.json().secondFactor.secret);
    expect((await anon.post('/api/ops/auth/mfa', { token: first.json().secondFactor.token, code: totpAt(secret, clock.now()) })).statusCode).toBe(204);
    const session = (await anon.get('/api/ops/session')).json().staff;
    expect(session).toMatchObject({ id, displayName: '運用 花子', permissions: expect.arrayContaining(['ops:tenants:write']) });
    expect(session.permissions).not.toContain('ops:staff:manage');

    const after = (await officer.get(`/api/ops/staff/${id}`)).json().staff;
    expect(after).toMatchObject({ status: 'active', mfaEnrolled: true, lastSignInAt: clock.now().toISOString() });
    expect(await operatorEvents('ops.staff.invited', id)).toEqual([
      expect.objectContaining({ actor_id: officerId, result: 'success', details: expect.objectContaining({ roles: ['operator'], email: 'Hanako.Unyo@Provider.example' }) }),
    ]);
    expect(await operatorEvents('ops.staff.setup_completed', id)).toHaveLength(1);
    // No token or password in the operator log.
    const logged = JSON.stringify(await tdb.db.ownerTransaction(async (tx) => (await tx.query('SELECT details FROM audit.operator_events')).rows));
    expect(logged).not.toContain(token);
    expect(logged).not.toContain('Other#Secret42');
  });

  it('resends the setup link of an invited staff member: the earlier link stops working; disabling withdraws the invitation', async () => {
    const res = await officer.post('/api/ops/staff', { email: 'resend@provider.example', displayName: '運用 再送', roles: ['auditor'], lang: 'en' });
    const id = res.json().staff.id as string;
    const firstMail = await mailTo('resend@provider.example');
    expect(firstMail.subject).toBe('Set up your operator console staff account');
    const firstToken = new RegExp(`${PUBLIC_URL}/setup/staff/([A-Za-z0-9_-]+)`).exec(firstMail.text)![1]!;
    clock.advance(60_000);
    const resent = await officer.post(`/api/ops/staff/${id}/setup-link`, { lang: 'ja' });
    expect(resent.statusCode).toBe(200);
    expect(resent.json().setupExpiresAt).toBe(new Date(clock.now().getTime() + 72 * 3_600_000).toISOString());
    const secondMail = await mailTo('resend@provider.example');
    const secondToken = new RegExp(`${PUBLIC_URL}/setup/staff/([A-Za-z0-9_-]+)`).exec(secondMail.text)![1]!;
    expect(secondToken).not.toBe(firstToken);
    expect(secondMail.subject).toBe('運用コンソールのスタッフアカウント設定のご案内');
    expect((await new IpClient(app).get(`/api/setup/staff/${firstToken}`)).statusCode).toBe(404);
    expect((await new IpClient(app).get(`/api/setup/staff/${secondToken}`)).statusCode).toBe(200);
    expect(await operatorEvents('ops.staff.setup_link_resent', id)).toEqual([expect.objectContaining({ actor_id: officerId, result: 'success' })]);

    expect((await officer.post(`/api/ops/staff/${id}/disable`, {})).statusCode).toBe(200);
    expect((await new IpClient(app).get(`/api/setup/staff/${secondToken}`)).statusCode, 'a withdrawn invitation').toBe(404);
    expect((await officer.post(`/api/ops/staff/${id}/setup-link`, {})).json().error.code).toBe('staff.not_invited');
    expect((await officer.post(`/api/ops/staff/${id}/enable`, {})).json()).toEqual({ status: 'invited' });
    expect((await officer.post(`/api/ops/staff/${id}/setup-link`, {})).statusCode).toBe(200);
    // Finish the setup so the overview counts below see no pending invitation.
    const thirdToken = new RegExp(`${PUBLIC_URL}/setup/staff/([A-Za-z0-9_-]+)`).exec((await mailTo('resend@provider.example')).text)![1]!;
    expect((await new IpClient(app).post('/api/setup/staff/invited', { token: thirdToken, email: 'resend@provider.example', displayName: '運用 再送', password: 'Other#Secret42' })).statusCode).toBe(201);

    for (const url of [`/api/ops/staff/00000000-0000-4000-8000-000000000000`, `/api/ops/staff/00000000-0000-4000-8000-000000000000/unlock`]) {
      const unknown = url.endsWith('unlock') ? await officer.post(url, {}) : await officer.get(url);
      expect(unknown.statusCode, url).toBe(404);
      expect(unknown.json().error.message).toBe('見つかりません。');
    }
    expect((await officer.get('/api/ops/staff/not-a-uuid')).json().error.fields.staffId).toBe('IDの形式が正しくありません。');
  });

  it('keeps the bootstrap one-time, refuses a second account with the same e-mail and bad input, storing nothing', async () => {
    expect(await issueStaffSetupLink(tdb.db, clock)).toEqual({ issued: false, reason: 'staff_exists' });
    const before = await staffCount();
    const dup = await officer.post('/api/ops/staff', { email: 'HANAKO.unyo@provider.example', displayName: '別人', roles: ['auditor'] });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toBe('このメールアドレスのスタッフアカウントは既にあります。一覧で既存のアカウントを確認してください。');
    const bad = await officer.post('/api/ops/staff', { email: 'not-an-address', displayName: '', roles: ['root'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('入力内容に誤りがあります。各項目のメッセージを確認してください。');
    expect(bad.json().error.fields).toMatchObject({ email: 'メールアドレスの形式が正しくありません。', displayName: '入力してください。', 'roles.0': '選択肢から選んでください。' });
    const none = await officer.post('/api/ops/staff', { email: 'x@provider.example', displayName: 'X', roles: [] });
    expect(none.json().error.fields.roles).toBe('1件以上指定してください。');
    expect(await staffCount()).toBe(before);
  });

  it('changes roles (in force at the next request), but nobody removes their own staff management', async () => {
    const other = await onboard('jiro@provider.example', '運用 次郎', ['operator']);
    const change = await officer.request('PUT', `/api/ops/staff/${other.id}/roles`, { roles: ['operator', 'auditor'] });
    expect(change.statusCode).toBe(200);
    expect(change.json()).toEqual({ changed: true });
    expect((await other.client.get('/api/ops/session')).json().staff.permissions).toContain('ops:staff:read');
    expect(await operatorEvents('ops.staff.roles_changed', other.id)).toEqual([expect.objectContaining({ actor_id: officerId, result: 'success' })]);
    const same = await officer.request('PUT', `/api/ops/staff/${other.id}/roles`, { roles: ['auditor', 'operator'] });
    expect(same.json()).toEqual({ changed: false });
    expect(await operatorEvents('ops.staff.roles_changed', other.id)).toHaveLength(1);

    const selfDemote = await officer.request('PUT', `/api/ops/staff/${officerId}/roles`, { roles: ['operator'] });
    expect(selfDemote.statusCode).toBe(409);
    expect(selfDemote.json().error.message).toBe('自分自身からスタッフ管理の権限（セキュリティ責任者の役割）を外すことはできません。別のセキュリティ責任者に依頼してください。');
    expect((await officer.get('/api/ops/session')).json().staff.permissions).toContain('ops:staff:manage');
  });

  it('keeps the last active security officer: two officers demoting each other at once leave one', async () => {
    const deputy = await onboard('deputy@provider.example', '運用 三郎', ['operator', 'security_officer']);
    const [a, b] = await Promise.all([
      officer.request('PUT', `/api/ops/staff/${deputy.id}/roles`, { roles: ['operator'] }),
      deputy.client.request('PUT', `/api/ops/staff/${officerId}/roles`, { roles: ['operator'] }),
    ]);
    const statuses = [a.statusCode, b.statusCode].sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const loser = a.statusCode === 200 ? b : a;
    if (loser.statusCode === 409) expect(loser.json().error.code).toBe('staff.last_security_officer');
    const officers = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ id: string }>(`SELECT id FROM ops.staff WHERE status = 'active' AND 'security_officer' = ANY (roles)`)).rows);
    expect(officers).toHaveLength(1);
    // Put the first staff member back as the one officer for the tests that follow.
    await tdb.db.ownerTransaction(async (tx) => {
      await tx.query(`UPDATE ops.staff SET roles = '{operator,security_officer}' WHERE id = $1`, [officerId]);
      await tx.query(`UPDATE ops.staff SET roles = '{operator}' WHERE id = $1`, [deputy.id]);
    });

    // The command itself refuses removing the last officer's role, whoever asks.
    const { changeStaffRoles, disableStaff } = await import('../../src/platform/staff/staffCommands.js');
    const deps = { db: tdb.db, clock, publicUrl: PUBLIC_URL };
    const asDeputy = { staffId: deputy.id, displayName: '運用 三郎' };
    await expect(changeStaffRoles(deps, asDeputy, officerId, ['operator'], {})).rejects.toMatchObject({ code: 'staff.last_security_officer' });
    await expect(disableStaff(deps, asDeputy, officerId, {})).rejects.toMatchObject({ code: 'staff.last_security_officer' });
    const listed = (await officer.get('/api/ops/staff')).json().staff as { id: string; actions: { disable: boolean; changeRoles: boolean } }[];
    expect(listed.find((s) => s.id === officerId)!.actions).toMatchObject({ disable: false, changeRoles: true });
  });

  it('disables a staff member (sessions end at once) and enables them again; never oneself', async () => {
    const target = await onboard('shiro@provider.example', '運用 四郎', ['operator']);
    expect((await target.client.get('/api/ops/session')).statusCode).toBe(200);
    const selfDisable = await officer.post(`/api/ops/staff/${officerId}/disable`, {});
    expect(selfDisable.statusCode).toBe(409);
    expect(selfDisable.json().error.message).toBe('自分自身のアカウントは無効化できません。別のセキュリティ責任者に依頼してください。');

    const disabled = await officer.post(`/api/ops/staff/${target.id}/disable`, {});
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().sessionsEnded).toBe(1);
    expect((await target.client.get('/api/ops/session')).statusCode).toBe(404);
    nextStep();
    const refused = await new IpClient(app).post('/api/ops/auth/login', { email: 'shiro@provider.example', password: target.password });
    expect(refused.statusCode).toBe(401);
    expect((await officer.post(`/api/ops/staff/${target.id}/disable`, {})).statusCode).toBe(409);

    expect((await officer.post(`/api/ops/staff/${target.id}/enable`, {})).json()).toEqual({ status: 'active' });
    await signIn('shiro@provider.example', target.password, target.secret);
    expect(await operatorEvents('ops.staff.disabled', target.id)).toEqual([expect.objectContaining({ actor_id: officerId, details: expect.objectContaining({ sessionsEnded: 1 }) })]);
    expect(await operatorEvents('ops.staff.enabled', target.id)).toHaveLength(1);
    expect(await operatorEvents('ops.staff.login.failed', target.id)).toEqual(expect.arrayContaining([expect.objectContaining({ reason: 'disabled' })]));
  });

  it('resets a staff member’s authenticator: their sessions end and the next sign-in enrols a new one', async () => {
    const target = await onboard('goro@provider.example', '運用 五郎', ['auditor']);
    expect((await officer.post(`/api/ops/staff/${officerId}/mfa-reset`, {})).json().error.code).toBe('staff.cannot_reset_own_mfa');
    const reset = await officer.post(`/api/ops/staff/${target.id}/mfa-reset`, {});
    expect(reset.statusCode).toBe(200);
    expect((await target.client.get('/api/ops/session')).statusCode).toBe(404);
    expect((await officer.post(`/api/ops/staff/${target.id}/mfa-reset`, {})).json().error.code).toBe('staff.mfa_not_enrolled');
    nextStep();
    const step = (await new IpClient(app).post('/api/ops/auth/login', { email: 'goro@provider.example', password: target.password })).json().secondFactor;
    expect(step.enrolmentRequired).toBe(true);
    expect(base32Decode(step.secret).equals(target.secret)).toBe(false);
    expect(await operatorEvents('ops.staff.mfa_reset', target.id)).toEqual([expect.objectContaining({ actor_id: officerId, details: expect.objectContaining({ sessionsEnded: 1 }) })]);
  });

  it('locks a staff account for 15 minutes after five wrong passwords, answering exactly like an unknown e-mail; an officer can unlock it', async () => {
    const target = await onboard('rokuro@provider.example', '運用 六郎', ['operator']);
    const client = new IpClient(app);
    for (let i = 0; i < 5; i++) {
      const res = await client.post('/api/ops/auth/login', { email: 'rokuro@provider.example', password: `Wrong#Pass${i}0` });
      expect(res.statusCode).toBe(401);
    }
    const locked = await client.post('/api/ops/auth/login', { email: 'rokuro@provider.example', password: target.password });
    const unknown = await client.post('/api/ops/auth/login', { email: 'nobody@provider.example', password: target.password });
    expect(locked.statusCode).toBe(401);
    expect({ ...locked.json().error, requestId: '' }).toEqual({ ...unknown.json().error, requestId: '' });
    expect(locked.json().error.message).toContain('5回続けて誤ると、アカウントは15分間ロックされます');
    expect(await operatorEvents('ops.staff.locked', target.id)).toEqual([
      expect.objectContaining({ actor_type: 'system', result: 'denied', reason: 'too_many_wrong_passwords', details: expect.objectContaining({ minutes: 15 }) }),
    ]);
    expect((await operatorEvents('ops.staff.login.failed', target.id)).map((e) => e.reason)).toContain('locked');
    const listed = (await officer.get(`/api/ops/staff/${target.id}`)).json().staff;
    expect(listed).toMatchObject({ locked: true, lockedUntil: new Date(clock.now().getTime() + 15 * 60_000).toISOString(), actions: { unlock: true } });

    const unlock = await officer.post(`/api/ops/staff/${target.id}/unlock`, {});
    expect(unlock.statusCode).toBe(204);
    expect(await operatorEvents('ops.staff.unlocked', target.id)).toEqual([expect.objectContaining({ actor_id: officerId, result: 'success' })]);
    expect((await officer.post(`/api/ops/staff/${target.id}/unlock`, {})).json().error.code).toBe('staff.not_locked');
    await signIn('rokuro@provider.example', target.password, target.secret);

    // The lock also runs out by itself after 15 minutes.
    const again = new IpClient(app);
    for (let i = 0; i < 5; i++) await again.post('/api/ops/auth/login', { email: 'rokuro@provider.example', password: 'Wrong#Pass999' });
    clock.advance(14 * 60_000);
    expect((await again.post('/api/ops/auth/login', { email: 'rokuro@provider.example', password: target.password })).statusCode).toBe(401);
    clock.advance(61_000);
    await signIn('rokuro@provider.example', target.password, target.secret);
    // The officer's own session went idle meanwhile.
    expect((await officer.get('/api/ops/session')).statusCode).toBe(404);
    officer = (await signIn(officerLogin.email, officerLogin.password, officerLogin.secret)).client;
  });

  it('counts wrong TOTP codes too, and parallel wrong passwords lock exactly once', async () => {
    const target = await onboard('shichiro@provider.example', '運用 七郎', ['operator']);
    nextStep();
    const client = new IpClient(app);
    const wrongCode = (secret: Buffer) => (totpAt(secret, clock.now()) === '000000' ? '111111' : '000000');
    // Three wrong codes in one sign-in, two in the next: five in a row lock the account.
    for (const codes of [3, 2]) {
      const step = (await client.post('/api/ops/auth/login', { email: 'shichiro@provider.example', password: target.password })).json().secondFactor;
      for (let i = 0; i < codes; i++) expect((await client.post('/api/ops/auth/mfa', { token: step.token, code: wrongCode(target.secret) })).statusCode).toBe(401);
    }
    expect(await operatorEvents('ops.staff.locked', target.id)).toEqual([expect.objectContaining({ reason: 'too_many_wrong_codes' })]);
    expect((await client.post('/api/ops/auth/login', { email: 'shichiro@provider.example', password: target.password })).statusCode).toBe(401);
    expect((await officer.post(`/api/ops/staff/${target.id}/unlock`, {})).statusCode).toBe(204);

    const attempts = await Promise.all(Array.from({ length: 12 }, () => new IpClient(app).post('/api/ops/auth/login', { email: 'shichiro@provider.example', password: 'Wrong#Pass123' })));
    expect(attempts.every((a) => a.statusCode === 401)).toBe(true);
    expect(await operatorEvents('ops.staff.locked', target.id)).toHaveLength(2);
    const row = await tdb.db.ownerTransaction(async (tx) => (await tx.query<{ locked_until: Date | null }>('SELECT locked_until FROM ops.staff WHERE id = $1', [target.id])).rows[0]!);
    expect(row.locked_until!.getTime()).toBe(clock.now().getTime() + 15 * 60_000);
    expect((await operatorEvents('ops.staff.login.failed', target.id)).filter((e) => e.reason === 'locked').length).toBeGreaterThanOrEqual(7);
  });

  it('records training per staff member (7.2.2): overdue when the due date passed and no later record of the course replaced it; each staff member sees their own', async () => {
    const target = await onboard('hachiro@provider.example', '運用 八郎', ['operator']);
    const url = `/api/ops/staff/${target.id}/training`;
    const first = await officer.post(url, { course: '情報セキュリティ基礎研修', takenOn: '2025-10-01', score: 85, nextDueOn: '2026-10-01' });
    expect(first.statusCode, first.body).toBe(201);
    await officer.post(url, { course: '個人情報保護研修', takenOn: '2026-06-01', nextDueOn: '2026-12-15' });
    await officer.post(url, { course: '標的型メール訓練', takenOn: '2026-11-20' });

    const records = (await officer.get(`/api/ops/staff/${target.id}`)).json().training as { course: string; state: string; score: number | null }[];
    expect(records.map((r) => [r.course, r.state])).toEqual([
      ['標的型メール訓練', 'no_due_date'],
      ['個人情報保護研修', 'due_soon'],
      ['情報セキュリティ基礎研修', 'overdue'],
    ]);
    expect((await officer.get('/api/ops/staff')).json().staff.find((s: { id: string }) => s.id === target.id).overdueTraining).toBe(1);

    // Retaking the course (typed in full-width this time) supersedes the overdue record.
    expect((await officer.post(url, { course: '情報セキュリティ基礎研修 ', takenOn: '2026-11-26', score: 92, nextDueOn: '2027-11-26' })).statusCode).toBe(201);
    const own = await target.client.get('/api/ops/training');
    expect(own.statusCode).toBe(200);
    expect((own.json().training as { course: string; state: string }[]).map((r) => r.state)).toEqual(['current', 'no_due_date', 'due_soon', 'superseded']);
    expect(await operatorEvents('ops.staff.training_recorded')).toHaveLength(4);

    const before = await trainingCount();
    const bad = await officer.post(url, { course: '', takenOn: '2026/11/01', nextDueOn: '2026-01-01', score: 120 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toMatchObject({ course: '入力してください。', takenOn: '日付の形式が正しくありません（例: 2026-11-27）。', score: '100以下の値を入力してください。' });
    const order = await officer.post(url, { course: '研修', takenOn: '2026-11-01', nextDueOn: '2026-10-01' });
    expect(order.json().error.fields.nextDueOn).toBe('次回の受講期限は、受講日より後の日付にしてください。');
    const future = await officer.post(url, { course: '研修', takenOn: '2026-12-24' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.fields.takenOn).toBe('受講日に未来の日付は指定できません。');
    expect((await officer.post(`/api/ops/staff/00000000-0000-4000-8000-000000000000/training`, { course: '研修', takenOn: '2026-11-01' })).statusCode).toBe(404);
    expect(await trainingCount()).toBe(before);

    // Only staff managers record; the staff member cannot record their own.
    expect((await target.client.post(url, { course: '自己申告', takenOn: '2026-11-01' })).statusCode).toBe(403);
    const id = first.json().training.id as string;
    expect((await officer.request('DELETE', `${url}/${id}`)).statusCode).toBe(204);
    expect((await officer.request('DELETE', `${url}/${id}`)).statusCode).toBe(404);
    expect(await operatorEvents('ops.staff.training_deleted', id)).toEqual([expect.objectContaining({ details: expect.objectContaining({ course: '情報セキュリティ基礎研修', staffId: target.id }) })]);
  });

  it('gives auditors read access only: every staff write answers 403 and changes nothing', async () => {
    const auditor = await onboard('kuro@provider.example', '監査 九郎', ['auditor']);
    const list = await auditor.client.get('/api/ops/staff');
    expect(list.statusCode).toBe(200);
    expect(list.json().canManage).toBe(false);
    expect((list.json().staff as { actions: Record<string, boolean> }[]).every((s) => Object.values(s.actions).every((v) => !v))).toBe(true);
    const trainingId = '00000000-0000-4000-8000-000000000001';
    const writes: [('POST' | 'PUT' | 'DELETE'), string, unknown][] = [
      ['POST', '/api/ops/staff', { email: 'x@provider.example', displayName: 'X', roles: ['operator'] }],
      ['POST', `/api/ops/staff/${officerId}/setup-link`, {}],
      ['PUT', `/api/ops/staff/${officerId}/roles`, { roles: ['auditor'] }],
      ['POST', `/api/ops/staff/${officerId}/disable`, {}],
      ['POST', `/api/ops/staff/${officerId}/enable`, {}],
      ['POST', `/api/ops/staff/${officerId}/mfa-reset`, {}],
      ['POST', `/api/ops/staff/${officerId}/unlock`, {}],
      ['POST', `/api/ops/staff/${officerId}/training`, { course: '研修', takenOn: '2026-11-01' }],
      ['DELETE', `/api/ops/staff/${officerId}/training/${trainingId}`, undefined],
    ];
    const before = await tdb.db.ownerTransaction(async (tx) => (await tx.query('SELECT id, roles, status FROM ops.staff ORDER BY id')).rows);
    for (const [method, url, body] of writes) {
      const res = await auditor.client.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.message).toBe('この操作を行う権限がありません。');
    }
    expect(await tdb.db.ownerTransaction(async (tx) => (await tx.query('SELECT id, roles, status FROM ops.staff ORDER BY id')).rows)).toEqual(before);
    // Operators neither read nor change staff accounts; everyone reads their own training.
    const operator = await onboard('juro@provider.example', '運用 十郎', ['operator']);
    expect((await operator.client.get('/api/ops/staff')).statusCode).toBe(403);
    expect((await operator.client.get('/api/ops/training')).statusCode).toBe(200);
  });

  it('hides every staff-account route from tenant users and anonymous callers (404), and staff credentials do not open a tenant', async () => {
    const tenant = await buildTenant(tdb.db);
    const tenantClient = new IpClient(app);
    // A staff member's e-mail and password do not open a tenant, not even one with a user of that e-mail.
    const staffLogin = await tenantClient.login(tenant.code, 'rokuro@provider.example', 'Other#Secret42');
    expect(staffLogin.statusCode).toBe(401);
    expect(staffLogin.json().error.code).toBe('auth.invalid_credentials');
    const user = await buildUser(tdb.db, tenant, { email: 'rokuro@provider.example', password: 'Tenant#Pass123' });
    expect((await tenantClient.login(tenant.code, user.email, 'Other#Secret42')).statusCode).toBe(401);
    expect((await tenantClient.login(tenant.code, user.email, user.password)).statusCode).toBe(200);
    const id = officerId;
    const routes: [('GET' | 'POST' | 'PUT' | 'DELETE'), string][] = [
      ['GET', '/api/ops/staff'],
      ['GET', `/api/ops/staff/${id}`],
      ['GET', '/api/ops/training'],
      ['POST', '/api/ops/staff'],
      ['POST', `/api/ops/staff/${id}/setup-link`],
      ['PUT', `/api/ops/staff/${id}/roles`],
      ['POST', `/api/ops/staff/${id}/disable`],
      ['POST', `/api/ops/staff/${id}/enable`],
      ['POST', `/api/ops/staff/${id}/mfa-reset`],
      ['POST', `/api/ops/staff/${id}/unlock`],
      ['POST', `/api/ops/staff/${id}/training`],
      ['DELETE', `/api/ops/staff/${id}/training/${id}`],
      ['GET', '/api/ops/overview'],
      ['GET', '/api/ops/alerts'],
    ];
    for (const client of [tenantClient, new IpClient(app)]) {
      for (const [method, url] of routes) {
        const res = await client.request(method, url, method === 'GET' || method === 'DELETE' ? undefined : { roles: ['operator'] });
        expect(res.statusCode, `${method} ${url}`).toBe(404);
        expect(res.json().error.code).toBe('route.not_found');
      }
    }
    // A tenant session cookie is no staff session, even for a tenant user with a staff member's e-mail.
    expect((await tenantClient.get('/api/ops/session')).statusCode).toBe(404);
  });

  it('summarises the console home by permission', async () => {
    const overview = (await officer.get('/api/ops/overview')).json();
    expect(overview.tenants).toEqual({ active: expect.any(Number), total: expect.any(Number) });
    expect(overview.staff, 'the parallel-guess test left one account locked').toEqual({ locked: 1, invited: 0, overdueTraining: 0 });
    expect(overview.securityReports).toEqual({ new: 0, open: 0 });
    expect(overview.alerts).toEqual({ open: 0 });
    const account = await buildStaff(tdb.db, []);
    nextStep();
    const withoutRoles = (await signInStaff(app, clock, account)).client;
    expect((await withoutRoles.get('/api/ops/overview')).json()).toEqual({ tenants: null, securityReports: null, alerts: null, staff: null });
  });

  it('offers in the policy exactly what the commands allow (role × target matrix)', () => {
    const officerActor = { staffId: 'a', roles: ['security_officer'] };
    const operatorActor = { staffId: 'a', roles: ['operator'] };
    const auditorActor = { staffId: 'a', roles: ['auditor'] };
    const active = { id: 'b', status: 'active' as const, roles: ['operator'], locked: true, mfaEnrolled: true };
    expect(staffActionsFor(officerActor, active, 2)).toEqual({ changeRoles: true, disable: true, enable: false, resetMfa: true, unlock: true, resendSetup: false, recordTraining: true });
    expect(staffActionsFor(officerActor, { ...active, id: 'a' }, 2)).toMatchObject({ disable: false, resetMfa: false, unlock: true });
    expect(staffActionsFor(officerActor, { ...active, roles: ['security_officer'] }, 1)).toMatchObject({ disable: false });
    expect(staffActionsFor(officerActor, { ...active, roles: ['security_officer'] }, 2)).toMatchObject({ disable: true });
    expect(staffActionsFor(officerActor, { ...active, status: 'invited', mfaEnrolled: false, locked: false }, 2)).toMatchObject({ resendSetup: true, resetMfa: false, unlock: false });
    expect(staffActionsFor(officerActor, { ...active, status: 'disabled' }, 2)).toMatchObject({ enable: true, disable: false });
    for (const actor of [operatorActor, auditorActor]) {
      expect(Object.values(staffActionsFor(actor, active, 2)).some(Boolean)).toBe(false);
    }
  });
});
