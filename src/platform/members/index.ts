import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../http/index.js';

/** Routes of member management per service: adding, inviting, deleting members and roles. */
export function registerMemberRoutes(_app: FastifyInstance, _deps: ServerDeps): void {}
