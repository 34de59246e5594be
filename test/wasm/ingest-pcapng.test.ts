// pcapng through the compiled core: sections with their own byte order, several interfaces
// with different link types and timestamp resolutions/offsets, EPB/SPB/OPB, skipped blocks,
// and block-length validation.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { WasmCore } from '../../src/worker/wasm-module.js';
import {
  LINK, concatBytes, frame, pcapngBlock, pcapngIdb, pcapngShb, udpDatagram, writePcapng, type PcapngSection,
} from '../helpers/pcap-writer.js';
import { buildRtp } from '../helpers/rtp-builder.js';

const wasmPath = process.env.INGEST_WASM ?? 'wasm/build/decoder.wasm';
let mod: WebAssembly.Module;
beforeAll(() => { mod = new WebAssembly.Module(readFileSync(wasmPath)); });
const core = () => WasmCore.create(mod);

const W = { TRUNCATED_FILE: 1, BAD_RECORD: 3, UNSUPPORTED_LINK: 4 } as const;
const T0 = 1_600_000_000_000_000_000n;

function ip(seq: number, ssrc = 0xabcdef01): Uint8Array {
  return udpDatagram({ src: '10.1.1.1', dst: '10.1.1.2', sport: 6000, dport: 6002,
    payload: buildRtp({ pt: 8, seq, ts: seq * 160, ssrc, payload: new Uint8Array(160).fill(0xd5) }) });
}

function sections(): PcapngSection[] {
  return [
    {
      interfaces: [
        { linkType: LINK.ETHERNET },
        { linkType: LINK.RAW, tsresol: 9 },
        { linkType: LINK.SLL2, tsresol: 0x80 | 30, tsoffset: 1000n },
        { linkType: LINK.NULL, tsresol: 3 },
      ],
      blocks: [
        { type: 'epb', iface: 0, timeNs: T0 + 1_000_000n, data: frame(LINK.ETHERNET, ip(1)) },
        { type: 'epb', iface: 1, timeNs: T0 + 21_000_007n, data: ip(2) },
        { type: 'raw', blockType: 4, body: new Uint8Array(12) }, // name resolution: skipped
        { type: 'raw', blockType: 5, body: new Uint8Array(20) }, // interface statistics: skipped
        { type: 'epb', iface: 2, timeNs: T0 + 41_000_000n, data: frame(LINK.SLL2, ip(3)) },
        { type: 'epb', iface: 3, timeNs: T0 + 61_000_000n, data: frame(LINK.NULL, ip(4)) },
        { type: 'spb', data: frame(LINK.ETHERNET, ip(5)) },
      ],
    },
    {
      bigEndian: true,
      interfaces: [{ linkType: LINK.SLL }],
      blocks: [
        { type: 'opb', iface: 0, timeNs: T0 + 81_000_000n, data: frame(LINK.SLL, ip(6)) },
        { type: 'spb', data: frame(LINK.SLL, ip(7)) },
      ],
    },
  ];
}

