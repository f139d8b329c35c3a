import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function layerMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/layer-boundaries').map((m) => m.message);
}

describe('lint: services → platform → core', () => {
  it.each([
    ['src/platform/http/x.ts', "import { processService } from '../../services/process/index.js';", /platform must not import a service/],
    ['src/core/x.ts', "import { withTenant } from '../platform/tenancy/index.js';", /core must not import platform/],
    ['src/services/process/x.ts', "import { catalogService } from '../catalog/index.js';", /must not import another service/],
    ['src/services/process/x.ts', "import { createSession } from '../../platform/identity/sessions.js';", /through its index/],
    ['src/platform/http/x.ts', "export * from '../identity/login.js';", /through its index/],
    ['src/platform/http/x.ts', "const m = await import('../../services/survey/index.js');", /platform must not import a service/],
    ['src/services/survey/x.ts', "import { createApp } from '../../app.js';", /composition roots/],
  ])('flags %s: %s', async (file, code, expected) => {
    const messages = await layerMessages(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(expected);
  });

  it.each([
    ['src/services/process/x.ts', "import { defineService } from '../../platform/services/index.js';"],
    ['src/services/process/x.ts', "import { AppError } from '../../core/errors.js';"],
    ['src/services/process/x.ts', "import { helper } from './orders/helper.js';"],
    ['src/platform/http/x.ts', "import { resolveSession } from '../identity/index.js';"],
    ['src/platform/http/x.ts', "import { checkCsrf } from './csrf.js';"],
    ['src/app.ts', "import { processService } from './services/process/index.js';"],
  ])('allows %s: %s', async (file, code) => {
    expect(await layerMessages(file, code)).toEqual([]);
  });

  it('finds no violation in the project itself', async () => {
    const results = await eslint.lintFiles(['src/**/*.ts']);
    const violations = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'layers/layer-boundaries').map((m) => `${r.filePath}:${m.line} ${m.message}`));
    expect(violations).toEqual([]);
  });
});
