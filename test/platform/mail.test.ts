import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { LANGS } from '../../src/core/i18n.js';
import { JobRunner } from '../../src/platform/jobs/index.js';
import {
  createMailTransport,
  formatMailDate,
  listMailbox,
  MAIL_MAX_ATTEMPTS,
  mailTemplates,
  queueMail,
  registerMailDelivery,
  renderMail,
  renderTemplate,
  type MailParams,
  type MailTemplateId,
  type MailTransport,
} from '../../src/platform/mail/index.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

const logger = createLogger('silent');
const FROM = 'Sotas <no-reply@example.jp>';
const LINK = 'https://app.example.jp/first-login?token=Zx9_kQ-3bT7wLm2PaYc4RdVe8sNu&lang=ja';

// ---------------------------------------------------------------------------------------
// A real SMTP peer, and just enough MIME reading to check what it received.

interface Received {
  rcptTo: string[];
  raw: string;
}

interface TestSmtp {
  port: number;
  received: Received[];
  close(): Promise<void>;
}

async function startSmtp(options: { refuse?: (address: string) => boolean } = {}): Promise<TestSmtp> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.refuse?.(address.address)) {
        callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ rcptTo: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('latin1') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

interface MimePart {
  headers: Map<string, string>;
  body: string;
}

/** Splits headers (unfolded, names lower-cased) from the body. The raw text is latin1: one char per byte. */
function parsePart(raw: string): MimePart {
  const normalized = raw.replace(/\r\n/g, '\n');
  const end = normalized.indexOf('\n\n');
  const head = end === -1 ? normalized : normalized.slice(0, end);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: end === -1 ? '' : normalized.slice(end + 2) };
}

function qpBytes(text: string, underscoreIsSpace: boolean): Buffer {
  const bytes: number[] = [];
  const source = text.replace(/=\n/g, '');
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(source.slice(i + 1, i + 3))) {
      bytes.push(parseInt(source.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '_' && underscoreIsSpace) {
      bytes.push(0x20);
    } else {
      bytes.push(c.charCodeAt(0));
    }
  }
  return Buffer.from(bytes);
}

/** Decodes RFC 2047 encoded words; adjacent words are joined before decoding, as a character may span two. */
function decodeHeader(value: string): string {
  const pieces: (string | Buffer)[] = [];
  const word = /=\?UTF-8\?([BQ])\?([^?]*)\?=/gi;
  let last = 0;
  for (let m = word.exec(value); m; m = word.exec(value)) {
    const between = value.slice(last, m.index);
    if (!(pieces.length > 0 && Buffer.isBuffer(pieces.at(-1)) && /^\s*$/.test(between))) pieces.push(between);
    const bytes = m[1]!.toUpperCase() === 'B' ? Buffer.from(m[2]!, 'base64') : qpBytes(m[2]!, true);
    const previous = pieces.at(-1);
    if (Buffer.isBuffer(previous)) pieces[pieces.length - 1] = Buffer.concat([previous, bytes]);
    else pieces.push(bytes);
    last = m.index + m[0].length;
  }
  pieces.push(value.slice(last));
  return pieces.map((p) => (Buffer.isBuffer(p) ? p.toString('utf8') : Buffer.from(p, 'latin1').toString('utf8'))).join('');
}

function decodeBody(part: MimePart): string {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return qpBytes(part.body, false).toString('utf8');
  return Buffer.from(part.body, 'latin1').toString('utf8');
}

/** The message's headers and its decoded text and HTML bodies. */
function readMessage(raw: string): { header(name: string): string; text: string; html: string } {
  const top = parsePart(raw);
  const bodies = new Map<string, string>();
  const collect = (part: MimePart) => {
    const type = part.headers.get('content-type') ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (type.toLowerCase().startsWith('multipart/') && boundary) {
      const sections = part.body.split(`--${boundary}`).slice(1);
      for (const section of sections) {
        if (section.startsWith('--')) break;
        collect(parsePart(section.replace(/^\n/, '')));
      }
      return;
    }
    bodies.set(type.split(';')[0]!.trim().toLowerCase(), decodeBody(part));
  };
  collect(top);
  return {
    header: (name) => decodeHeader(top.headers.get(name.toLowerCase()) ?? ''),
    text: bodies.get('text/plain') ?? '',
    html: bodies.get('text/html') ?? '',
  };
}

// ---------------------------------------------------------------------------------------

interface OutboxRow {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  text_body: string | null;
  html_body: string | null;
  sent_at: Date | null;
  customer_id: string | null;
}

interface JobRow {
  status: string;
  attempts: number;
  max_attempts: number;
  run_at: Date;
  last_error: string | null;
}

