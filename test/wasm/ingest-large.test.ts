// scan() on the size of a one-hour two-way G.711 call: 720k RTP packets with 160-byte payloads,
// ≈165 MB of classic pcap over Ethernet. Its speed is measured by `npm run bench`, not here.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { WasmCore } from '../../src/worker/wasm-module.js';
import { LINK, frame, pcapHeader, udpDatagram } from '../helpers/pcap-writer.js';
import { buildRtp } from '../helpers/rtp-builder.js';

const wasmPath = process.env.INGEST_WASM ?? 'wasm/build/decoder.wasm';
let mod: WebAssembly.Module;
beforeAll(() => { mod = new WebAssembly.Module(readFileSync(wasmPath)); });

const PER_DIRECTION = 360_000; // the brief's 720k packets for a one-hour call

/** Builds the capture by patching seq/ts/time into two record templates (fast, no per-packet objects). */
function hourLongCall(): Uint8Array {
  const dirs = [
    { src: '10.0.0.1', dst: '10.0.0.2', sport: 20000, dport: 30000, ssrc: 0x1234 },
    { src: '10.0.0.2', dst: '10.0.0.1', sport: 30000, dport: 20000, ssrc: 0x5678 },
  ].map((d) => frame(LINK.ETHERNET, udpDatagram({ ...d, payload: buildRtp({ pt: 8, seq: 0, ts: 0, ssrc: d.ssrc, payload: new Uint8Array(160).fill(0xd5) }) })));
  const rec = 16 + dirs[0].length;
  const total = PER_DIRECTION * 2;
  const out = new Uint8Array(24 + rec * total);
  out.set(pcapHeader());
  const v = new DataView(out.buffer);
  const rtpAt = 14 + 20 + 8;
  const t0 = 1_700_000_000;
  for (let i = 0; i < total; i++) {
    const k = i & 1;
    const n = i >> 1;
    const o = 24 + i * rec;
    const us = n * 20_000 + k * 7_000;
    v.setUint32(o, t0 + Math.floor(us / 1e6), true);
    v.setUint32(o + 4, us % 1e6, true);
    v.setUint32(o + 8, dirs[k].length, true);
    v.setUint32(o + 12, dirs[k].length, true);
    out.set(dirs[k], o + 16);
    v.setUint16(o + 16 + rtpAt + 2, n & 0xffff);
    v.setUint32(o + 16 + rtpAt + 4, n * 160);
  }
  return out;
}

describe('scan of a large capture', () => {
  it('one-hour two-way G.711 call: every packet counted, nothing warned', async () => {
    const file = hourLongCall();
    const c = await WasmCore.create(mod);
    c.load(file);
    const s = c.streams();
    expect(c.packetCount()).toBe(PER_DIRECTION * 2);
    expect(s.map((x) => x.packets)).toEqual([PER_DIRECTION, PER_DIRECTION]);
    expect(c.warnings()).toEqual([]);
  });
});
