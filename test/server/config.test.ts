import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/server/config.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'rec-cfg-'));

describe('configuration (SPEC §3)', () => {
  it('defaults', () => {
    const d = tmp();
    const c = loadConfig({ RECORDINGS_DATA_DIR: d });
    expect(c).toMatchObject({ port: 8080, domain: 'example.com', instance: 'recordings', databaseUrl: null, uploadUser: null, demo: true, uploadCapBytes: 100 * 1024 * 1024 });
    rmSync(d, { recursive: true });
  });

  it('generates the instance password once, stores it in the data dir, and reuses it', () => {
    const d = tmp();
    const a = loadConfig({ RECORDINGS_DATA_DIR: d });
    expect(a.passwordGenerated).toBe(true);
    expect(a.password.length).toBeGreaterThanOrEqual(16);
    expect(readFileSync(join(d, 'instance-password'), 'utf8').trim()).toBe(a.password);
    const b = loadConfig({ RECORDINGS_DATA_DIR: d });
    expect(b).toMatchObject({ password: a.password, passwordGenerated: false });
    expect(loadConfig({ RECORDINGS_DATA_DIR: d, RECORDINGS_PASSWORD: 'given' }).password).toBe('given');
    expect(loadConfig({ RECORDINGS_DATA_DIR: d, RECORDINGS_LICENSES: '*' }).licenseList).toEqual(['*']);
    expect(loadConfig({ RECORDINGS_DATA_DIR: d, RECORDINGS_LICENSES: 'alice, bob' }).licenseList).toEqual(['alice', 'bob']);
    rmSync(d, { recursive: true });
  });

  const invalid: [Record<string, string>, string][] = [
    [{ PORT: 'eighty' }, 'PORT'], [{ PORT: '70000' }, 'PORT'], [{ RECORDINGS_DOMAIN: 'a/b' }, 'RECORDINGS_DOMAIN'],
    [{ RECORDINGS_INSTANCE: '..' }, 'RECORDINGS_INSTANCE'], [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ RECORDINGS_UPLOAD_USER: 'phone' }, 'RECORDINGS_UPLOAD_PASSWORD'], [{ RECORDINGS_DEMO: 'yes' }, 'RECORDINGS_DEMO'],
    [{ RECORDINGS_UPLOAD_MAX_MB: '0' }, 'RECORDINGS_UPLOAD_MAX_MB'], [{ RECORDINGS_HOST: 'a b' }, 'RECORDINGS_HOST'],
    [{ RECORDINGS_HOST_PAGE: 'maybe' }, 'RECORDINGS_HOST_PAGE'], [{ RECORDINGS_UPLOAD_IDLE_S: '0' }, 'RECORDINGS_UPLOAD_IDLE_S'],
    [{ RECORDINGS_LICENSES: 'alice,b c' }, 'RECORDINGS_LICENSES'],
  ];
  for (const [env, name] of invalid) {
    it(`refuses ${JSON.stringify(env)} naming ${name}`, () => {
      const d = tmp();
      try {
        loadConfig({ RECORDINGS_DATA_DIR: d, ...env });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        expect((e as ConfigError).variable).toBe(name);
      }
      rmSync(d, { recursive: true });
    });
  }

  it('the serve command stops with one line naming the variable and exit code 1', () => {
    const d = tmp();
    const r = spawnSync(process.execPath, ['bin/recordings.mjs', 'serve'], { env: { ...process.env, RECORDINGS_DATA_DIR: d, PORT: 'abc' }, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PORT/);
    rmSync(d, { recursive: true });
  });
});