describe('mail', () => {
  let test: TestDatabase;
  let clock: ManualClock;
  let smtp: TestSmtp | undefined;
  let transport: MailTransport | undefined;

  beforeEach(async () => {
    test = await openTestDatabase();
    clock = new ManualClock('2026-11-26T01:00:00.000Z');
  });

  afterEach(async () => {
    transport?.close();
    transport = undefined;
    await smtp?.close();
    smtp = undefined;
    await test.close();
  });

  function runnerWith(mailTransport: MailTransport): JobRunner {
    transport = mailTransport;
    const runner = new JobRunner({ db: test.db, clock, logger, nodeId: 'node-a' });
    registerMailDelivery(runner, mailTransport);
    return runner;
  }

  const outbox = () =>
    test.db.ownerTransaction(async (tx) => (await tx.query<OutboxRow>('SELECT * FROM ops.mail_outbox ORDER BY created_at')).rows);
  const deliveryJobs = () =>
    test.db.ownerTransaction(
      async (tx) => (await tx.query<JobRow>("SELECT * FROM ops.jobs WHERE name = 'mail.deliver' ORDER BY created_at")).rows,
    );

  const firstLogin = (to: string, customerId?: string) =>
    test.db.transaction((tx) =>
      queueMail(tx, clock, {
        to,
        template: 'tenant.first_login',
        lang: 'ja',
        params: {
          tenantName: '山田化成工業株式会社 <R&D>',
          companyCode: 'YAMADA-01',
          link: LINK,
          expiresAt: new Date('2026-11-27T01:00:00.000Z'),
        },
        ...(customerId ? { customerId } : {}),
      }),
    );

  it('delivers a queued mail through a real SMTP server', async () => {
    smtp = await startSmtp();
    const runner = runnerWith(createMailTransport({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: FROM }));
    const customerId = '0b0e5f2e-52a4-4a55-9d55-8a7c2b1f6d10';
    const id = await firstLogin('daihyo@yamada-kasei.example.jp', customerId);

    expect(await runner.tick()).toBe(1);
    expect(smtp.received).toHaveLength(1);
    const { rcptTo, raw } = smtp.received[0]!;
    expect(rcptTo).toEqual(['daihyo@yamada-kasei.example.jp']);
    expect(raw).toMatch(/^Subject: =\?UTF-8\?/im);

    const message = readMessage(raw);
    expect(message.header('To')).toBe('daihyo@yamada-kasei.example.jp');
    expect(message.header('From')).toBe(FROM);
    expect(message.header('Subject')).toBe('ご利用開始（初回ログイン）のお手続きのご案内');
    expect(message.header('Message-ID')).toBe(`<${id}@example.jp>`);
    expect(message.header('Auto-Submitted')).toBe('auto-generated');
    expect(message.text).toContain(LINK);
    expect(message.text).toContain('企業コード：YAMADA-01');
    expect(message.text).toContain('山田化成工業株式会社 <R&D>');
    expect(message.text).toContain('2026/11/27(金) 10:00 (日本時間)');
    expect(message.html).toContain(`<a href="${LINK.replace(/&/g, '&amp;')}">`);
    expect(message.html).toContain('山田化成工業株式会社 &lt;R&amp;D&gt;');
    expect(message.html).not.toContain('<R&D>');

    const [row] = await outbox();
    expect(row).toMatchObject({ id, status: 'sent', attempts: 1, last_error: null, customer_id: customerId, text_body: null, html_body: null });
    expect(row?.sent_at?.toISOString()).toBe(clock.now().toISOString());
    expect((await deliveryJobs()).map((j) => j.status)).toEqual(['done']);

    // Delivered once: later passes send nothing more.
    clock.advance(3_600_000);
    expect(await runner.tick()).toBe(0);
    expect(smtp.received).toHaveLength(1);
    const [listed] = await listMailbox(test.db);
    expect(listed).toMatchObject({ id, status: 'sent', subject: 'ご利用開始（初回ログイン）のお手続きのご案内', textBody: null });
  });

  it('sends nothing when the transaction that queued the mail rolls back', async () => {
    smtp = await startSmtp();
    const runner = runnerWith(createMailTransport({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: FROM }));
    await expect(
      test.db.transaction(async (tx) => {
        await queueMail(tx, clock, { to: 'user@example.jp', template: 'test.ping', lang: 'en', params: { sentAt: clock.now() } });
        throw new Error('the action failed after queueing its mail');
      }),
    ).rejects.toThrow('the action failed');

    expect(await runner.tick()).toBe(0);
    expect(smtp.received).toEqual([]);
    expect(await outbox()).toEqual([]);
    expect(await deliveryJobs()).toEqual([]);
  });

  it('retries while the SMTP server is down, then fails the mail with a short reason', async () => {
    smtp = await startSmtp();
    const deadPort = smtp.port;
    await smtp.close();
    smtp = undefined;
    const runner = runnerWith(createMailTransport({ smtpUrl: `smtp://mailer:s3cret-pass@127.0.0.1:${deadPort}`, from: FROM }));
    await firstLogin('daihyo@yamada-kasei.example.jp');

    expect(await runner.tick()).toBe(1);
    let [mail] = await outbox();
    expect(mail).toMatchObject({ status: 'queued', attempts: 1 });
    expect(mail?.last_error).toMatch(/ECONNREFUSED/);
    let [job] = await deliveryJobs();
    expect(job).toMatchObject({ status: 'queued', attempts: 1, max_attempts: MAIL_MAX_ATTEMPTS });
    expect(job?.run_at.getTime()).toBe(clock.now().getTime() + 60_000);

    for (let attempt = 2; attempt <= MAIL_MAX_ATTEMPTS; attempt++) {
      clock.advance(3_600_000);
      expect(await runner.tick()).toBe(1);
    }
    [mail] = await outbox();
    expect(mail).toMatchObject({ status: 'failed', attempts: MAIL_MAX_ATTEMPTS, text_body: null, html_body: null });
    [job] = await deliveryJobs();
    expect(job).toMatchObject({ status: 'failed', attempts: MAIL_MAX_ATTEMPTS });
    for (const error of [mail?.last_error, job?.last_error]) {
      expect(error).toMatch(/ECONNREFUSED/);
      expect(error!.length).toBeLessThanOrEqual(300);
      expect(error).not.toContain('s3cret-pass');
      expect(error).not.toContain('token');
      expect(error).not.toContain('YAMADA-01');
    }
    clock.advance(24 * 3_600_000);
    expect(await runner.tick()).toBe(0);
  });

  it('fails at once when the server refuses the recipient for good', async () => {
    smtp = await startSmtp({ refuse: (address) => address.startsWith('gone@') });
    const runner = runnerWith(createMailTransport({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: FROM }));
    await firstLogin('gone@example.jp');
    expect(await runner.tick()).toBe(1);
    const [mail] = await outbox();
    expect(mail).toMatchObject({ status: 'failed', attempts: 1 });
    expect(mail?.last_error).toMatch(/550/);
    expect((await deliveryJobs())[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect(smtp.received).toEqual([]);
  });

  it('captures mails without SMTP and lists them newest first', async () => {
    const runner = runnerWith(createMailTransport({ smtpUrl: undefined, from: FROM }));
    const older = await firstLogin('first@example.jp');
    clock.advance(60_000);
    const newer = await test.db.transaction((tx) =>
      queueMail(tx, clock, {
        to: 'second@example.jp',
        template: 'password.reset',
        lang: 'en',
        params: { displayName: 'Hanako Sato', link: 'https://app.example.jp/reset?token=abc', expiresAt: new Date('2026-11-26T02:01:00Z') },
      }),
    );
    expect(await listMailbox(test.db)).toEqual([]);

    expect(await runner.tick()).toBe(2);
    const mailbox = await listMailbox(test.db);
    expect(mailbox.map((m) => [m.id, m.status])).toEqual([
      [newer, 'captured'],
      [older, 'captured'],
    ]);
    expect(mailbox[0]).toMatchObject({ to: 'second@example.jp', subject: 'Reset your password', lang: 'en', template: 'password.reset' });
    expect(mailbox[0]?.textBody).toContain('https://app.example.jp/reset?token=abc');
    expect(mailbox[0]?.textBody).toContain('Thu, 26 Nov 2026 11:01 JST');
    expect(mailbox[1]?.textBody).toContain(LINK);
    expect(mailbox[1]?.htmlBody).toContain('&lt;R&amp;D&gt;');
    expect(mailbox[0]?.sentAt?.toISOString()).toBe(clock.now().toISOString());
    expect(await listMailbox(test.db, { limit: 1 })).toHaveLength(1);
  });

  it('refuses a recipient that is not one address', async () => {
    await expect(
      test.db.transaction((tx) =>
        queueMail(tx, clock, { to: 'a@example.jp\r\nBcc: b@example.jp', template: 'test.ping', lang: 'ja', params: { sentAt: clock.now() } }),
      ),
    ).rejects.toThrow(/not a single e-mail address/);
    expect(await outbox()).toEqual([]);
  });
});

describe('mail templates', () => {
  const expiresAt = new Date('2026-11-27T01:00:00.000Z');
  // Each area keeps samples for its own mails in test/support/mailSamples/<area>.ts.
  const areaSamples = Object.values(import.meta.glob<{ samples: Record<string, Record<string, string | Date>> }>('../support/mailSamples/*.ts', { eager: true })).reduce<
    Record<string, Record<string, string | Date>>
  >((all, m) => ({ ...all, ...m.samples }), {});
  const platformSamples: Partial<{ [T in MailTemplateId]: MailParams<T> }> = {
    'staff.setup': { link: 'https://ops.example.jp/setup/Zx9kQ3bT7wLm2PaYc4RdVe8s', expiresAt },
    'tenant.first_login': { tenantName: '山田化成工業株式会社', companyCode: 'YAMADA-01', link: LINK, expiresAt },
    'password.reset': { displayName: '佐藤 花子', link: 'https://app.example.jp/reset?token=abc', expiresAt },
    'invitation.catalog': { inviterName: '鈴木 一郎', tenantName: '東和樹脂株式会社', link: 'https://app.example.jp/invite?token=def', expiresAt },
    'survey.temporary_password': { temporaryPassword: 'Kp7#vX2m!Qa', loginUrl: 'https://app.example.jp/login/TOWA', expiresAt },
    'test.ping': { sentAt: expiresAt },
    'breakglass.notice': { tenantName: '東和樹脂株式会社', staffName: '運用 太郎', reason: 'サポート依頼 #1234 の調査', accessedAt: expiresAt, expiresAt, logUrl: 'https://app.example.jp/audit' },
  };
  const samples: Record<string, Readonly<Record<string, string | Date>>> = { ...areaSamples, ...platformSamples };
  const ids = Object.keys(mailTemplates) as MailTemplateId[];

  it('has a sample for every template', () => {
    expect(ids.sort()).toEqual(Object.keys(samples).sort());
  });

  for (const id of Object.keys(mailTemplates) as MailTemplateId[]) {
    for (const lang of LANGS) {
      it(`renders ${id} in ${lang} with every parameter`, () => {
        const template = mailTemplates[id];
        const params = samples[id] ?? {};
        const mail = renderTemplate(template, lang, params);
        for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toMatch(/\{\w+\}/);
        for (const [name, kind] of Object.entries(template.params)) {
          const value = params[name]!;
          const shown = value instanceof Date ? formatMailDate(value, lang) : value;
          expect(mail.text).toContain(shown);
          if (kind === 'url') expect(mail.html).toContain(`<a href="${shown.replace(/&/g, '&amp;')}">`);
        }
        expect(mail.subject).not.toMatch(/[\r\n]/);
        expect(mail.html).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${lang}">`));
        const own = `${template.subject[lang]}\n${template.text[lang]}`;
        if (lang === 'ja') expect(own).toMatch(/[\u3040-\u30ff]/);
        else expect(own).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      });
    }
  }

  it('declares exactly the placeholders its texts use', () => {
    for (const id of ids) {
      const template = mailTemplates[id];
      const declared = Object.keys(template.params).sort();
      for (const lang of LANGS) {
        const used = new Set([...`${template.subject[lang]} ${template.text[lang]}`.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
        expect([...used].sort(), `${id} (${lang})`).toEqual(declared);
      }
    }
  });

  it('escapes parameters in HTML and keeps headers on one line', () => {
    const mail = renderMail('invitation.catalog', 'en', {
      inviterName: 'Eve <script>alert(1)</script>\r\nBcc: x@example.jp',
      tenantName: 'A&B "Plastics"',
      link: 'https://app.example.jp/invite?a=1&b=<2>',
      expiresAt,
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Eve &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('A&amp;B &quot;Plastics&quot;');
    expect(mail.html).toContain('<a href="https://app.example.jp/invite?a=1&amp;b=&lt;2&gt;">');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text).toContain('A&B "Plastics"');
  });

  it('refuses links that are not web addresses and missing parameters', () => {
    expect(() =>
      renderMail('password.reset', 'ja', { displayName: 'x', link: 'javascript:alert(1)', expiresAt }),
    ).toThrow(/http\(s\) URL/);
    // @ts-expect-error - a missing parameter is a type error
    expect(() => renderMail('password.reset', 'ja', { displayName: 'x', expiresAt })).toThrow(/"link"/);
    // @ts-expect-error - so is a parameter of the wrong kind
    expect(() => renderMail('test.ping', 'en', { sentAt: '2026-11-27' })).toThrow(/"sentAt" must be a valid Date/);
  });

  it('formats dates in JST in each language', () => {
    const date = new Date('2026-12-31T15:30:00.000Z');
    expect(formatMailDate(date, 'ja')).toBe('2027/01/01(金) 00:30 (日本時間)');
    expect(formatMailDate(date, 'en')).toBe('Fri, 1 Jan 2027 00:30 JST');
  });
});