describe('pcapng', () => {
  it('reads sections, interfaces, resolutions, offsets and all packet block kinds', async () => {
    const c = await core();
    c.load(writePcapng(sections()));
    const p = c.packets();
    expect(p.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const t = p.map((x) => x.timeNs - T0);
    expect(t[0]).toBe(1_000_000n);
    expect(t[1]).toBe(21_000_007n); // ns resolution keeps every digit
    // 2^-30 s ticks: within one tick of the true time.
    expect(Number(t[2] - 41_000_000n)).toBeGreaterThanOrEqual(-1);
    expect(Number(t[2] - 41_000_000n)).toBeLessThanOrEqual(1);
    expect(t[3]).toBe(61_000_000n); // ms resolution
    expect(t[4]).toBe(t[3]); // SPB: no timestamp, the last one seen
    expect(t[5]).toBe(81_000_000n);
    expect(t[6]).toBe(81_000_000n);
    expect(c.streams().length).toBe(1);
    expect(c.warnings()).toEqual([]);
  });

  it('gives the same result whatever the chunking', async () => {
    const file = writePcapng(sections());
    const whole = await core();
    whole.load(file);
    const c = await core();
    for (let cut = 1; cut < file.length; cut += 37) {
      c.reset(file.length);
      c.append(file.subarray(0, cut), false);
      c.append(file.subarray(cut), true);
      expect(c.packets()).toEqual(whole.packets());
      expect(c.warnings()).toEqual([]);
    }
  });

  it('skips packets of an unknown link type, warning once per type', async () => {
    const c = await core();
    c.load(writePcapng([{
      interfaces: [{ linkType: 147 }, { linkType: LINK.RAW }, { linkType: 148 }],
      blocks: [
        { type: 'epb', iface: 0, timeNs: T0, data: ip(1) },
        { type: 'epb', iface: 1, timeNs: T0 + 20_000_000n, data: ip(2) },
        { type: 'epb', iface: 0, timeNs: T0 + 40_000_000n, data: ip(3) },
        { type: 'epb', iface: 2, timeNs: T0 + 60_000_000n, data: ip(4) },
        { type: 'epb', iface: 7, timeNs: T0 + 80_000_000n, data: ip(5) }, // no such interface
      ],
    }]));
    expect(c.packets().map((x) => x.seq)).toEqual([2]);
    expect(c.warnings()).toEqual([
      { code: W.UNSUPPORTED_LINK, stream: -1, timeMs: -1, detail: 147 },
      { code: W.UNSUPPORTED_LINK, stream: -1, timeMs: 40, detail: 148 },
    ]);
  });

  it('validates block lengths: too small, not a multiple of 4, trailing copy differs', async () => {
    const c = await core();
    const good = writePcapng([{ interfaces: [{ linkType: LINK.RAW }], blocks: [{ type: 'epb', iface: 0, timeNs: T0, data: ip(1) }] }]);
    const second = writePcapng([{ interfaces: [], blocks: [{ type: 'epb', iface: 0, timeNs: T0, data: ip(2) }] }]).subarray(pcapngShb().length);
    for (const damage of [
      (v: DataView) => v.setUint32(4, 8, true),
      (v: DataView) => v.setUint32(4, second.length + 2, true),
      (v: DataView) => v.setUint32(second.length - 4, second.length + 4, true),
      (v: DataView) => v.setUint32(20, 100_000, true), // captured length beyond the block
    ]) {
      const bad = second.slice();
      damage(new DataView(bad.buffer));
      c.load(concatBytes(good, bad, second));
      expect(c.packets().map((x) => x.seq)).toEqual([1]);
      expect(c.warnings()).toEqual([{ code: W.BAD_RECORD, stream: -1, timeMs: 0, detail: good.length }]);
    }
  });

  it('rejects a malformed first section header as bad-header', async () => {
    const c = await core();
    const fail = (bytes: Uint8Array) => { try { c.load(bytes); return 'ok'; } catch (e) { return (e as Error).name; } };
    const shb = pcapngShb();
    const badMagic = shb.slice();
    badMagic[8] = 0;
    expect(fail(badMagic)).toBe('bad-header');
    expect(fail(shb.subarray(0, 20))).toBe('bad-header');
    const badVersion = shb.slice();
    badVersion[12] = 2;
    expect(fail(badVersion)).toBe('bad-header');
    expect(fail(shb)).toBe('ok');
    // Big-endian section header alone.
    expect(fail(pcapngShb(true))).toBe('ok');
  });

  it('reports a block cut by the end of the file as W_TRUNCATED_FILE', async () => {
    const c = await core();
    const file = writePcapng(sections());
    c.load(file.subarray(0, file.length - 8));
    expect(c.packets().map((x) => x.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(c.warnings().map((x) => x.code)).toEqual([W.TRUNCATED_FILE]);
  });

  it('skips unknown and custom blocks, including in big-endian sections', async () => {
    const c = await core();
    const be = true;
    const file = concatBytes(
      pcapngShb(be), pcapngIdb({ linkType: LINK.RAW }, be),
      pcapngBlock(0x0bad, new Uint8Array(40), be),
      pcapngBlock(6, (() => {
        const h = new Uint8Array(20);
        const v = new DataView(h.buffer);
        const d = ip(9);
        v.setUint32(4, 0); v.setUint32(8, 5_000_000); v.setUint32(12, d.length); v.setUint32(16, d.length);
        return concatBytes(h, d);
      })(), be),
    );
    c.load(file);
    expect(c.packets().map((x) => [x.seq, x.timeNs])).toEqual([[9, 5_000_000_000n]]);
  });
});
