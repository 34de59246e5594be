// Builds the WASM core and the Node output (dist/) once before any suite, so tests that
// spawn the CLI or a server process, or run the fuzz worker, exercise the current source.
// Built into a private folder and renamed into place: several test runs may build at once.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
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
  // Type errors are reported by tsc and by the tests that load dist/; emitting anyway keeps
  // the suites that do not depend on the broken file running.
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.node.json'], { stdio: 'inherit' });
  } catch {
    process.stderr.write('[global-setup] tsc reported errors (see above); dist/ was still emitted\n');
  }
  // The PBX Manager plugin (dist/plugin), file by file into place for the same reason.
  const ptmp = join(process.cwd(), '.tmp', `plugin-${process.pid}`);
  try {
    execFileSync('npx', ['vite', 'build', '--config', 'plugin/vite.config.ts', '--logLevel', 'warn', '--outDir', ptmp], { stdio: 'inherit' });
    mkdirSync(join('dist', 'plugin'), { recursive: true });
    for (const f of readdirSync(ptmp)) renameSync(join(ptmp, f), join('dist', 'plugin', f));
  } finally {
    rmSync(ptmp, { recursive: true, force: true });
  }
}
