export { buildHttpServer, type BuiltServer } from './server.js';
export { buildOpsListener } from './opsListener.js';
export { registerPlatformRoutes } from './platformRoutes.js';
export { registerWebApp, WEB_DIST } from './staticWeb.js';
export { createRegistrar, declarationProblem, enforceDeclaredRoutes, type Access, type AuditDeclaration, type RouteDeclaration, type RouteRecord, type RouteRegistrar, type RouteRequest, type RouteSpec } from './routes.js';
export { originOf, requireActor, requireStaff, type ModuleDeps, type ServerDeps } from './context.js';
export { CSRF_COOKIE, CSRF_HEADER } from './csrf.js';
export { RequestValidationError, type ErrorBody } from './errorHandler.js';
export { registerMailboxRoute } from './mailboxRoute.js';
