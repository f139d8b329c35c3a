import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { ServerOptions as HttpsServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Config } from '../../core/config.js';

/**
 * TLS 1.2 suites with forward secrecy and AEAD only (ECDHE with AES-GCM or ChaCha20-Poly1305),
 * after the TLS 1.3 suites; CBC, RSA key exchange, SHA-1 MACs and everything older are refused.
 */
export const TLS_CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

/** The HTTPS listener's options (10.1.1): the configured certificate and key, TLS 1.2 at least. */
export function httpsServerOptions(tls: NonNullable<Config['tls']>): HttpsServerOptions {
  let cert: Buffer;
  let key: Buffer;
  try {
    cert = readFileSync(tls.certFile);
    key = readFileSync(tls.keyFile);
  } catch (error) {
    throw new Error(`TLS_CERT_FILE / TLS_KEY_FILE cannot be read (${(error as Error).message}): give readable PEM files or leave both unset.`, { cause: error });
  }
  return { cert, key, minVersion: 'TLSv1.2', ciphers: TLS_CIPHERS, honorCipherOrder: true };
}

const HOSTNAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$|^\[[0-9a-f:.]+\]$/i;

/**
 * Where a plain-HTTP request is sent: the same path on PUBLIC_URL when that is https, else on
 * the host the client asked for at the HTTPS port. Only a path is kept from the request line.
 */
export function httpsRedirectTarget(requestUrl: string | undefined, hostHeader: string | undefined, target: { publicUrl: string; httpsPort: number }): string {
  const pathPart = requestUrl && requestUrl.startsWith('/') && !requestUrl.startsWith('//') ? requestUrl : '/';
  if (target.publicUrl.startsWith('https://')) return `${new URL(target.publicUrl).origin}${pathPart}`;
  let hostname = 'localhost';
  try {
    const asked = new URL(`http://${hostHeader ?? ''}`).hostname;
    if (HOSTNAME.test(asked)) hostname = asked;
  } catch {
    // No usable Host header: the default host.
  }
  return `https://${hostname}${target.httpsPort === 443 ? '' : `:${target.httpsPort}`}${pathPart}`;
}

export interface RedirectListener {
  address: string;
  close(): Promise<void>;
}

/**
 * The plain-HTTP port when the app serves HTTPS itself: it answers every request with a 308
 * to the HTTPS address (method and body kept by the client) and serves nothing else.
 */
export async function startHttpsRedirect(options: { host: string; port: number; publicUrl: string; httpsPort: number }): Promise<RedirectListener> {
  const server = http.createServer((request, response) => {
    const location = httpsRedirectTarget(request.url, request.headers.host, options);
    response.writeHead(308, { location, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
    response.end(`HTTPS only: ${location}\n`);
  });
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  return {
    address: `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
