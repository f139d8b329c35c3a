import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/core/config.js';

describe('configuration', () => {
  it('has working defaults: embedded database under ./data, port 3000, ops listener on loopback', () => {
    const c = loadConfig({});
    expect(c.http.port).toBe(3000);
    expect(c.http.publicUrl).toBe('http://localhost:3000');
    expect(c.metrics).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(c.database.kind).toBe('pglite');
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.mail.smtpUrl).toBeUndefined();
    expect(Object.isFrozen(c) && Object.isFrozen(c.http)).toBe(true);
  });

  it('uses PostgreSQL when DATABASE_URL is set, and derives the app-role URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://owner:secret@db.example:5432/sotas' });
    expect(c.database).toMatchObject({ kind: 'postgres', ownerUrl: 'postgres://owner:secret@db.example:5432/sotas', appUrl: 'postgres://sotas_app@db.example:5432/sotas' });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ METRICS_PORT: '-1' }, 'METRICS_PORT'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SECURITY_CONTACT: 'nobody' }, 'SECURITY_CONTACT'],
    [{ SESSION_IDLE_MINUTES: '1' }, 'SESSION_IDLE_MINUTES'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY'],
    [{ DATABASE_APP_URL: 'postgres://a@b/c' }, 'DATABASE_APP_URL'],
  ])('refuses %o, naming %s', (env, name) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(name);
    expect((error as ConfigError).message).toContain('README');
  });

  it('lists every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/PORT[\s\S]*LOG_LEVEL/);
  });
});
