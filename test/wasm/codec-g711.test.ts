// G.711 expansion against ffmpeg's pcm_mulaw / pcm_alaw decoders: all 256 codes.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createNodeCore } from '../../src/worker/core-node.js';
import { fixture, int16 } from './codec-fixtures/load-core.js';

const codes = Uint8Array.from({ length: 256 }, (_, i) => i);
const hasFfmpeg = (() => { try { execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' }); return true; } catch { return false; } })();

describe('G.711', () => {
  it.each([[0, 'ulaw-all.s16'], [1, 'alaw-all.s16']] as const)('law %i matches the committed ffmpeg expansion of all 256 codes', async (law, ref) => {
    const core = await createNodeCore();
    core.reset(0);
    const out = core.g711(law, codes);
    expect(Array.from(out)).toEqual(Array.from(int16(fixture(ref))));
  });

  it('silence codes decode to the smallest magnitudes', async () => {
    const core = await createNodeCore();
    core.reset(0);
    expect(core.g711(0, Uint8Array.of(0xff))[0]).toBe(0);
    expect(core.g711(1, Uint8Array.of(0xd5))[0]).toBe(8);
    // Extremes of both laws (ITU-T G.711 full scale, 16-bit aligned).
    expect(core.g711(0, Uint8Array.of(0x00, 0x80))).toEqual(Int16Array.of(-32124, 32124));
    expect(core.g711(1, Uint8Array.of(0x2a, 0xaa))).toEqual(Int16Array.of(-32256, 32256));
  });

  it.skipIf(!hasFfmpeg)('matches a fresh ffmpeg decode of random bytes', async () => {
    const core = await createNodeCore();
    core.reset(0);
    const bytes = new Uint8Array(4000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    for (const [law, fmt] of [[0, 'mulaw'], [1, 'alaw']] as const) {
      const ref = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', fmt, '-ar', '8000', '-ac', '1', '-i', '-', '-f', 's16le', '-'], { input: bytes });
      const out = core.g711(law, bytes);
      expect(out.length).toBe(bytes.length);
      expect(Buffer.from(out.buffer, out.byteOffset, out.byteLength).equals(ref)).toBe(true);
    }
  });
});
