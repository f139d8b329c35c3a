import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { z } from 'zod';

/**
 * Who may call a route (white paper 9.4.4: no route without an explicit declaration).
 * - `public`: no sign-in; the string says why that is safe.
 * - `user`: a signed-in tenant user holding the permission (`self` = any signed-in user,
 *   acting on their own session or account only).
 * - `staff`: a signed-in staff member holding the staff permission; anyone else gets 404.
 */
export type Access = { public: string } | { user: string } | { staff: string };

/**
 * What the route writes to the event log. State-changing routes name the audit action
 * their command records in its transaction; only reads may be `readOnly`.
 */
export type AuditDeclaration = { action: string } | { readOnly: true };

export interface RouteDeclaration {
  access: Access;
  audit: AuditDeclaration;
  /** Double-submit CSRF check on state-changing methods; only routes for outsiders without a session turn it off, saying why. */
  csrf?: { exempt: string };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    declaration?: RouteDeclaration;
  }
}

type ZodAny = z.ZodType;
type Out<S> = S extends ZodAny ? z.output<S> : unknown;

export interface RouteSchemas {
  params?: ZodAny;
  querystring?: ZodAny;
  body?: ZodAny;
  response?: Record<number, ZodAny>;
}

/** The request a handler sees: params, query and body already parsed by their schemas. */
export type RouteRequest<S extends RouteSchemas> = Omit<FastifyRequest, 'params' | 'query' | 'body'> & {
  params: Out<S['params']>;
  query: Out<S['querystring']>;
  body: Out<S['body']>;
};

export interface RouteSpec<S extends RouteSchemas> extends RouteDeclaration {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** One line for the OpenAPI description. */
  summary: string;
  tags?: string[];
  schema?: S;
  /** Per-route rate limit (requests per minute per IP), tighter than the global one. */
  rateLimitPerMinute?: number;
  handler: (request: RouteRequest<S>, reply: FastifyReply) => Promise<unknown>;
}

/** Registers declared routes; the only way routes are added to the server. */
export interface RouteRegistrar {
  route<S extends RouteSchemas>(spec: RouteSpec<S>): void;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/**
 * Why a declaration is not acceptable, or undefined when it is. Used at registration
 * (the route is refused) and by the server's onRoute hook (any route added some other
 * way is refused too).
 */
export function declarationProblem(method: string, declaration: RouteDeclaration | undefined): string | undefined {
  if (!declaration) return 'it declares no access and audit action';
  const { access, audit } = declaration;
  if (!access || typeof access !== 'object') return 'its access declaration is missing';
  if ('public' in access) {
    if (typeof access.public !== 'string' || access.public.trim().length < 3) return 'a public route must say why it is public';
  } else if ('user' in access) {
    if (typeof access.user !== 'string' || !access.user) return 'a user route must name its permission';
  } else if ('staff' in access) {
    if (typeof access.staff !== 'string' || !access.staff.startsWith('ops:')) return 'a staff route must name its ops: permission';
  } else {
    return 'its access declaration is neither public, user nor staff';
  }
  if (!audit || typeof audit !== 'object') return 'its audit declaration is missing';
  if ('action' in audit) {
    if (!ACTION.test(audit.action)) return `audit action "${audit.action}" is not a dotted lower-case name`;
  } else if (!('readOnly' in audit) || audit.readOnly !== true) {
    return 'its audit declaration is neither an action nor readOnly';
  }
  const methods = Array.isArray(method) ? method : [method];
  if (methods.some((m) => UNSAFE.has(String(m).toUpperCase())) && 'readOnly' in audit) {
    return 'a state-changing route must name the audit action it records';
  }
  return undefined;
}

/** A registrar over one Fastify instance (or an encapsulated child for a service prefix). */
export function createRegistrar(
  app: FastifyInstance,
  options: { prefix?: string; permissionExists?: (permission: string) => boolean } = {},
): RouteRegistrar {
  return {
    route(spec) {
      const url = `${options.prefix ?? ''}${spec.url}`;
      const declaration: RouteDeclaration = { access: spec.access, audit: spec.audit, ...(spec.csrf ? { csrf: spec.csrf } : {}) };
      const problem = declarationProblem(spec.method, declaration);
      if (problem) throw new Error(`Route ${spec.method} ${url} refused: ${problem}.`);
      const permission = 'user' in spec.access ? spec.access.user : 'staff' in spec.access ? spec.access.staff : 'self';
      if (permission !== 'self' && options.permissionExists && !options.permissionExists(permission)) {
        throw new Error(`Route ${spec.method} ${url} refused: permission "${permission}" is not declared by any service or the platform.`);
      }
      const route: RouteOptions = {
        method: spec.method,
        url,
        schema: { summary: spec.summary, tags: spec.tags ?? [], ...(spec.schema ?? {}) },
        config: {
          declaration,
          ...(spec.rateLimitPerMinute ? { rateLimit: { max: spec.rateLimitPerMinute, timeWindow: 60_000 } } : {}),
        },
        // The typed request is the same object; fastify's own handler type cannot carry the zod output types.
        handler: spec.handler as unknown as RouteOptions['handler'],
      };
      app.route(route);
    },
  };
}

export interface RouteRecord {
  method: string;
  url: string;
  declaration: RouteDeclaration | undefined;
  /** The route's own limit (requests per minute per address), when it has one. */
  rateLimitPerMinute?: number;
}

/**
 * Refuses, on this instance and its children, every route that lacks a valid declaration
 * (however it was added), and records each route for the route-walk test.
 */
export function enforceDeclaredRoutes(app: FastifyInstance): RouteRecord[] {
  const records: RouteRecord[] = [];
  app.addHook('onRoute', (route) => {
    const method = Array.isArray(route.method) ? route.method.join(',') : String(route.method);
    const problem = declarationProblem(method, route.config?.declaration);
    if (problem) throw new Error(`Route ${method} ${route.url} refused: ${problem}. Register routes through createRegistrar().`);
    // The rate-limit plugin's route option, as createRegistrar writes it.
    const limit = (route.config as { rateLimit?: { max?: unknown } } | undefined)?.rateLimit?.max;
    records.push({ method, url: route.url, declaration: route.config?.declaration, ...(typeof limit === 'number' ? { rateLimitPerMinute: limit } : {}) });
  });
  return records;
}
