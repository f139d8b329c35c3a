import { useLocation } from 'react-router';
import type { SecondFactorChallenge } from '../../data/session';

function isChallenge(value: unknown): value is SecondFactorChallenge {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.token === 'string' && Array.isArray(v.methods) && typeof v.enrolmentRequired === 'boolean' && typeof v.expiresAt === 'string';
}

/**
 * The challenge the sign-in page handed over in the history entry's state (it survives a
 * reload of the page, never appears in the URL), or undefined when there is none.
 */
export function useSecondFactorChallenge(): SecondFactorChallenge | undefined {
  const { state } = useLocation();
  const candidate: unknown = typeof state === 'object' && state !== null ? (state as Record<string, unknown>).secondFactor : undefined;
  return isChallenge(candidate) ? candidate : undefined;
}
