// Builds the two myApps pages with the project's vite config into a private folder (once per test file).
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..', '..');

export async function buildMyAppsPages(extra: Record<string, string> = {}): Promise<{ dir: string; remove(): void }> {
  const dir = join(root, '.tmp', `myapps-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const input: Record<string, string> = {
    'innovaphone-recordings.htm': join(root, 'innovaphone-recordings.htm.html'),
    'innovaphone-recordingsadmin.htm': join(root, 'innovaphone-recordingsadmin.htm.html'),
  };
  for (const [k, v] of Object.entries(extra)) input[k] = join(root, v);
  await build({
    root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production',
    build: { outDir: dir, emptyOutDir: true, sourcemap: false, rolldownOptions: { input } },
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
