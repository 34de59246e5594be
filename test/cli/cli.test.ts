// The real CLI (bin/recordings.mjs → dist/cli/main.js, built by the global setup) as a child process.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DecodeInfo } from '../../src/shared/decoder-types.js';
import { createNodeCore } from '../../src/worker/core-node.js';
import { DecodeSession } from '../../src/worker/decode-session.js';
import { syntheticCall } from '../worker/synthetic-call.js';

const dir = join('.tmp', `cli-${process.pid}`);
const call = join(dir, 'call.pcap');
const real = 'test/fixtures/captures/g722-sll2-ipv4.pcap';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/recordings.mjs', ...args], { encoding: 'buffer', maxBuffer: 256 << 20 });
  return { code: r.status, out: r.stdout, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

/** The data chunk of a RIFF/RF64 WAV and its fmt fields. */
function readWav(b: Buffer) {
  expect(['RIFF', 'RF64']).toContain(b.toString('latin1', 0, 4));
  expect(b.toString('latin1', 8, 12)).toBe('WAVE');
  let off = 12;
  let fmt = { channels: 0, rate: 0, bits: 0 };
  while (off + 8 <= b.length) {
    const id = b.toString('latin1', off, off + 4);
    const len = b.readUInt32LE(off + 4);
    if (id === 'fmt ') fmt = { channels: b.readUInt16LE(off + 10), rate: b.readUInt32LE(off + 12), bits: b.readUInt16LE(off + 22) };
    if (id === 'data') return { ...fmt, dataLen: len, data: b.subarray(off + 8, off + 8 + len) };
    off += 8 + len + (len & 1);
  }
  throw new Error('no data chunk');
}

/** Stereo interleaved PCM of an in-process decode (what the CLI must write). */
async function nodeDecode(bytes: Uint8Array): Promise<{ info: DecodeInfo; pcm: Buffer }> {
  const s = new DecodeSession(await createNodeCore());
  const info = await s.open(bytes);
  const parts: Uint8Array[] = [];
  for await (const p of s.pcm('stereo')) parts.push(p);
  return { info, pcm: Buffer.concat(parts) };
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeAll(() => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(call, syntheticCall(3));
});

describe('recordings CLI: usage', () => {
  it('prints help with exit 0, and exit 2 on usage errors', () => {
    const help = cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/recordings decode <in\.pcap/);
    expect(cli().code).toBe(2);
    for (const args of [['frobnicate'], ['decode', call], ['decode', call, '-o', 'x.wav', '--mono', '--channel', 'left'],
      ['decode', call, '-o', 'x.wav', '--channel', 'middle'], ['info'], ['info', call, 'extra'], ['info', call, '--bogus']]) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^recordings: .+\nrun "recordings --help"/);
    }
  });

  it('exits 1 with the typed code for unreadable input', () => {
    const missing = cli('info', join(dir, 'missing.pcap'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/error \[not-found\]/);
    writeFileSync(join(dir, 'text.pcap'), 'this is not a capture at all, just some text\n');
    const junk = cli('decode', join(dir, 'text.pcap'), '-o', join(dir, 'junk.wav'));
    expect(junk.code).toBe(1);
    expect(junk.stderr).toMatch(/error \[not-a-capture\]/);
    expect(existsSync(join(dir, 'junk.wav'))).toBe(false);
    const badOut = cli('decode', call, '-o', join(dir, 'no-such-dir', 'x.wav'));
    expect(badOut.code).toBe(1);
    expect(badOut.stderr).toMatch(/cannot write/);
  });
});

describe('recordings CLI: decoding', () => {
  it('info --json is the DecodeInfo; the table names codec, channels and DTMF', async () => {
    const j = cli('info', call, '--json');
    expect(j.code, j.stderr).toBe(0);
    const info = JSON.parse(j.stdout) as DecodeInfo;
    expect(info.sampleRate).toBe(8000);
    expect(info.channelRule).toBe('innovaphone');
    expect(info.streams.map((s) => [s.codec, s.channel, s.src])).toEqual(expect.arrayContaining([
      ['PCMA', 'right', '10.0.0.1:16386'], ['PCMA', 'left', '10.0.0.2:16388'],
    ]));
    expect(info.dtmf.map((d) => [d.digit, d.channel])).toEqual([['5', 'right']]);
    expect(info.dtmf[0].timeMs).toBeGreaterThan(950);
    expect(info.dtmf[0].timeMs).toBeLessThan(1050);
    const t = cli('info', call);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/innovaphone ports/);
    expect(t.stdout).toMatch(/PCMA\/8000\s+10\.0\.0\.1:16386/);
    expect(t.stdout).toMatch(/DTMF\s+5 \(right/);
  });

  it('writes the same PCM as an in-process decode, stereo, mono and one side', async () => {
    const { info, pcm } = await nodeDecode(readFileSync(call));
    const r = cli('decode', call, '-o', join(dir, 'call.wav'));
    expect(r.code, r.stderr).toBe(0);
    const wav = readWav(readFileSync(join(dir, 'call.wav')));
    expect(wav).toMatchObject({ channels: 2, rate: 8000, bits: 16, dataLen: info.frames * 4 });
    expect(sha(wav.data)).toBe(sha(pcm));
    const left = cli('decode', call, '-o', '-', '--channel', 'left');
    expect(left.code).toBe(0);
    const l = readWav(left.out);
    expect(l.channels).toBe(1);
    expect(l.dataLen).toBe(info.frames * 2);
    for (let i = 0; i < info.frames; i += 997) expect(l.data.readInt16LE(i * 2)).toBe(pcm.readInt16LE(i * 4));
    const mono = readWav(cli('decode', call, '-o', '-', '--mono').out);
    expect(mono.dataLen).toBe(info.frames * 2);
    expect(mono.data.some((x) => x !== 0)).toBe(true);
  });

  it.runIf(existsSync(real))('decodes a real-sender fixture (G.722, SLL2) to 16 kHz stereo', async () => {
    const { info, pcm } = await nodeDecode(readFileSync(real));
    const r = cli('decode', real, '-o', join(dir, 'real.wav'));
    expect(r.code, r.stderr).toBe(0);
    const wav = readWav(readFileSync(join(dir, 'real.wav')));
    expect(wav.rate).toBe(16000);
    expect(info.streams.some((s) => s.codec === 'G722')).toBe(true);
    expect(sha(wav.data)).toBe(sha(pcm));
  });
});
