// Truncated and bit-flipped real captures through the whole session (core, SDP, Opus filler):
// each either decodes completely or fails with a typed AppError — never anything else.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors.js';
import { createNodeCore } from '../../src/worker/core-node.js';
import { DecodeSession } from '../../src/worker/decode-session.js';

const CAPTURES = 'test/fixtures/captures';
const files = existsSync(CAPTURES) ? readdirSync(CAPTURES).filter((f) => /\.pcap(ng)?$/.test(f)).sort() : [];

describe.runIf(files.length > 0)('damaged captures through DecodeSession', () => {
  it('decode fully or fail typed', async () => {
    let seed = 20261126;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const core = await createNodeCore();
    const outcomes = new Map<string, number>();
    for (const f of files) {
      const orig = readFileSync(join(CAPTURES, f));
      for (let k = 0; k < 6; k++) {
        const b = new Uint8Array(orig);
        let bytes: Uint8Array = b;
        if (k % 2 === 0) bytes = b.subarray(0, Math.floor(rnd() * b.length));
        else for (let j = 0; j < 20; j++) b[Math.floor(rnd() * b.length)] ^= 1 << Math.floor(rnd() * 8);
        const s = new DecodeSession(core);
        let outcome: string;
        try {
          const info = await s.open(bytes);
          let frames = 0;
          for await (const c of s.chunks()) frames += c.left.length;
          expect(frames, `${f} case ${k}`).toBe(info.frames);
          outcome = 'decoded';
        } catch (e) {
          expect(e, `${f} case ${k}: ${String(e)}`).toBeInstanceOf(AppError);
          outcome = (e as AppError).code;
        }
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }
    expect(outcomes.get('decoded') ?? 0).toBeGreaterThan(files.length);
    expect([...outcomes.keys()].every((k) => ['decoded', 'not-a-capture', 'bad-header', 'no-audio'].includes(k))).toBe(true);
  });
});
