import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/core/config.js';
import { createLogger } from '../../src/core/logger.js';
import { seedDemo } from '../../src/demo.js';
import { systemClock } from '../../src/core/clock.js';
import { TestClient } from '../support/app.js';

describe('embedded database under DATA_DIR', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sotas-persist-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', METRICS_PORT: '0' });

  it('keeps its data across a restart', async () => {
    const first = await createApp({ config, logger: createLogger('silent') });
    const seeded = await seedDemo(first.db, systemClock);
    expect(seeded.created).toHaveLength(2);
    await first.close();

    const second = await createApp({ config, logger: createLogger('silent') });
    try {
      const again = await seedDemo(second.db, systemClock);
      expect(again).toEqual({ created: [], existing: ['DEMO-CHEM', 'DEMO-RESIN'] });
      const account = seeded.created[0]!;
      const client = new TestClient(second);
      const res = await client.login(account.companyCode, account.email, account.password);
      expect(res.statusCode).toBe(200);
      expect(res.json().user.memberships.map((m: { service: string }) => m.service)).toEqual(['catalog', 'process', 'survey']);
      // Both demo tenants publish and read as paid subscribers in データベース.
      const search = await client.get('/api/catalog/search');
      expect(search.statusCode).toBe(200);
      expect(search.json().plan).toEqual({ publisher: true, subscription: 'paid' });
    } finally {
      await second.close();
    }
  });
});
