// Decodes one capture the way the app does (DecodeSession: read → SDP payload types → plan →
// render, Opus filled in JS) and returns the whole output as two planar channels.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DecodeInfo } from '../../src/shared/decoder-types.js';
import { createNodeCore } from '../../src/worker/core-node.js';
import { DecodeSession } from '../../src/worker/decode-session.js';

export interface Decoded {
  info: DecodeInfo;
  left: Int16Array;
  right: Int16Array;
}

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export async function decodeFile(path: string): Promise<Decoded> {
  const bytes = new Uint8Array(readFileSync(path));
  const session = new DecodeSession(await createNodeCore());
  const info = await session.open(bytes);
  const left = new Int16Array(info.frames);
  const right = new Int16Array(info.frames);
  let at = 0;
  for await (const c of session.chunks()) {
    if (c.startFrame !== at) throw new Error(`chunk starts at ${c.startFrame}, expected ${at}`);
    if (at + c.left.length > info.frames) throw new Error(`chunks run past the planned ${info.frames} frames`);
    left.set(c.left, at);
    right.set(c.right, at);
    at += c.left.length;
  }
  if (at !== info.frames) throw new Error(`decoded ${at} frames, planned ${info.frames}`);
  return { info, left, right };
}

/** What a golden file pins down: anything that changes here is a behaviour change to review. */
export interface Golden {
  file: string;
  sampleRate: number;
  framesPerChannel: number;
  channelRule: DecodeInfo['channelRule'];
  streams: Array<{ src: string; dst: string; ssrc: number; codec: string; channel: string | null; packets: number; lost: number; duplicates: number; reordered: number }>;
  warnings: Array<{ code: string; stream: number; timeMs: number; detail: number }>;
  dtmf: Array<{ digit: string; channel: string; timeMs: number; durationMs: number }>;
  sha256: { left: string; right: string };
}

const sha = (a: Int16Array) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');

export function goldenOf(file: string, d: Decoded): Golden {
  const { info } = d;
  return {
    file,
    sampleRate: info.sampleRate,
    framesPerChannel: info.frames,
    channelRule: info.channelRule,
    streams: info.streams.map((s) => ({ src: s.src, dst: s.dst, ssrc: s.ssrc, codec: s.codec, channel: s.channel,
      packets: s.packets, lost: s.lost, duplicates: s.duplicates, reordered: s.reordered })),
    warnings: info.warnings.map((w) => ({ code: w.code, stream: w.stream, timeMs: w.timeMs, detail: w.detail })),
    dtmf: info.dtmf.map((e) => ({ digit: e.digit, channel: e.channel, timeMs: e.timeMs, durationMs: e.durationMs })),
    sha256: { left: sha(d.left), right: sha(d.right) },
  };
}
