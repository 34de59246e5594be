// The real-sender fixture captures (test/fixtures/captures) scanned by the core must give
// exactly the RTP packets tshark dissects: SSRC, sequence, PT, capture time to the ns and
// the payload bytes, in file order.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { WasmCore } from '../../src/worker/wasm-module.js';

const wasmPath = process.env.INGEST_WASM ?? 'wasm/build/decoder.wasm';
let mod: WebAssembly.Module;
beforeAll(() => { mod = new WebAssembly.Module(readFileSync(wasmPath)); });

const dir = 'test/fixtures/captures';
const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.pcap(ng)?$/.test(f)).sort() : [];

function hasTshark(): boolean {
  try { execFileSync('tshark', ['-v'], { stdio: 'ignore' }); return true; } catch { return false; }
}

function tsharkPackets(file: string): string[] {
  const out = execFileSync('tshark', ['-r', file, '-o', 'rtp.heuristic_rtp:TRUE', '-Y', 'rtp && !rtcp', '-T', 'fields',
    '-e', 'rtp.ssrc', '-e', 'rtp.seq', '-e', 'rtp.p_type', '-e', 'frame.time_epoch', '-e', 'rtp.payload'],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 });
  return out.trim().split('\n').filter(Boolean).map((line) => {
    const [ssrc, seq, pt, epoch, payload] = line.split('\t');
    const [sec, frac] = epoch.split('.');
    const ns = BigInt(sec) * 1_000_000_000n + BigInt((frac ?? '').padEnd(9, '0'));
    return `${parseInt(ssrc, 16)} ${seq} ${pt} ${ns} ${(payload ?? '').replaceAll(':', '')}`;
  });
}

describe.skipIf(!hasTshark() || files.length === 0)('fixture captures: scan agrees with tshark', () => {
  it.each(files)('%s', async (name) => {
    const c = await WasmCore.create(mod);
    c.load(new Uint8Array(readFileSync(`${dir}/${name}`)));
    const mine = c.packets().map((p) => `${p.ssrc} ${p.seq} ${p.pt} ${p.timeNs} ${Buffer.from(p.payload).toString('hex')}`);
    expect(mine).toEqual(tsharkPackets(`${dir}/${name}`));
    expect(c.warnings()).toEqual([]);
  });
});
