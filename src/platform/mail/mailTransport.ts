import nodemailer from 'nodemailer';

/** One outbox mail handed to a transport. */
export interface OutgoingMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

/**
 * Where mail goes. `smtp` hands it to a mail server; `capture` keeps it in the outbox
 * for the local mailbox page (embedded mode without SMTP_URL).
 */
export interface MailTransport {
  readonly mode: 'smtp' | 'capture';
  /** Resolves with the outbox status the mail takes once handed over; rejects when it was not. */
  deliver(mail: OutgoingMail): Promise<'sent' | 'captured'>;
  close(): void;
}

export interface MailTransportOptions {
  /**
   * `smtps://[user:pass@]host[:port]` (TLS from the start) or `smtp://…` (STARTTLS). The
   * server's certificate is always verified; query parameters are nodemailer options, e.g.
   * `?requireTLS=false` to allow plain text to a relay on the same host.
   */
  smtpUrl?: string | undefined;
  /** The From header, e.g. `Sotas <no-reply@example.jp>`. */
  from: string;
  /**
   * For `smtp://`: refuse to send unless the server upgrades with STARTTLS (production sets it;
   * the URL's `requireTLS` parameter overrides). Without it STARTTLS is still used when offered.
   */
  requireTls?: boolean;
  /** Extra trusted CA certificates (PEM) for the mail server; deployments use NODE_EXTRA_CA_CERTS. */
  ca?: string | Buffer;
}

/** The domain of the From address, for Message-IDs that receivers can deduplicate on. */
function senderDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'localhost';
}

/**
 * Opens the configured transport: nodemailer over SMTP when `smtpUrl` is set, otherwise
 * the capture transport.
 */
export function createMailTransport(options: MailTransportOptions): MailTransport {
  if (!options.smtpUrl) {
    return { mode: 'capture', deliver: async () => 'captured', close: () => undefined };
  }
  if (!/^smtps?:\/\//.test(options.smtpUrl)) throw new Error('createMailTransport: smtpUrl must start with smtp:// or smtps://');
  const transporter = nodemailer.createTransport({
    url: options.smtpUrl,
    // Regular options first: parameters in the URL (e.g. requireTLS=false) take precedence.
    requireTLS: options.requireTls ?? false,
    tls: { minVersion: 'TLSv1.2', rejectUnauthorized: true, ...(options.ca ? { ca: options.ca } : {}) },
    // A dead server fails an attempt quickly; the job's back-off does the waiting.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  const domain = senderDomain(options.from);
  return {
    mode: 'smtp',
    async deliver(mail) {
      await transporter.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        // The same id on every attempt lets a receiver drop the copy of a retried delivery.
        messageId: `<${mail.id}@${domain}>`,
        // RFC 3834: keeps auto-responders from replying to a no-reply address.
        headers: { 'Auto-Submitted': 'auto-generated' },
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      return 'sent';
    },
    close: () => transporter.close(),
  };
}
