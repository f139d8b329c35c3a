import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../../support/db.js';
import { masterEvents, masterState, openMasterWorld, type MasterWorld } from './masterSetup.js';

// Creating an item: the unique code decides a taken code (also between two creates at once),
// the answer is the inserted row, and nothing is written when the create is refused.
describe(`process items: create (${testDatabaseKind()})`, { timeout: 180_000 }, () => {
  let world: MasterWorld;
  beforeAll(async () => {
    world = await openMasterWorld();
  }, 300_000);
  afterAll(async () => {
    await world.close();
  });

  it('answers the inserted row with its one audit event', async () => {
    const res = await world.adminClient.post('/api/process/items', { code: 'C-1', name: '作成テスト', kind: 'raw', unit: 'kg', labels: ['輸入'] });
    expect(res.statusCode, res.body).toBe(201);
    const { item } = res.json();
    expect(item).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      code: 'C-1',
      name: '作成テスト',
      kind: 'raw',
      unit: 'kg',
      remarks: '',
      labels: ['輸入'],
      classification: 'general',
      namedUsers: [],
      archived: false,
      version: 1,
      createdAt: world.clock.now().toISOString(),
      updatedAt: world.clock.now().toISOString(),
    });
    expect((await world.adminClient.get(`/api/process/items/${item.id}`)).json().item).toEqual(item);
    const events = (await masterEvents(world, 'process.item.created')).filter((e) => e.target_id === item.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_id: world.admin.id, details: { code: 'C-1', name: '作成テスト', kind: 'raw' } });
  });

  it('answers a taken code with 409 process.code_taken in the user’s language, before other checks, writing nothing', async () => {
    const before = await masterState(world);
    const ja = await world.adminClient.post('/api/process/items', { code: 'C-1', name: '重複', kind: 'product', unit: 'kg' });
    expect(ja.statusCode).toBe(409);
    expect(ja.json().error).toMatchObject({ code: 'process.code_taken', fields: { code: 'このコードは既に使われています。別のコードを入力してください。' } });
    const en = await world.clientFor(world.admin, 'en');
    const withBadNames = await en.post('/api/process/items', { code: 'C-1', name: 'dup', kind: 'raw', unit: 'kg', namedUsers: ['00000000-0000-4000-8000-000000000000'] });
    expect(withBadNames.statusCode).toBe(409);
    expect(withBadNames.json().error.message).toBe('This code is already in use. Enter another code.');
    expect(await masterState(world)).toEqual(before);
  });

  it('lets exactly one of two creates of the same code at once succeed', async () => {
    const body = { code: 'RACE-1', name: '同時作成', kind: 'raw', unit: 'kg' };
    const other = await world.clientFor(world.admin);
    const answers = await Promise.all([world.adminClient.post('/api/process/items', body), other.post('/api/process/items', body)]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const created = answers.find((r) => r.statusCode === 201)!.json().item;
    const events = (await masterEvents(world, 'process.item.created')).filter((e) => (e.details as { code?: string }).code === 'RACE-1');
    expect(events.map((e) => e.target_id)).toEqual([created.id]);
  });

  it('refuses named users who are not active process members with 400, writing nothing', async () => {
    const before = await masterState(world);
    const bad = await world.adminClient.post('/api/process/items', { code: 'N-1', name: '指名', kind: 'raw', unit: 'kg', namedUsers: ['00000000-0000-4000-8000-000000000000'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'validation.failed', fields: { namedUsers: expect.any(String) } });
    expect(await masterState(world)).toEqual(before);
    const named = await world.adminClient.post('/api/process/items', { code: 'N-1', name: '指名', kind: 'raw', unit: 'kg', classification: 'confidential', namedUsers: [world.member.id] });
    expect(named.statusCode, named.body).toBe(201);
    expect(named.json().item).toMatchObject({ code: 'N-1', classification: 'confidential', namedUsers: [world.member.id] });
  });
});
