import { useQuery } from '@tanstack/react-query';
import { api } from '../api';

export interface OutboxMessage {
  id: string;
  to: string;
  subject: string;
  createdAt: string;
  text: string;
  html: string;
}

/** The local outbox, newest first; only when the server keeps mail locally. */
export function useMailbox(enabled: boolean) {
  return useQuery({
    queryKey: ['dev-mailbox'],
    enabled,
    queryFn: async () => {
      const { messages } = await api.get<{ messages: OutboxMessage[] }>('/api/dev/mailbox');
      return [...messages].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    },
  });
}
