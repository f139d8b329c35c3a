import type { FastifyInstance } from 'fastify';
import { withoutTenant, type Database } from '../../core/db/index.js';
import type { Clock } from '../../core/clock.js';
import { createRegistrar, requireActor } from '../http/index.js';
import { listBannerNotices } from './noticeRepository.js';
import { bannerView } from './views.js';

/**
 * The banner of signed-in pages: maintenance that affects the user's company, from the time
 * the company was told until the work ends. Read from the provider's notice records for the
 * session's own tenant only.
 */
export function registerMaintenanceBannerRoute(app: FastifyInstance, deps: { db: Database; clock: Clock }): void {
  const r = createRegistrar(app);
  r.route({
    method: 'GET',
    url: '/api/maintenance/notices',
    summary: 'Maintenance notices affecting the signed-in user’s company, from notice until the end of the work',
    tags: ['maintenance'],
    access: { user: 'self' },
    audit: { readOnly: true },
    async handler(request) {
      const actor = requireActor(request);
      const now = deps.clock.now();
      const notices = await withoutTenant(deps.db, (tx) => listBannerNotices(tx, actor.tenantId, now));
      return { notices: notices.map((n) => bannerView(n, now)) };
    },
  });
}
