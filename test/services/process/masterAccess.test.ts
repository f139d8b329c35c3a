import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../../support/db.js';
import { buildTenant, buildUser } from '../../support/factories.js';
import type { TestClient } from '../../support/app.js';
import { masterState, openMasterWorld, WEEKDAY_HOURS, type MasterWorld } from './masterSetup.js';

interface Graph {
  item: { id: string; version: number };
  component: { id: string };
  formula: { id: string; version: number };
  workstation: { id: string; version: number };
  routing: { id: string; version: number };
}

async function buildGraph(client: TestClient, prefix: string, classification: 'general' | 'confidential' = 'general', namedUsers: string[] = []): Promise<Graph> {
  const post = async (url: string, body: unknown) => {
    const res = await client.post(`/api/process${url}`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const { item } = await post('/items', { code: `${prefix}-P`, name: `${prefix} 製品`, kind: 'product', unit: 'kg', classification, namedUsers });
  const { item: component } = await post('/items', { code: `${prefix}-M`, name: `${prefix} 原料`, kind: 'raw', unit: 'kg' });
  const { formula } = await post('/formulas', { itemId: item.id, code: `${prefix}-F`, name: '配合', baseQuantity: 100, lines: [{ componentItemId: component.id, quantity: 100 }] });
  const { workstation } = await post('/workstations', { code: `${prefix}-W`, name: '設備', workHours: WEEKDAY_HOURS });
  const { routing } = await post('/routings', { itemId: item.id, code: `${prefix}-R`, name: '工程', steps: [{ name: '押出', workstationId: workstation.id, timeBasis: 'per_unit', standardMinutes: 1 }] });
  return { item, component, formula, workstation, routing };
}

/** Every master route that takes an id, with a body valid enough to reach the lookup. */
function idRoutes(g: Graph, other: Graph): [string, string, unknown?][] {
  return [
    ['GET', `/items/${g.item.id}`],
    ['PUT', `/items/${g.item.id}`, { version: g.item.version, name: '書換え' }],
    ['DELETE', `/items/${g.item.id}`],
    ['GET', `/formulas/${g.formula.id}`],
    ['PUT', `/formulas/${g.formula.id}`, { itemId: other.item.id, code: 'X-F', name: 'x', baseQuantity: 1, version: g.formula.version, lines: [{ componentItemId: other.component.id, quantity: 1 }] }],
    ['DELETE', `/formulas/${g.formula.id}`],
    ['GET', `/workstations/${g.workstation.id}`],
    ['PUT', `/workstations/${g.workstation.id}`, { code: 'X-W', name: 'x', workHours: {}, version: g.workstation.version }],
    ['DELETE', `/workstations/${g.workstation.id}`],
    ['GET', `/routings/${g.routing.id}`],
    ['PUT', `/routings/${g.routing.id}`, { itemId: other.item.id, code: 'X-R', name: 'x', version: g.routing.version, steps: [{ name: 'a', workstationId: other.workstation.id, timeBasis: 'per_unit', standardMinutes: 1 }] }],
    ['DELETE', `/routings/${g.routing.id}`],
  ];
}

describe(`process master access: labels, roles, tenants (${testDatabaseKind()})`, { timeout: 180_000 }, () => {
  let world: MasterWorld;
  let graph: Graph;
  let secret: Graph;
  let named: TestClient;
  let namedId: string;
  beforeAll(async () => {
    world = await openMasterWorld();
    const namedUser = await buildUser(world.tdb.db, world.tenant, { memberships: [{ service: 'process', role: 'member' }] });
    namedId = namedUser.id;
    named = await world.clientFor(namedUser);
    graph = await buildGraph(world.adminClient, 'A');
    secret = await buildGraph(world.adminClient, 'S', 'confidential', [namedUser.id]);
  }, 300_000);
  afterAll(async () => {
    await world.close();
  });

  it('hides a confidential item, its formulas and routings from a member not named on it', async () => {
    const codes = async (client: TestClient, url: string, key: string) => ((await client.get(`/api/process${url}`)).json()[key] as { code: string }[]).map((r) => r.code);
    expect(await codes(world.memberClient, '/items', 'items')).toEqual(['A-M', 'A-P', 'S-M']);
    expect(await codes(world.memberClient, '/formulas', 'formulas')).toEqual(['A-F']);
    expect(await codes(world.memberClient, '/routings', 'routings')).toEqual(['A-R']);
    expect((await world.memberClient.get('/api/process/items')).json().total).toBe(3);
    for (const url of [`/items/${secret.item.id}`, `/formulas/${secret.formula.id}`, `/routings/${secret.routing.id}`]) {
      const res = await world.memberClient.get(`/api/process${url}`);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    for (const client of [named, world.adminClient]) {
      expect(await codes(client, '/items', 'items')).toEqual(['A-M', 'A-P', 'S-M', 'S-P']);
      expect(await codes(client, '/formulas', 'formulas')).toEqual(['A-F', 'S-F']);
      expect(await codes(client, '/routings', 'routings')).toEqual(['A-R', 'S-R']);
      const item = (await client.get(`/api/process/items/${secret.item.id}`)).json().item;
      expect(item).toMatchObject({ classification: 'confidential', namedUsers: [namedId] });
      expect((await client.get(`/api/process/routings/${secret.routing.id}`)).statusCode).toBe(200);
    }
  });

  it('lets a member read master data but refuses every change with 403, changing nothing', async () => {
    for (const url of ['/items', '/formulas', '/workstations', '/routings', `/items/${graph.item.id}`, `/formulas/${graph.formula.id}`, `/workstations/${graph.workstation.id}`, `/routings/${graph.routing.id}`, '/import/routings/template?format=csv']) {
      expect((await world.memberClient.get(`/api/process${url}`)).statusCode, url).toBe(200);
    }
    const before = await masterState(world);
    const writes: [string, string, unknown?][] = [
      ['POST', '/items', { code: 'M-1', name: 'x', kind: 'raw', unit: 'kg' }],
      ['POST', '/formulas', { itemId: graph.item.id, code: 'M-F', name: 'x', baseQuantity: 1, lines: [{ componentItemId: graph.component.id, quantity: 1 }] }],
      ['POST', '/workstations', { code: 'M-W', name: 'x', workHours: {} }],
      ['POST', '/routings', { itemId: graph.item.id, code: 'M-R', name: 'x', steps: [{ name: 'a', workstationId: graph.workstation.id, timeBasis: 'per_unit', standardMinutes: 1 }] }],
      ...idRoutes(graph, graph).filter(([method]) => method !== 'GET'),
    ];
    for (const [method, url, body] of writes) {
      const res = await world.memberClient.request(method as 'POST', `/api/process${url}`, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe('auth.forbidden');
    }
    const imported = await world.memberClient.request('POST', '/api/process/import/items', '\uFEFF品目コード,品目名,区分,単位\r\nM-2,x,原料,kg\r\n', { 'content-type': 'text/csv' });
    expect(imported.statusCode).toBe(403);
    expect(await masterState(world)).toEqual(before);
  });

  it('answers 404 to another tenant for every master route with an id, and changes nothing', async () => {
    const otherTenant = await buildTenant(world.tdb.db);
    const otherAdmin = await buildUser(world.tdb.db, otherTenant, { memberships: [{ service: 'process', role: 'admin' }] });
    const other = await world.clientFor(otherAdmin);
    const own = await buildGraph(other, 'B');
    const before = await masterState(world);
    const otherBefore = await masterState(world, otherTenant.id);
    for (const [method, url, body] of idRoutes(graph, own)) {
      const res = await other.request(method as 'GET', `/api/process${url}`, body);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    // Ids of the first tenant used as references inside the other tenant's own records are unknown there.
    const formula = await other.post('/api/process/formulas', { itemId: own.item.id, code: 'B-F2', name: 'x', baseQuantity: 1, lines: [{ componentItemId: graph.component.id, quantity: 1 }] });
    expect(formula.statusCode).toBe(400);
    expect(formula.json().error.fields['lines.0.componentItemId']).toBe('この品目は登録されていません。');
    const routing = await other.post('/api/process/routings', { itemId: graph.item.id, code: 'B-R2', name: 'x', steps: [{ name: 'a', workstationId: graph.workstation.id, timeBasis: 'per_unit', standardMinutes: 1 }] });
    expect(Object.keys(routing.json().error.fields).sort()).toEqual(['itemId', 'steps.0.workstationId']);
    const imported = await other.request('POST', '/api/process/import/formulas', '配合コード,配合名,品目コード,基準量,構成品目コード,数量\r\nB-F3,x,A-P,1,A-M,1\r\n', { 'content-type': 'text/csv' });
    expect(imported.statusCode).toBe(422);
    expect(imported.json().errors.map((e: { column: string }) => e.column)).toEqual(['品目コード', '構成品目コード']);
    // Lists show only the tenant's own rows.
    expect((await other.get('/api/process/items')).json().items.map((i: { code: string }) => i.code)).toEqual(['B-M', 'B-P']);
    expect((await other.get('/api/process/workstations')).json().total).toBe(1);
    expect(await masterState(world)).toEqual(before);
    expect(await masterState(world, otherTenant.id)).toEqual(otherBefore);
  });
});
