// Opus packet durations from the TOC byte (RFC 6716 §3.1) against packets ffmpeg's libopus
// wrote into Ogg (granule positions are the independent truth), plus malformed packets.
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, rawCore, type CodecExports } from './codec-fixtures/load-core.js';

interface Page { granule: bigint; packets: Uint8Array[] }

/** Pages with the packets that end on them (continued packets joined). */
function oggPages(b: Uint8Array): Page[] {
  const pages: Page[] = [];
  let cur: number[] = [];
  let off = 0;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  while (off + 27 <= b.length) {
    expect(String.fromCharCode(...b.subarray(off, off + 4))).toBe('OggS');
    const nseg = b[off + 26];
    const page: Page = { granule: v.getBigInt64(off + 6, true), packets: [] };
    let data = off + 27 + nseg;
    for (let i = 0; i < nseg; i++) {
      const len = b[off + 27 + i];
      cur.push(...b.subarray(data, data + len));
      data += len;
      if (len < 255) { page.packets.push(Uint8Array.from(cur)); cur = []; }
    }
    pages.push(page);
    off = data;
  }
  return pages;
}

let x: CodecExports;
beforeAll(async () => { x = await rawCore(); });

function samples(p: Uint8Array | number[]): number {
  const bytes = Uint8Array.from(p);
  const s = x.scratchPtr();
  new Uint8Array(x.memory.buffer).set(bytes, s);
  return x.opusSamples(s, bytes.length);
}

