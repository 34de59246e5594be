// `npm test`: make sure the machine has what the suites need, run every suite once,
// and finish with one plain "N passed, N failed" line.
//
// Two passes: `*.realtime.test.ts` files measure audio as it plays in real time (pitch, position
// rate, how long the sound lasts), which only holds when nothing else competes for the two CPU cores;
// they run after everything else, one file at a time. With arguments (`npm test -- <filter>`) one
// pass runs exactly what was asked.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';
import { ensureDeps } from './setup/ensure-deps.mjs';

await ensureDeps();
mkdirSync('.tmp', { recursive: true });

const REALTIME = 'realtime.test';
const extra = process.argv.slice(2);
const passes = extra.length > 0
  ? [extra]
  : [['--exclude', `**/*.${REALTIME}.ts`], ['--maxWorkers=1', REALTIME]];

let passed = 0, failed = 0, skipped = 0, ok = true;
passes.forEach((args, i) => {
  const report = `.tmp/vitest-report-${i}.json`;
  const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], { stdio: 'inherit' });
  try {
    const j = JSON.parse(readFileSync(report, 'utf8'));
    passed += j.numPassedTests;
    const f = j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0);
    failed += f;
    skipped += j.numPendingTests + (j.numTodoTests ?? 0);
    if (r.status !== 0 || f > 0) ok = false;
  } catch {
    ok = false;
  }
});
console.log(`\ntests: ${passed} passed, ${ok ? failed : Math.max(failed, 1)} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);
