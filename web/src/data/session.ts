import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, isApiStatus } from '../api';
import type { ServiceId } from './services';

export interface Membership {
  service: ServiceId;
  role: string;
}

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  locale: string;
  tenant: { id: string; code: string; name: string };
  memberships: Membership[];
}

interface SessionBody {
  user: SessionUser;
}

export interface LoginInput {
  companyCode: string;
  email: string;
  password: string;
}

export const SESSION_KEY = ['session'] as const;

/** Queries that survive a sign-out: public answers, and the session (set to null). */
const KEPT_ON_SIGN_OUT = new Set(['public-config', 'services', SESSION_KEY[0]]);

/** Marks the visitor as signed out, so every signed-in screen sends them to the login page. */
export function forgetSession(queryClient: QueryClient): void {
  queryClient.setQueryData(SESSION_KEY, null);
}

/** The signed-in user, or `null` when the server answers 401. */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<SessionUser | null> => {
      try {
        return (await api.get<SessionBody>('/api/session')).user;
      } catch (error) {
        if (isApiStatus(error, 401)) return null;
        throw error;
      }
    },
  });
}

/** What the password step asks for next when the user or their company uses multi-factor sign-in. */
export interface SecondFactorChallenge {
  /** Single-use token that the second step sends back; it is not a session. */
  token: string;
  /** Methods the user can answer with: `totp`, `recovery_code`, `passkey`. */
  methods: string[];
  /** The company requires MFA and the user has no method yet: enrol first. */
  enrolmentRequired: boolean;
  expiresAt: string;
}

/** A password sign-in either signs the user in or continues with a second factor. */
export type LoginResult =
  | { kind: 'session'; user: SessionUser }
  | { kind: 'second_factor'; challenge: SecondFactorChallenge };

type LoginBody = SessionBody | { secondFactor: SecondFactorChallenge };

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: LoginInput): Promise<LoginResult> => {
      const body = await api.post<LoginBody>('/api/auth/login', input);
      return 'secondFactor' in body
        ? { kind: 'second_factor', challenge: body.secondFactor }
        : { kind: 'session', user: body.user };
    },
    onSuccess: (result) => {
      if (result.kind === 'session') queryClient.setQueryData(SESSION_KEY, result.user);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/api/auth/logout'),
    onSuccess: () => {
      // Nothing fetched for the previous user may be shown to the next one. The session
      // query itself is kept and set to null, so its observers redirect to the login page.
      queryClient.removeQueries({
        predicate: (query) => !KEPT_ON_SIGN_OUT.has(String(query.queryKey[0])),
      });
      forgetSession(queryClient);
    },
  });
}
