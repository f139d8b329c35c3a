import { z } from 'zod';
import { withTenant } from '../../../core/db/index.js';
import { originOf, requireActor } from '../../../platform/http/index.js';
import type { UserActor } from '../../../platform/identity/index.js';
import type { SurveyDeps } from '../shared/deps.js';
import type { SurveyWrite } from './requestWrite.js';

export const READ = { user: 'survey:read' };
export const WRITE = { user: 'survey:requests:write' };
export const APPROVE = { user: 'survey:responses:approve' };
export const DRAFT = { user: 'survey:responses:draft' };
export const TAGS = ['survey'];
export const idParams = z.object({ id: z.uuid() });

/** Runs a read or a command of the signed-in user in the user's tenant transaction. */
export function surveyTransactions(deps: SurveyDeps) {
  return {
    read<T>(request: { actor: UserActor | null }, fn: (tx: SurveyWrite['tx'], actor: UserActor) => Promise<T>): Promise<T> {
      const actor = requireActor(request);
      return withTenant(deps.db, actor.tenantId, (tx) => fn(tx, actor));
    },
    write<T>(request: Parameters<typeof originOf>[0] & { actor: UserActor | null }, fn: (w: SurveyWrite) => Promise<T>): Promise<T> {
      const actor = requireActor(request);
      const origin = originOf(request);
      return withTenant(deps.db, actor.tenantId, (tx) => fn({ tx, clock: deps.clock, actor, origin, publicUrl: deps.config.http.publicUrl }));
    },
  };
}

