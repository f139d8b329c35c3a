import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { createRegistrar, originOf, requireActor, type ModuleDeps } from '../http/index.js';
import { sendAttachment } from './attachment.js';
import { openTenantFile, tenantFileDeps } from './tenantFiles.js';

/**
 * `GET /api/files/:fileId`: the one way a stored file leaves the system. Only a signed-in
 * member of the service the file belongs to, in the file's tenant, gets it; anyone else gets
 * the same 404. Always an attachment (never rendered by the browser), not cached, logged.
 */
export function registerFileRoutes(app: FastifyInstance, deps: Pick<ModuleDeps, 'config' | 'db' | 'clock' | 'registry' | 'keys' | 'files'>): void {
  const r = createRegistrar(app, { permissionExists: (p) => deps.registry.allPermissions().has(p) });
  const files = tenantFileDeps(deps);

  r.route({
    method: 'GET',
    url: '/api/files/:fileId',
    summary: 'Download a stored file of a service the user is a member of (attachment, decrypted on the fly)',
    tags: ['files'],
    // Any signed-in user; the handler admits only members of the file's service.
    access: { user: 'self' },
    audit: { action: 'files.file.downloaded' },
    schema: { params: z.strictObject({ fileId: z.uuid() }) },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      // Until the password is changed, a user may act on their own account only.
      if (actor.mustChangePassword) throw new AppError('auth.password_change_required');
      const { file, stream } = await openTenantFile(files, {
        tenantId: actor.tenantId,
        fileId: request.params.fileId,
        authorize: (f) => {
          if (!actor.memberships.some((m) => m.service === f.service)) throw new AppError('files.not_found', { internal: `not a member of ${f.service}` });
        },
        audit: { actor: { type: 'user', id: actor.userId, name: actor.displayName }, origin: originOf(request) },
      });
      return sendAttachment(reply, file, stream);
    },
  });
}
