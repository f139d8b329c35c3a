import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyServerFactory } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { negotiateLang } from '../../core/i18n.js';
import { messageKey, messages } from '../../core/messages.js';
import { redactUrl } from '../../core/logger.js';
import { resolveSession, SESSION_COOKIE } from '../identity/index.js';
import { resolveStaffSession, STAFF_SESSION_COOKIE, staffPermissionsOf, type StaffPermission } from '../staff/index.js';
import { checkCsrf } from './csrf.js';
import type { ServerDeps } from './context.js';
import { installErrorHandler, RequestValidationError } from './errorHandler.js';
import { sharedRateLimitStore } from './rateLimitStore.js';
import { enforceDeclaredRoutes, type RouteRecord } from './routes.js';
import { httpsServerOptions } from './tls.js';

export interface BuiltServer {
  app: FastifyInstance;
  /** Every route as registered, for the route-walk test and docs. */
  routes: RouteRecord[];
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
const API_PATH = /^\/api(?:[/?]|$)/;

/**
 * The public HTTP listener: security headers, cookies, rate limits, request ids, zod
 * validation with messages in the user's language, the access check of every route,
 * and one error shape. Routes are added afterwards through `createRegistrar`.
 */
export async function buildHttpServer(deps: ServerDeps): Promise<BuiltServer> {
  const { config } = deps;
  // HTTPS served here (TLS_CERT_FILE) or by a proxy in front (PUBLIC_URL https://): secure cookies and HSTS.
  const secure = config.http.publicUrl.startsWith('https://') || config.tls !== undefined;
  const tls = config.tls ? httpsServerOptions(config.tls) : undefined;
  // With TLS the listener is an https.Server; fastify only calls listen/close on it, which both
  // kinds share, so the instance keeps the plain-HTTP type the rest of the code uses.
  const serverFactory: FastifyServerFactory | undefined = tls
    ? (handler, options) => {
        const server = createHttpsServer(tls, handler);
        // What fastify sets on the servers it creates itself.
        const { keepAliveTimeout, requestTimeout, connectionTimeout } = options as { keepAliveTimeout?: unknown; requestTimeout?: unknown; connectionTimeout?: unknown };
        if (typeof keepAliveTimeout === 'number') server.keepAliveTimeout = keepAliveTimeout;
        if (typeof requestTimeout === 'number') server.requestTimeout = requestTimeout;
        if (typeof connectionTimeout === 'number') server.setTimeout(connectionTimeout);
        return server as unknown as HttpServer;
      }
    : undefined;
  const app = Fastify({
    serverFactory,
    // pino's Logger is a FastifyBaseLogger; the cast keeps the instance's type the default one.
    loggerInstance: deps.logger as FastifyBaseLogger,
    trustProxy: config.http.trustProxy,
    bodyLimit: 1_048_576,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Requests are logged once, on response, with secrets removed from the URL (see onResponse).
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 200 },
  });

  const routes = enforceDeclaredRoutes(app);

  app.setValidatorCompiler(({ schema }) => (data) => {
    // Text with control characters (NUL above all, which PostgreSQL refuses) is bad input
    // everywhere: refuse it as a field error before any schema or database sees it.
    const controls = controlCharacterIssues(data);
    if (controls.length > 0) return { error: new RequestValidationError(controls, data) };
    const result = (schema as z.ZodType).safeParse(data);
    return result.success ? { value: result.data } : { error: new RequestValidationError(result.error.issues, data) };
  });
  app.setSerializerCompiler(serializerCompiler);

