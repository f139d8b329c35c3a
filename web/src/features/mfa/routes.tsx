import type { RouteObject } from 'react-router';
import { AccountMfaPage } from './AccountMfaPage';
import { MfaChallengePage } from './MfaChallengePage';
import { MfaEnrolPage } from './MfaEnrolPage';

/** Screens of the mfa feature: signed-in ones go under AppLayout, the others under PublicLayout. */
export const appRoutes: RouteObject[] = [{ path: 'account/mfa', element: <AccountMfaPage /> }];
export const publicRoutes: RouteObject[] = [
  { path: 'login/mfa', element: <MfaChallengePage /> },
  { path: 'login/mfa/enrol', element: <MfaEnrolPage /> },
];
