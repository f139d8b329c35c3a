import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { fileKeyProvider } from '../../keys/index.js';
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
    // The master key lives beside the data it protects the keys of: DATA_DIR/keys/master.key.
    keys: { provider: fileKeyProvider(path.join(config.dataDir, 'keys')), clock },
    rp: relyingPartyFor(config.http.publicUrl),
    session: config.session,
  };
  registerSignInMfaRoutes(app, deps, mfa);
  registerAccountMfaRoutes(app, deps, mfa);
}
