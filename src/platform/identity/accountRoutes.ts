import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../http/index.js';

/** Routes of a user's own account: sessions, password change and reset. */
export function registerAccountRoutes(_app: FastifyInstance, _deps: ServerDeps): void {}
