// Builds the WASM core once before any suite, so tests always run the current source.
// Built into a private folder and renamed into place: several test runs may build at once.
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export default function setup(): void {
  const tmp = join('.tmp', `wasm-${process.pid}`);
  mkdirSync(tmp, { recursive: true });
  mkdirSync(join('wasm', 'build'), { recursive: true });
  try {
    execFileSync('npx', ['asc', 'wasm/assembly/index.ts', '--config', 'wasm/asconfig.json', '--target', 'release',
      '--outFile', join(tmp, 'decoder.wasm'), '--textFile', join(tmp, 'decoder.wat')], { stdio: 'inherit' });
    renameSync(join(tmp, 'decoder.wasm'), join('wasm', 'build', 'decoder.wasm'));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
