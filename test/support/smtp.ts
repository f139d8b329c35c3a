import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/*
 * A real SMTP peer on 127.0.0.1 and just enough MIME reading to follow the links in what it
 * receives. Tests point the app at it with SMTP_URL=smtp://127.0.0.1:<port>.
 */

export interface Received {
  /** Envelope recipients, as the SMTP server was given them. */
  to: string[];
  subject: string;
  /** The decoded text/plain part. */
  text: string;
  /** The message as received. */
  raw: string;
  /** Whether the session was encrypted (STARTTLS or implicit TLS) when the mail arrived. */
  secure: boolean;
}
function qpBytes(text: string, underscoreIsSpace: boolean): Buffer {
  const bytes: number[] = [];
  const source = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(source.slice(i + 1, i + 3))) {
      bytes.push(parseInt(source.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c === '_' && underscoreIsSpace ? 0x20 : c.charCodeAt(0));
  }
  return Buffer.from(bytes);
}

function decodeHeader(value: string): string {
  const words = [...value.matchAll(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi)];
  if (words.length === 0) return value;
  return Buffer.concat(words.map((m) => (m[1]!.toUpperCase() === 'B' ? Buffer.from(m[2]!, 'base64') : qpBytes(m[2]!, true)))).toString('utf8');
}

/** The decoded subject and text/plain part of a raw message. */
export function readMessage(raw: string): { subject: string; text: string } {
  const normalized = raw.replace(/\r\n/g, '\n');
  const headEnd = normalized.indexOf('\n\n');
  const headers = new Map<string, string>();
  for (const line of normalized.slice(0, headEnd).replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const textPart = /Content-Type: text\/plain[^\n]*\n(?:[^\n]+\n)*?Content-Transfer-Encoding: ([\w-]+)\n\n([\s\S]*?)\n--/i.exec(normalized);
  const encoding = textPart?.[1]?.toLowerCase();
  const body = textPart?.[2] ?? '';
  const text =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? qpBytes(body, false).toString('utf8')
        : Buffer.from(body, 'latin1').toString('utf8');
  return { subject: decodeHeader(headers.get('subject') ?? ''), text };
}

/**
 * Starts the SMTP peer; `received` fills as mails arrive. Plain text by default; with `tls`
 * it offers STARTTLS with that certificate (or, `implicit`, speaks TLS from the start).
 */
export async function startSmtp(options: { tls?: { key: string; cert: string; implicit?: boolean } } = {}): Promise<{ port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert, secure: options.tls.implicit ?? false, minVersion: 'TLSv1.2' } : { disabledCommands: ['STARTTLS'] }),
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, secure: session.secure, ...readMessage(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The decoded text/plain part of a raw message. */
export function textBody(raw: string): string {
  return readMessage(raw).text;
}
