// Shared by the Node and Chromium rare-codec tests: the fixtures, their references and how a
// channel is matched against a reference.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DIR = resolve(import.meta.dirname, '..', 'fixtures', 'rare-codecs');
export const RARE_FIXTURES = [
  { name: 'gsm-pt3', codec: 'GSM' }, { name: 'g726-32-pt2', codec: 'G726' }, { name: 'g726-24-dyn', codec: 'G726' },
  { name: 'g723-pt4', codec: 'G723' }, { name: 'ilbc-30-dyn', codec: 'iLBC' }, { name: 'amr-pt110', codec: 'AMR' },
  { name: 'speex-nb-dyn', codec: 'speex' },
] as const;

export function ref(name: string, side: 'local' | 'remote'): Int16Array {
  const b = readFileSync(join(DIR, `${name}.${side}.s16`));
  return new Int16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
}

/**
 * Where the reference sits in the channel (searched ±40 ms around the stream's start) and how
 * well it matches there: identical samples and SNR in dB (Infinity when exact).
 */
export function match(channel: Int16Array, r: Int16Array, startFrame: number): { offset: number; exact: number; snr: number } {
  let best = { offset: -1, exact: -1, snr: -Infinity };
  for (let off = Math.max(0, startFrame - 320); off <= startFrame + 320; off++) {
    let sig = 0, err = 0, exact = 0;
    for (let i = 0; i < r.length; i++) {
      const d = (channel[off + i] ?? 0) - r[i];
      sig += r[i] * r[i];
      err += d * d;
      if (d === 0) exact++;
    }
    const snr = err === 0 ? Infinity : 10 * Math.log10(sig / err);
    if (snr > best.snr) best = { offset: off, exact, snr };
  }
  return best;
}

