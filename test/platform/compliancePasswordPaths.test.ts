import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPassword } from '../../src/platform/identity/index.js';
import { PASSWORD_PATHS, passwordProbes } from '../../src/platform/compliance/index.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** Files allowed to hash a password without being a password-setting path. */
const NOT_SETTING = ['src/platform/identity/passwordHashing.ts', 'src/platform/staff/login.ts', 'src/demo.ts'];

describe('every password-setting path uses the one validator (9.2.3)', () => {
  it.each(PASSWORD_PATHS.map((p) => [p.id, p] as const))('%s calls its validator', (_id, p) => {
    const text = readFileSync(p.file, 'utf8');
    expect(text).toMatch(new RegExp(`\\b${p.validator}\\b`));
  });

  it('lists every file that hashes a new password', () => {
    const listed = new Set([...PASSWORD_PATHS.map((p) => p.file), ...NOT_SETTING]);
    const hashing = sourceFiles('src').filter((f) => /\bhashPassword\(/.test(readFileSync(f, 'utf8')));
    // staffInvitations.ts hashes the password its route validated with staffSetupSchema (accountRoutes.ts).
    expect(hashing.filter((f) => !listed.has(f) && f !== 'src/platform/staff/staffInvitations.ts')).toEqual([]);
  });

  it('the validator entry points all end in checkPassword', () => {
    expect(readFileSync('src/platform/identity/passwordChange.ts', 'utf8')).toMatch(/assertPasswordPolicy[\s\S]*addPasswordIssues/);
    expect(readFileSync('src/platform/members/memberContext.ts', 'utf8')).toMatch(/assertPasswordPolicy[\s\S]*addPasswordIssues/);
    expect(readFileSync('src/platform/identity/staffBootstrap.ts', 'utf8')).toMatch(/staffSetupSchema[\s\S]*addPasswordIssues/);
    expect(readFileSync('src/platform/identity/passwordPolicy.ts', 'utf8')).toMatch(/function addPasswordIssues[\s\S]*checkPassword\(/);
  });

  it('the live probes match the rule', () => {
    for (const [password, accepted] of passwordProbes(10, 31)) expect(checkPassword(password).length === 0, password).toBe(accepted);
  });
});