describe('Opus TOC', () => {
  const cases: [string, number][] = [
    ['2.5', 120], ['5', 240], ['10', 480], ['20', 960], ['40', 1920], ['60', 2880], ['80', 3840], ['100', 4800], ['120', 5760],
  ];
  it.each(cases)('libopus %s ms packets: durations match the frame size and the Ogg granules', (ms, per) => {
    const pages = oggPages(fixture(`opus-${ms}ms.ogg`));
    expect(pages[0].packets[0][0]).toBe(0x4f); // OpusHead
    let prev = 0n;
    let total = 0;
    const audio = pages.slice(2);
    expect(audio.length).toBeGreaterThan(0);
    audio.forEach((page, i) => {
      let sum = 0;
      for (const p of page.packets) {
        const n = samples(p);
        expect(n).toBe(per);
        sum += n;
      }
      total += sum;
      const delta = Number(page.granule - prev);
      // The last page's granule is trimmed to the real end of the audio (RFC 7845 §4).
      if (i === audio.length - 1) expect(delta).toBeLessThanOrEqual(sum);
      else expect(delta).toBe(sum);
      prev = page.granule;
    });
    expect(total).toBeGreaterThanOrEqual(0.2 * 48000);
  });

  it('CBR code-3 packets with padding (stereo, 60 ms)', () => {
    const pages = oggPages(fixture('opus-60ms-cbr.ogg')).slice(2);
    const packets = pages.flatMap((p) => p.packets);
    expect(packets.some((p) => (p[0] & 3) === 3 && (p[1] & 0x40) !== 0 && (p[1] & 0x80) === 0)).toBe(true);
    for (const p of packets) expect(samples(p)).toBe(2880);
  });

  it('code 1 (two equal frames) and every configuration', () => {
    const frame = [1, 2, 3, 4, 5];
    const sizes = [480, 960, 1920, 2880, 480, 960, 1920, 2880, 480, 960, 1920, 2880, 480, 960, 480, 960,
      120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960];
    for (let config = 0; config < 32; config++) {
      const toc = config << 3;
      expect(samples([toc, ...frame])).toBe(sizes[config]);
      expect(samples([toc | 1, ...frame, ...frame])).toBe(2 * sizes[config]);
      expect(samples([toc | 2, 2, 9, 9, ...frame])).toBe(2 * sizes[config]);
      expect(samples([toc | 4, ...frame])).toBe(sizes[config]); // stereo flag does not change duration
    }
    expect(samples([0x78])).toBe(960); // zero-length frame (DTX) is legal
    expect(samples([0x79])).toBe(1920); // code 1 with two empty frames
  });

  it('code 2 with a two-byte length and code 3 VBR with padding', () => {
    const big = new Array(300).fill(7);
    // first frame length 300 = 4*b1 + b0 with b0 = 252: 252 + 4*12
    expect(samples([0x08 | 2, 252, 12, ...big, 1, 2])).toBe(2 * 960);
    // code 3, VBR, padding 2 bytes, 3 frames of 20 ms: lengths 1 and 2, last takes the rest
    expect(samples([0x08 | 3, 0x80 | 0x40 | 3, 2, 1, 2, 9, 9, 9, 9, 9, 0, 0])).toBe(3 * 960);
    // padding of 254 via a 255 byte: 255, 0 -> 254 bytes of padding
    expect(samples([0x08 | 3, 0x40 | 1, 255, 0, ...new Array(254).fill(0), 5, 5])).toBe(960);
  });

  it('rejects malformed packets (RFC 6716 R1–R7)', () => {
    expect(x.opusSamples(x.scratchPtr(), 0)).toBe(-1); // R1 empty
    expect(samples([0x08 | 1, 1, 2, 3])).toBe(-1); // R3 code 1 odd payload
    expect(samples([0x08, ...new Array(1276).fill(0)])).toBe(-1); // R2 frame > 1275
    expect(samples([0x08 | 2])).toBe(-1); // R4 missing length
    expect(samples([0x08 | 2, 252])).toBe(-1); // R4 truncated two-byte length
    expect(samples([0x08 | 2, 5, 1, 2])).toBe(-1); // R4 first frame longer than the packet
    expect(samples([0x08 | 3])).toBe(-1); // R5 no frame count
    expect(samples([0x08 | 3, 0])).toBe(-1); // R5 zero frames
    expect(samples([0x18 | 3, 3])).toBe(-1); // R5 3 x 60 ms > 120 ms
    expect(samples([0x80 | 3, 49])).toBe(-1); // R5 49 x 2.5 ms > 120 ms
    expect(samples([0x80 | 3, 48])).toBe(5760); // exactly 120 ms is fine
    expect(samples([0x08 | 3, 0x40 | 1, 10, 1])).toBe(-1); // R6 padding beyond the packet
    expect(samples([0x08 | 3, 0x40 | 1, 255])).toBe(-1); // R6 padding length runs off the end
    expect(samples([0x08 | 3, 2, 1, 2, 3])).toBe(-1); // R6 CBR not divisible
    expect(samples([0x08 | 3, 0x80 | 2, 9, 1])).toBe(-1); // R7 VBR length beyond the packet
    expect(samples([0x08 | 3, 0x80 | 3, 1])).toBe(-1); // R7 VBR lengths missing
  });

  it('never reads past the packet: random packets placed flush against the end of memory', () => {
    const end = x.memory.buffer.byteLength;
    let seed = 12345;
    const rnd = () => { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed; };
    const seen = new Set<number>();
    for (let i = 0; i < 20000; i++) {
      const len = rnd() % 24;
      const p = new Uint8Array(len);
      for (let k = 0; k < len; k++) p[k] = rnd() & 0xff;
      // Bias towards code 2/3 and padding/VBR flags, where lengths are read from the packet.
      if (len > 0 && (rnd() & 1)) p[0] |= 2 | (rnd() & 1);
      if (len > 1 && (rnd() & 1)) p[1] |= 0xc0;
      new Uint8Array(x.memory.buffer).set(p, end - len);
      const n = x.opusSamples(end - len, len); // an out-of-bounds read would trap here
      expect(n === -1 || (n > 0 && n <= 5760 && n % 120 === 0)).toBe(true);
      seen.add(n);
    }
    expect(seen.has(-1)).toBe(true);
    expect(seen.size).toBeGreaterThan(5);
  });
});
