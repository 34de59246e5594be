// Golden results: each fixture's decode (rate, frames, streams, warnings, DTMF, PCM hash) must
// match what `npm run golden` last wrote. Tests never write them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFile, FIXTURES_DIR, goldenOf } from './decode-fixture.js';
import { loadManifest } from './manifest.js';

const manifest = loadManifest();

describe('golden results', () => {
  it.each(manifest.fixtures.map((f) => [f.name, f] as const))('%s', async (name, f) => {
    const path = join(FIXTURES_DIR, 'golden', `${name}.json`);
    expect(existsSync(path), `${path} missing: run npm run golden and review it`).toBe(true);
    const golden = JSON.parse(readFileSync(path, 'utf8'));
    const got = goldenOf(f.file, await decodeFile(join(FIXTURES_DIR, f.file)));
    expect(got).toEqual(golden);
  });
});
