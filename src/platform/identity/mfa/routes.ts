import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../../http/index.js';

/** Routes of multi-factor authentication: enrolment, challenge, recovery codes, passkeys. */
export function registerMfaRoutes(_app: FastifyInstance, _deps: ServerDeps): void {}
