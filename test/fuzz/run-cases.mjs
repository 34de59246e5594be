// Drives fuzz-worker.mjs with a watchdog: a case that takes longer than `caseTimeoutMs`
// is a hang. Failing inputs are written to .tmp/fuzz-failures/ for replay.
import { Worker } from 'node:worker_threads';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

/**
 * Runs `count` cases from `first` over the given seed captures.
 * Resolves { cases, byOutcome, failures: [{ i, name, detail, file }] }.
 */
export function runFuzz({ seeds, first = 1, count, caseTimeoutMs = 5000 }) {
  return new Promise((resolvePromise, reject) => {
    const failures = [];
    const byOutcome = { ok: 0, 'typed-error': 0, failure: 0 };
    let cases = 0;
    let last = first - 1;
    const worker = new Worker(resolve(here, 'fuzz-worker.mjs'), { workerData: { seeds, first, count, root } });
    let timer;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const i = last + 1;
        failures.push({ i, name: 'hang', detail: `case ${i} ran longer than ${caseTimeoutMs} ms`, file: '' });
        worker.terminate();
        resolvePromise({ cases, byOutcome, failures });
      }, caseTimeoutMs);
    };
    arm();
    worker.on('message', (m) => {
      if (m.done) { clearTimeout(timer); worker.terminate(); resolvePromise({ cases, byOutcome, failures }); return; }
      arm();
      cases++; last = m.i;
      byOutcome[m.outcome]++;
      if (m.outcome === 'failure') {
        mkdirSync(resolve(root, '.tmp/fuzz-failures'), { recursive: true });
        const file = resolve(root, `.tmp/fuzz-failures/case-${m.i}-${m.name}.pcap`);
        writeFileSync(file, m.bytes);
        failures.push({ i: m.i, name: m.name, detail: m.detail, file });
      }
    });
    worker.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
}
