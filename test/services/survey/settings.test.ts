import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveySettings } from '../../../src/services/survey/products/settings.js';
import { testDatabaseKind } from '../../support/db.js';
import { openSurveyWorld, type SurveyWorld } from './surveyWorld.js';

function ok<T = Record<string, unknown>>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

describe(`survey settings (${testDatabaseKind()})`, { timeout: 120_000 }, () => {
  let world: SurveyWorld;
  beforeAll(async () => {
    world = await openSurveyWorld();
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  const owner = <R>(sql: string, params: unknown[] = []) => world.tdb.db.ownerTransaction(async (tx) => (await tx.query<R>(sql, params)).rows);
  const settingsOf = async (client = world.requester.memberClient) => ok<{ settings: SurveySettings }>(await client.get('/api/survey/settings')).settings;
  const saved: Omit<SurveySettings, 'version'> = {
    companyName: '日本電機株式会社 調達部',
    companyId: '123456789',
    companyIdAuthority: 'DUNS',
    contactName: '調達 一郎',
    contactEmail: 'chousa@nihon-denki.example',
    contactPhone: '03-1234-5678',
    sumTolerancePercent: 1.25,
    remindDaysBefore: 5,
    remindDaysAfter: 2,
  };

  it('shows the defaults with the company’s own name before the first save, to every role', async () => {
    const defaults = {
      companyName: '日本電機株式会社',
      companyId: '',
      companyIdAuthority: '',
      contactName: '',
      contactEmail: '',
      contactPhone: '',
      sumTolerancePercent: 0.5,
      remindDaysBefore: 3,
      remindDaysAfter: 1,
      version: 0,
    };
    expect(await settingsOf()).toEqual(defaults);
    expect(await settingsOf(world.requester.reviewerClient)).toEqual(defaults);
    expect((await settingsOf(world.supplier.adminClient)).companyName).toBe('東邦樹脂株式会社');
    expect(await owner('SELECT 1 FROM survey.settings WHERE tenant_id = $1', [world.requester.tenant.id])).toEqual([]);
  });

  it('lets only admins save; members and reviewers get 403 and nothing is stored', async () => {
    for (const client of [world.requester.memberClient, world.requester.reviewerClient]) {
      const res = await client.request('PUT', '/api/survey/settings', { ...saved, version: 0 });
      expect(res.statusCode).toBe(403);
    }
    expect(await owner('SELECT 1 FROM survey.settings WHERE tenant_id = $1', [world.requester.tenant.id])).toEqual([]);
  });

  it('refuses bad values beside their fields and stores nothing', async () => {
    const res = await world.requester.adminClient.request('PUT', '/api/survey/settings', { ...saved, sumTolerancePercent: 11, contactEmail: 'not-an-address', remindDaysAfter: 1.5, companyName: ' ', version: 0 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({
      sumTolerancePercent: '10以下の値を入力してください。',
      contactEmail: expect.any(String),
      remindDaysAfter: expect.any(String),
      companyName: '入力してください。',
    });
    expect(await owner('SELECT 1 FROM survey.settings WHERE tenant_id = $1', [world.requester.tenant.id])).toEqual([]);
  });

  it('creates the row on the first save, then updates at the version read; stale saves are 409; each save is logged', async () => {
    const first = ok<{ settings: SurveySettings }>(await world.requester.adminClient.request('PUT', '/api/survey/settings', { ...saved, version: 0 })).settings;
    expect(first).toEqual({ ...saved, version: 1 });
    expect(await settingsOf()).toEqual(first);

    const stale = await world.requester.adminClient.request('PUT', '/api/survey/settings', { ...saved, companyName: '別の画面から', version: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('conflict');

    const second = ok<{ settings: SurveySettings }>(await world.requester.adminClient.request('PUT', '/api/survey/settings', { ...saved, sumTolerancePercent: 0, contactPhone: '', version: 1 })).settings;
    expect(second).toMatchObject({ sumTolerancePercent: 0, contactPhone: '', version: 2 });

    const events = await owner<{ actor_id: string; details: Record<string, unknown>; changes: Record<string, unknown> }>(
      `SELECT actor_id, details, changes FROM audit.tenant_events WHERE tenant_id = $1 AND action = 'survey.settings.updated' ORDER BY seq`,
      [world.requester.tenant.id],
    );
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ actor_id: world.requester.admin.id, details: { created: true } });
    expect(events[1]).toEqual({
      actor_id: world.requester.admin.id,
      details: { created: false, fields: ['contactPhone', 'sumTolerancePercent'] },
      changes: { before: { contactPhone: '03-1234-5678', sumTolerancePercent: 1.25 }, after: { contactPhone: '', sumTolerancePercent: 0 } },
    });
    // Another company still sees its own defaults.
    expect(await settingsOf(world.third.memberClient)).toMatchObject({ companyName: '第三化学株式会社', version: 0, sumTolerancePercent: 0.5 });
  });
});
