import { z } from 'zod';
import { withTenant } from '../../../core/db/index.js';
import { requireActor, type RouteRegistrar } from '../../../platform/http/index.js';
import type { ProcessDeps } from './deps.js';
import { listNamedUserChoices } from './namedUsers.js';

const choice = z.object({
  id: z.string(),
  displayName: z.string(),
  email: z.string(),
  status: z.enum(['active', 'disabled']).meta({ description: 'Disabled members cannot be newly named; they are listed to be taken off.' }),
});

/**
 * The people a confidential record can name, for every member who edits labels (planners
 * included), unlike the member management list that only admins may read.
 */
export function registerMemberRoutes(r: RouteRegistrar, deps: ProcessDeps): void {
  r.route({
    method: 'GET',
    url: '/members',
    summary: 'Members of the process service who can be named on confidential items, orders and work records',
    tags: ['process'],
    access: { user: 'process:master:read' },
    audit: { readOnly: true },
    schema: { response: { 200: z.object({ members: z.array(choice) }) } },
    async handler(request) {
      const actor = requireActor(request);
      return { members: await withTenant(deps.db, actor.tenantId, (tx) => listNamedUserChoices(tx)) };
    },
  });
}
