import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import type { App } from '../../src/app.js';
import { createRegistrar, declarationProblem, enforceDeclaredRoutes } from '../../src/platform/http/index.js';
import { createTestApp } from '../support/app.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

describe('every route declares its access and audit action (9.4.4)', () => {
  let tdb: TestDatabase;
  let app: App;
  beforeAll(async () => {
    tdb = await openTestDatabase();
    app = await createTestApp(tdb.db);
  });
  afterAll(async () => {
    await app.close();
    await tdb.close();
  });

  it('walks every registered route of both listeners and finds each one declared', () => {
    expect(app.routes.length).toBeGreaterThan(10);
    const undeclared = app.routes.filter((r) => declarationProblem(r.method, r.declaration) !== undefined);
    expect(undeclared).toEqual([]);
    const urls = app.routes.map((r) => `${r.method} ${r.url}`);
    expect(urls).toEqual(expect.arrayContaining(['POST /api/auth/login', 'GET /api/members/:userId', 'GET /metrics', 'GET /health', 'GET /*']));
  });

  it('names an audit action on every state-changing route', () => {
    for (const r of app.routes.filter((x) => /POST|PUT|PATCH|DELETE/.test(x.method))) {
      expect(r.declaration && 'action' in r.declaration.audit, `${r.method} ${r.url}`).toBe(true);
    }
  });

  it('refuses a route added around the registrar', async () => {
    const server = Fastify();
    enforceDeclaredRoutes(server);
    expect(() => server.get('/sneaky', async () => 'x')).toThrow(/refused: it declares no access and audit action/);
    expect(() => server.route({ method: 'POST', url: '/x', config: { declaration: { access: { user: 'self' }, audit: { readOnly: true } } }, handler: async () => 'x' })).toThrow(/must name the audit action/);
    await server.close();
  });

  it('refuses incomplete declarations at registration', () => {
    const server = Fastify();
    const r = createRegistrar(server, { permissionExists: (p) => p === 'process:orders:write' });
    const base = { method: 'POST' as const, url: '/x', summary: 'x', handler: async () => 'x' };
    expect(() => r.route({ ...base, access: { public: '' }, audit: { action: 'x.y' } })).toThrow(/must say why/);
    expect(() => r.route({ ...base, access: { user: 'self' }, audit: { readOnly: true } })).toThrow(/must name the audit action/);
    expect(() => r.route({ ...base, access: { user: 'process:nothing' }, audit: { action: 'process.x' } })).toThrow(/not declared/);
    expect(() => r.route({ ...base, access: { user: 'self' }, audit: { action: 'Bad Action' } })).toThrow(/dotted lower-case/);
    expect(() => r.route({ ...base, access: { user: 'process:orders:write' }, audit: { action: 'process.order.created' } })).not.toThrow();
  });

  it('describes every API route in the OpenAPI document', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    const apiRoutes = app.routes.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD');
    for (const r of apiRoutes) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[r.method.toLowerCase()], `${r.method} ${r.url}`).toBeDefined();
    }
    const login = doc.paths['/api/auth/login']!.post as { requestBody: { content: Record<string, { schema: { required: string[] } }> } };
    expect(login.requestBody.content['application/json']!.schema.required).toEqual(['companyCode', 'email', 'password']);
  });

  it('keeps metrics and health off the public listener', async () => {
    const publicMetrics = await app.http.inject({ method: 'GET', url: '/metrics' });
    expect(publicMetrics.body).not.toContain('nodejs_eventloop_lag_seconds');
    const metrics = await app.ops.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('nodejs_eventloop_lag_seconds');
    expect((await app.ops.inject({ method: 'GET', url: '/ready' })).json()).toEqual({ status: 'ready' });
    expect(app.config.metrics.host).toBe('127.0.0.1');
  });
});
