import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { SessionUser } from '../../data/session';

/** Where a user who must change their password is kept until they do. */
export const CHANGE_PASSWORD_PATH = '/account/change-password';

/** True when the server says the user still has an initial or temporary password. */
export function mustChangePassword(user: SessionUser): boolean {
  // The session answer carries the flag; read it without assuming the shared type names it.
  return 'mustChangePassword' in user && user.mustChangePassword === true;
}

/**
 * Sends a user who must change their password to the change-password screen from every
 * signed-in screen (the server refuses them everything else anyway).
 */
export function PasswordChangeGate({ user, children }: { user: SessionUser; children: ReactNode }) {
  const { pathname } = useLocation();
  if (mustChangePassword(user) && pathname !== CHANGE_PASSWORD_PATH) return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  return children;
}
