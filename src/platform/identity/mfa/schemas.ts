import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import { cleanPasskeyName } from './passkeyCommands.js';

/** Request and response shapes of the MFA routes. */

const b64url = z.string().max(16_384).regex(/^[A-Za-z0-9_-]*={0,2}$/);

/** How the browser reaches the authenticator (`internal`, `usb`, `hybrid`, …), kept as hints. */
const transports = z.array(z.string().max(32)).max(10);

const extensionResults = z.looseObject({});

/** The browser's answer to `navigator.credentials.create` (as @simplewebauthn/browser sends it). */
export const registrationResponseSchema = z.object({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: extensionResults,
  response: z.looseObject({
    clientDataJSON: b64url,
    attestationObject: b64url,
    authenticatorData: b64url.optional(),
    publicKey: b64url.optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    transports: transports.optional(),
  }),
}) satisfies z.ZodType<RegistrationResponseJSON>;

/** The browser's answer to `navigator.credentials.get`. */
export const authenticationResponseSchema = z.object({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: extensionResults,
  response: z.looseObject({
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: b64url.optional(),
  }),
}) satisfies z.ZodType<AuthenticationResponseJSON>;

/** A passkey's display name as the user typed it, cleaned, 1 to 60 characters. */
export const passkeyNameSchema = z.string().max(200).transform(cleanPasskeyName).pipe(z.string().min(1).max(60));

/** A challenge token as returned by the login answer. */
export const challengeTokenSchema = z.string().min(40).max(120);

/** A typed code: TOTP digits or a recovery code, with the spaces people add. */
export const codeSchema = z.string().min(1).max(64);

export const totpSetupView = z.object({
  secret: z.string().meta({ description: 'The secret in base32, for typing into an app by hand.' }),
  uri: z.string().meta({ description: 'otpauth:// URI (what the QR code holds).' }),
  qrSvg: z.string().meta({ description: 'The URI as a QR code, SVG markup.' }),
});

export const recoveryCodesView = z.array(z.string()).nullable().meta({
  description: 'New recovery codes, shown once; null when the user already holds unused ones.',
});

export const signedInView = z.object({ signedIn: z.literal(true), recoveryCodes: recoveryCodesView.optional() });

export const mfaStatusView = z.object({
  totp: z.object({ enrolled: z.boolean(), confirmedAt: z.string().nullable() }),
  passkeys: z.array(z.object({ id: z.uuid(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() })),
  recoveryCodesLeft: z.number().int(),
  tenantRequiresMfa: z.boolean(),
  canManagePolicy: z.boolean(),
});

/** Anything JSON: WebAuthn options go to the browser as the library made them. */
export const webauthnOptionsView = z.record(z.string(), z.unknown());
