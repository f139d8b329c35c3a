import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { SESSION_KEY } from '../../data/session';

/** The signed-in user's own multi-factor state (GET /api/mfa). */
export interface MfaStatus {
  totp: { enrolled: boolean; confirmedAt: string | null };
  passkeys: { id: string; name: string; createdAt: string; lastUsedAt: string | null }[];
  recoveryCodesLeft: number;
  tenantRequiresMfa: boolean;
  canManagePolicy: boolean;
}

/** What an authenticator app needs: the secret, the otpauth:// URI, and its QR code as SVG. */
export interface TotpSetup {
  secret: string;
  uri: string;
  qrSvg: string;
}

interface SignedIn {
  signedIn: true;
  recoveryCodes?: string[] | null;
}

/** Query key of the security page's state. */
export const MFA_KEY = ['mfa'] as const;
const POLICY_KEY = ['mfa-policy'] as const;

/** The signed-in user's factors and the company policy. */
export function useMfaStatus() {
  return useQuery({ queryKey: MFA_KEY, queryFn: () => api.get<MfaStatus>('/api/mfa') });
}

/** After a change, the page shows the server's state again. */
function useRefreshStatus() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: MFA_KEY });
}

/** Starts an authenticator app set-up: a new secret and QR code. */
export function useStartTotp() {
  return useMutation({ mutationFn: () => api.post<TotpSetup>('/api/mfa/totp', {}) });
}

/** Confirms the app with its first code; answers new recovery codes on a first factor. */
export function useConfirmTotp() {
  const refresh = useRefreshStatus();
  return useMutation({
    mutationFn: (code: string) => api.post<{ recoveryCodes: string[] | null }>('/api/mfa/totp/confirm', { code }),
    onSuccess: refresh,
  });
}

/** Removes the app with a current code or the password. */
export function useDisableTotp() {
  const refresh = useRefreshStatus();
  return useMutation({
    mutationFn: (proof: { code: string } | { password: string }) => api.post<void>('/api/mfa/totp/disable', proof),
    onSuccess: refresh,
  });
}

/** Replaces the recovery codes; the answer is the only time they are shown. */
export function useRegenerateRecoveryCodes() {
  const refresh = useRefreshStatus();
  return useMutation({
    mutationFn: () => api.post<{ recoveryCodes: string[] }>('/api/mfa/recovery-codes', {}),
    onSuccess: refresh,
  });
}

/** Registers a passkey: options from the server, the browser's ceremony, then the answer back. */
export function useAddPasskey() {
  const refresh = useRefreshStatus();
  return useMutation({
    mutationFn: async (name: string) => {
      const { ceremonyId, options } = await api.post<{ ceremonyId: string; options: PublicKeyCredentialCreationOptionsJSON }>(
        '/api/mfa/passkeys/options',
        {},
      );
      const response = await startRegistration({ optionsJSON: options });
      return api.post<{ passkeyId: string; recoveryCodes: string[] | null }>('/api/mfa/passkeys', { ceremonyId, name, response });
    },
    onSuccess: refresh,
  });
}

/** Renames one of the user's passkeys. */
export function useRenamePasskey() {
  const refresh = useRefreshStatus();
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) => api.patch<void>(`/api/mfa/passkeys/${id}`, { name }),
    onSuccess: refresh,
  });
}

/** Deletes one of the user's passkeys. */
export function useRemovePasskey() {
  const refresh = useRefreshStatus();
  return useMutation({
    mutationFn: (id: string) => api.delete<void>(`/api/mfa/passkeys/${id}`),
    onSuccess: refresh,
  });
}

/** The company's "MFA required" setting (admins only). */
export function useMfaPolicy(enabled: boolean) {
  return useQuery({ queryKey: POLICY_KEY, queryFn: () => api.get<{ mfaRequired: boolean }>('/api/mfa/policy'), enabled });
}

/** Switches the company's "MFA required" setting. */
export function useSetMfaPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mfaRequired: boolean) => api.put<{ mfaRequired: boolean }>('/api/mfa/policy', { mfaRequired }),
    onSuccess: (data) => {
      queryClient.setQueryData(POLICY_KEY, data);
      void queryClient.invalidateQueries({ queryKey: MFA_KEY });
    },
  });
}

/** Once the second step has set the session cookie, the app reads the session afresh. */
function useSignedIn() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: SESSION_KEY });
}

/** Second step of sign-in with a TOTP or recovery code. */
export function useVerifyCode(token: string) {
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: ({ method, code }: { method: 'totp' | 'recovery_code'; code: string }) =>
      api.post<SignedIn>('/api/auth/mfa/verify', { token, method, code }),
    onSuccess: signedIn,
  });
}

/** Second step of sign-in with a passkey: options, the browser's ceremony, the answer. */
export function useVerifyPasskey(token: string) {
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: async () => {
      const { options } = await api.post<{ options: PublicKeyCredentialRequestOptionsJSON }>('/api/auth/mfa/passkey-options', { token });
      const response = await startAuthentication({ optionsJSON: options });
      return api.post<SignedIn>('/api/auth/mfa/verify', { token, method: 'passkey', response });
    },
    onSuccess: signedIn,
  });
}

/** Required enrolment at sign-in: a new authenticator secret. */
export function useStartEnrolmentTotp(token: string) {
  return useMutation({ mutationFn: () => api.post<TotpSetup>('/api/auth/mfa/enrol/totp', { token }) });
}

/** Required enrolment at sign-in: confirm the app; sets the session cookie. */
export function useConfirmEnrolmentTotp(token: string) {
  return useMutation({ mutationFn: (code: string) => api.post<SignedIn>('/api/auth/mfa/enrol/totp/confirm', { token, code }) });
}

/** Required enrolment at sign-in: register a passkey; sets the session cookie. */
export function useEnrolPasskey(token: string) {
  return useMutation({
    mutationFn: async (name: string) => {
      const { options } = await api.post<{ options: PublicKeyCredentialCreationOptionsJSON }>('/api/auth/mfa/enrol/passkey-options', { token });
      const response = await startRegistration({ optionsJSON: options });
      return api.post<SignedIn>('/api/auth/mfa/enrol/passkey', { token, name, response });
    },
  });
}
