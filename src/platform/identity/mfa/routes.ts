import type { FastifyInstance } from 'fastify';
import { masterKeyProvider } from '../../keys/index.js';
import type { ServerDeps } from '../../http/index.js';
import { registerAccountMfaRoutes } from './accountMfaRoutes.js';
import type { MfaDeps } from './deps.js';
import { registerSignInMfaRoutes } from './signInMfaRoutes.js';
import { relyingPartyFor } from './webauthn.js';

/** Routes of multi-factor authentication: enrolment, challenge, recovery codes, passkeys. */
export function registerMfaRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { config, db, clock } = deps;
  const mfa: MfaDeps = {
    db,
    clock,
    // The deployment's master key file (MASTER_KEY_FILE, default DATA_DIR/keys/master.key).
    keys: { provider: masterKeyProvider(config.masterKeyFile), clock },
    rp: relyingPartyFor(config.http.publicUrl),
    session: config.session,
  };
  registerSignInMfaRoutes(app, deps, mfa);
  registerAccountMfaRoutes(app, deps, mfa);
}
