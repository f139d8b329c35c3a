export * from './passwordPolicy.js';
export { hashPassword, verifyPassword, ARGON2_OPTIONS } from './passwordHashing.js';
export * from './sessions.js';
export * from './login.js';
export * from './staffBootstrap.js';
export * from './mfaGate.js';
export { registerAccountRoutes } from './accountRoutes.js';
export { registerMfaRoutes } from './mfa/routes.js';
