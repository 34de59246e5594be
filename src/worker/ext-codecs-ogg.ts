// A minimal Ogg writer (RFC 3533) for handing RTP Speex payloads to ffmpeg, which reads Speex
// only from Ogg: one packet per page, CRC-32 with the Ogg polynomial, BOS/EOS flags.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

export function oggCrc(b: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < b.length; i++) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b[i]) & 255]) >>> 0;
  return crc;
}

/** Pages for `packets` (each on its own page); `granules[i]` = samples decoded after packet i. */
export function oggStream(packets: Uint8Array[], granules: bigint[], serial = 0x52454331): Uint8Array {
  const pages: Uint8Array[] = [];
  packets.forEach((p, i) => {
    if (p.length >= 255 * 255) throw new RangeError(`an Ogg packet of ${p.length} bytes does not fit one page`);
    const lacing = [...Array(Math.floor(p.length / 255)).fill(255), p.length % 255];
    const page = new Uint8Array(27 + lacing.length + p.length);
    const v = new DataView(page.buffer);
    page.set([0x4f, 0x67, 0x67, 0x53]); // "OggS"
    page[5] = (i === 0 ? 0x02 : 0) | (i === packets.length - 1 ? 0x04 : 0);
    v.setBigInt64(6, granules[i], true);
    v.setUint32(14, serial, true);
    v.setUint32(18, i, true);
    page[26] = lacing.length;
    page.set(lacing, 27);
    page.set(p, 27 + lacing.length);
    v.setUint32(22, oggCrc(page), true);
    pages.push(page);
  });
  const out = new Uint8Array(pages.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of pages) { out.set(p, at); at += p.length; }
  return out;
}

/** The 80-byte Speex header packet for narrowband mono, `framesPerPacket` 20 ms frames per packet. */
export function speexHeader(framesPerPacket: number): Uint8Array {
  const h = new Uint8Array(80);
  const v = new DataView(h.buffer);
  h.set(new TextEncoder().encode('Speex   '), 0);
  h.set(new TextEncoder().encode('1.2.1'), 8);
  const ints = [1, 80, 8000, 0, 4, 1, -1, 160, 0, framesPerPacket, 0, 0, 0]; // version id … reserved2
  ints.forEach((x, i) => v.setInt32(28 + i * 4, x, true));
  return h;
}

/** Vorbis-style comment packet with a vendor string and no comments. */
export function speexComments(vendor = 'innovaphone Recordings'): Uint8Array {
  const s = new TextEncoder().encode(vendor);
  const c = new Uint8Array(8 + s.length);
  new DataView(c.buffer).setUint32(0, s.length, true);
  c.set(s, 4);
  return c;
}
