import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.js';
import { createRegistrar } from './routes.js';

/** `dist/web` at the project root; the same depth from `src/platform/http` and `dist/platform/http`. */
export const WEB_DIST = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

/**
 * Serves the built single-page app: files by path, and `index.html` for every other
 * page path so client-side routes work on reload. API paths never fall through to it.
 */
export async function registerWebApp(app: FastifyInstance, webDir: string = WEB_DIST): Promise<void> {
  const built = existsSync(path.join(webDir, 'index.html'));
  // The route below decides Cache-Control (the shell revalidated, hashed assets kept);
  // the plugin's own default (`public, max-age=0`) would overwrite it.
  if (built) await app.register(fastifyStatic, { root: webDir, serve: false, cacheControl: false });
  createRegistrar(app).route({
    method: 'GET',
    url: '/*',
    summary: 'The web app (static files and client-side routes)',
    tags: ['web'],
    access: { public: 'static assets of the web app; data comes only from declared API routes' },
    audit: { readOnly: true },
    async handler(request, reply) {
      const pathname = (request.url.split('?')[0] ?? '/').replace(/^\/+/, '');
      if (pathname.startsWith('api/') || pathname === 'api') throw new AppError('route.not_found');
      if (!built) {
        return reply
          .status(503)
          .type('text/plain; charset=utf-8')
          .send('The web app is not built. Run `npm run build:web` (or `npm start`, which builds it).\n');
      }
      const file = path.resolve(webDir, pathname);
      const inside = file.startsWith(path.resolve(webDir) + path.sep);
      if (inside && /\.[a-z0-9]+$/i.test(pathname) && existsSync(file)) {
        if (pathname.startsWith('assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
        return reply.sendFile(path.relative(webDir, file));
      }
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    },
  });
}
