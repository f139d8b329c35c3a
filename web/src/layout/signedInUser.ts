import { useOutletContext } from 'react-router';
import type { SessionUser } from '../data/session';

/** The signed-in user, for screens rendered inside `AppLayout`. */
export function useSignedInUser(): SessionUser {
  return useOutletContext<SessionUser>();
}
