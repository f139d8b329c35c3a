import { randomToken, sha256Hex } from '../../core/crypto.js';
import { isUuid } from '../../core/db/index.js';

/**
 * Single-use links (invitations, first sign-in) carry `<tenant id>_<random token>`: like the
 * session cookie, the tenant id is not secret and lets the lookup run under RLS for that
 * tenant; only the SHA-256 of the random part is stored. The whole token is one base64url-like
 * path segment, so the request log redacts it (`redactUrl`) like any other token.
 */
export interface LinkToken {
  /** The text that goes into the link, returned once. */
  token: string;
  /** What is stored. */
  hash: string;
}

const UUID_LENGTH = 36;
const SEPARATOR = '_';

/** A new single-use link token for the tenant: the text for the link and the hash to store. */
export function newLinkToken(tenantId: string): LinkToken {
  const secret = randomToken();
  return { token: `${tenantId}${SEPARATOR}${secret}`, hash: sha256Hex(secret) };
}

/** The tenant and stored hash of a link token, or undefined when it is not one. */
export function parseLinkToken(token: string): { tenantId: string; hash: string } | undefined {
  // The tenant id has a fixed length; the separator is only checked, never searched for,
  // since the random part may contain it too.
  const tenantId = token.slice(0, UUID_LENGTH);
  const secret = token.slice(UUID_LENGTH + SEPARATOR.length);
  if (token.slice(UUID_LENGTH, UUID_LENGTH + SEPARATOR.length) !== SEPARATOR) return undefined;
  if (!isUuid(tenantId) || !/^[A-Za-z0-9_-]{32,64}$/.test(secret)) return undefined;
  return { tenantId: tenantId.toLowerCase(), hash: sha256Hex(secret) };
}

/** Link tokens as route parameters: shape only; validity is decided by the lookup. */
export const LINK_TOKEN_MAX_LENGTH = 120;
