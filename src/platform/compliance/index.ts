import type { FastifyInstance } from 'fastify';
import type { ModuleDeps } from '../http/index.js';

/** The compliance report (18.2.1): every control of the white paper with live evidence, its console page, CLI and daily self-check. */
export async function registerCompliance(_app: FastifyInstance, _deps: ModuleDeps): Promise<void> {}
