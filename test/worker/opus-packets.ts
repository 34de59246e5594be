// Real Opus packets for tests: ffmpeg's libopus encoder into Ogg, packets cut out of the pages.
import { execFileSync } from 'node:child_process';

export function makeOpusPackets(seconds: number, frameMs = 20): Uint8Array[] {
  const ogg = execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    '-ac', '1', '-c:a', 'libopus', '-b:a', '32k', '-frame_duration', String(frameMs), '-f', 'ogg', '-',
  ], { maxBuffer: 64 << 20 });
  return oggPackets(new Uint8Array(ogg)).slice(2); // OpusHead, OpusTags
}

function oggPackets(b: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let cur: number[] = [];
  let off = 0;
  while (off + 27 <= b.length) {
    if (b[off] !== 0x4f || b[off + 1] !== 0x67 || b[off + 2] !== 0x67 || b[off + 3] !== 0x53) throw new Error('not an Ogg page');
    const nseg = b[off + 26];
    let data = off + 27 + nseg;
    for (let i = 0; i < nseg; i++) {
      const len = b[off + 27 + i];
      for (let j = 0; j < len; j++) cur.push(b[data + j]);
      data += len;
      if (len < 255) { out.push(new Uint8Array(cur)); cur = []; }
    }
    off = data;
  }
  return out;
}
