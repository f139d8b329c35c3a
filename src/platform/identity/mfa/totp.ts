import { randomBytes } from 'node:crypto';
import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
import { encodeBase32NoPadding } from '@oslojs/encoding';

/** RFC 6238 as authenticator apps implement it: HMAC-SHA-1, 30-second steps, 6 digits. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Codes of the step before and after are accepted too: phone clocks drift. */
export const TOTP_WINDOW_STEPS = 1;
/** RFC 4226 recommends at least 160 bits of secret for HMAC-SHA-1. */
export const TOTP_SECRET_BYTES = 20;

/** The time step (RFC 6238 `T`) of an instant. */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** A fresh random secret for a new authenticator. */
export function newTotpSecret(): Buffer {
  return randomBytes(TOTP_SECRET_BYTES);
}

/** The secret as authenticator apps take it when typed in by hand (base32, no padding). */
export function totpSecretText(secret: Uint8Array): string {
  return encodeBase32NoPadding(secret);
}

/** `otpauth://totp/<issuer>:<account>?secret=…&issuer=…` for the QR code. */
export function totpKeyUri(issuer: string, account: string, secret: Uint8Array): string {
  return createTOTPKeyURI(issuer, account, secret, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

/**
 * The step whose code `code` is, within ±`window` steps of `at`, and later than `usedStep`
 * (a code already accepted, or an earlier one, is never accepted again). Undefined when the
 * code matches none. `digits` is 6 in the product; the RFC's test vectors use 8.
 */
export function matchTotp(
  secret: Uint8Array,
  code: string,
  at: Date,
  options: { digits?: number; window?: number; usedStep?: number | null } = {},
): number | undefined {
  const digits = options.digits ?? TOTP_DIGITS;
  const window = options.window ?? TOTP_WINDOW_STEPS;
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) return undefined;
  const now = totpStep(at);
  for (let step = now - window; step <= now + window; step++) {
    if (step < 0 || (options.usedStep != null && step <= options.usedStep)) continue;
    if (verifyHOTP(secret, BigInt(step), digits, code)) return step;
  }
  return undefined;
}

/** Codes are typed with spaces or full-width digits at times; only the digits count. */
export function normalizeOtpInput(input: string): string {
  return input.normalize('NFKC').replace(/[\s-]/g, '');
}
