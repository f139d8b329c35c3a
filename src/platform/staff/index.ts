export * from './roles.js';
export * from './sessions.js';
export * from './login.js';
export { registerStaffAuthRoutes } from './routes.js';
export { registerTenantSecurityRoutes, requestReferenceSchema } from './tenantSecurityRoutes.js';
export { registerStaffTenantRoutes } from './tenantRoutes.js';
export { registerStaffAccountRoutes } from './accountRoutes.js';
