import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { LocalizedText } from '../i18n';

/** What the server tells anyone, signed in or not. */
export interface PublicConfig {
  productName: LocalizedText;
  /** Where users and outsiders report security issues (an e-mail address). */
  securityContact: string;
  /** True when mail goes to the local outbox shown at `/dev/mailbox`. */
  mailboxEnabled: boolean;
}

/** The deployment's public configuration; it changes only on restart. */
export function usePublicConfig() {
  return useQuery({
    queryKey: ['public-config'],
    queryFn: () => api.get<PublicConfig>('/api/public/config'),
    staleTime: Infinity,
  });
}