  app.decorateRequest('lang', 'ja');
  app.decorateRequest('actor', null);
  app.decorateRequest('staff', null);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine injects its CSS variables in style tags; scripts stay strictly 'self'.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: secure ? [] : null,
      },
    },
    hsts: secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // As frame-ancestors 'none' says, also for answers with a CSP of their own (file downloads).
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie);
  // File uploads arrive as the raw file body (see files/uploads.ts) and stay a stream; routes
  // that take a JSON body schema refuse that type as before.
  // CSV and Excel files (the process service's master-data import) arrive the same way.
  app.addContentTypeParser(['application/octet-stream', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], (request, payload, done) => {
    if (request.routeOptions.schema?.body) done(new AppError('request.unsupported_media_type'), undefined);
    else done(null, payload);
  });
  // On PostgreSQL the counters live in the database, shared by every app node.
  await app.register(fastifyRateLimit, {
    global: true,
    max: 600,
    timeWindow: 60_000,
    ...(deps.db.kind === 'postgres' ? { store: sharedRateLimitStore(deps.db, deps.logger) } : {}),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sotas suite API',
        version: '1',
        description: 'Multi-tenant API of 工程管理 (process), データベース (catalog) and 化学調査 (survey). State-changing requests need the x-csrf-token header (GET /api/csrf).',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } },
      },
    },
    transform: jsonSchemaTransform,
    hideUntagged: false,
  });

  app.addHook('onRequest', async (request) => {
    request.lang = negotiateLang(request.headers['accept-language']);
  });

  // Access before validation: an unauthenticated caller learns nothing from field errors.
  app.addHook('preValidation', async (request) => {
    const declaration = request.routeOptions.config.declaration;
    if (!declaration) throw new AppError('route.not_found');
    checkCsrf(request);
    if ('public' in declaration.access) return;
    if ('staff' in declaration.access) {
      // The operator API does not exist for anyone but signed-in staff: 404, not 401/403.
      const staff = await resolveStaffSession(deps.db, deps.clock, request.cookies[STAFF_SESSION_COOKIE]);
      if (!staff) throw new AppError('route.not_found');
      if (declaration.access.staff !== 'ops:self' && !staffPermissionsOf(staff.roles).has(declaration.access.staff as StaffPermission)) {
        throw new AppError('auth.forbidden', { internal: `staff lacks ${declaration.access.staff}` });
      }
      request.staff = staff;
      return;
    }
    const actor = await resolveSession(deps.db, deps.clock, config.session, request.cookies[SESSION_COOKIE]);
    if (!actor) throw new AppError('auth.required');
    const permission = declaration.access.user;
    // A user who must change their password (initial or temporary one) may only use the
    // routes that act on their own account until they do.
    if (actor.mustChangePassword && permission !== 'self') throw new AppError('auth.password_change_required');
    if (permission !== 'self' && !deps.registry.permissionsOf(actor.memberships).has(permission)) {
      throw new AppError('auth.forbidden', { internal: `missing permission ${permission}` });
    }
    request.actor = actor;
  });

  // API answers carry tenant or personal data (errors too): no browser or shared cache keeps
  // them. Routes that set their own Cache-Control (downloads) keep it.
  app.addHook('onSend', async (request, reply) => {
    if (API_PATH.test(request.url) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { method: request.method, url: redactUrl(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  installErrorHandler(app);
  app.setNotFoundHandler(async (request) => {
    throw new AppError(request.url.startsWith('/api') ? 'route.not_found' : 'not_found');
  });

  return { app, routes };
}

messages.add({
  'validation.too_deep': {
    ja: '入れ子が深すぎるデータは受け付けられません。構造を見直してから送信してください。',
    en: 'The data is nested too deeply. Simplify its structure and send again.',
  },
  'validation.control_characters': {
    ja: '制御文字（NUL など）は入力できません。文字を取り除いてから送信してください。',
    en: 'Control characters (such as NUL) are not allowed. Remove them and send again.',
  },
});

// C0 controls except tab, line feed and carriage return, and DEL.
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const MAX_NESTING = 64;

/** One issue per string value (at any depth) that holds a control character. */
export function controlCharacterIssues(data: unknown, path: PropertyKey[] = []): z.core.$ZodIssue[] {
  // No form nests this deep; walking an attacker's 20,000 levels would overflow the stack (a 500).
  if (path.length > MAX_NESTING) return [{ code: 'custom', path: path.slice(0, MAX_NESTING) as (string | number)[], message: messageKey('validation.too_deep'), input: undefined }];
  if (typeof data === 'string') {
    return CONTROL_CHARACTERS.test(data) ? [{ code: 'custom', path: path as (string | number)[], message: messageKey('validation.control_characters'), input: data }] : [];
  }
  if (Array.isArray(data)) return data.flatMap((item, i) => controlCharacterIssues(item, [...path, i]));
  if (data && typeof data === 'object') {
    return Object.entries(data as Record<string, unknown>).flatMap(([key, value]) => controlCharacterIssues(value, [...path, key]));
  }
  return [];
}
