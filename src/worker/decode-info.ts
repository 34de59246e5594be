// Turns the core's raw tables (addresses, ns, frames, numeric codes) into the DecodeInfo that
// the app, the CLI and the server see (strings, ms, names, one human message per warning).
import {
  CODEC_NAMES, WARNING_CODES,
  type ChannelName, type CodecName, type DecodeInfo, type DecodeWarning, type DtmfEvent, type StreamInfo, type WarningCode,
} from '../shared/decoder-types.js';
import type { RawEvent, RawStream, RawWarning } from './wasm-module.js';

/** What the core reports after plan(), in raw form. */
export interface PlanResult {
  sampleRate: number;
  frames: number;
  startTimeNs: bigint;
  channelRule: number;
  streams: RawStream[];
  events: RawEvent[];
  warnings: RawWarning[];
}

/** RFC 4733 §3.2: events 0–9 are digits, 10 = *, 11 = #, 12–15 = A–D. */
const DTMF_DIGITS = '0123456789*#ABCD';

export function buildDecodeInfo(r: PlanResult): DecodeInfo {
  const rate = r.sampleRate > 0 ? r.sampleRate : 8000;
  const ms = (frames: number) => (frames * 1000) / rate;
  const streams = r.streams.map((s) => streamInfo(s, ms));
  const dtmf: DtmfEvent[] = [];
  for (const e of r.events) {
    const channel = channelName(e.channel);
    if (e.code >= DTMF_DIGITS.length || channel === null) continue;
    dtmf.push({ digit: DTMF_DIGITS[e.code], channel, timeMs: ms(e.frame), durationMs: ms(e.duration), stream: e.stream });
  }
  dtmf.sort((a, b) => a.timeMs - b.timeMs);
  return {
    sampleRate: rate,
    channels: 2,
    frames: r.frames,
    durationMs: ms(r.frames),
    startTime: nsToMs(r.startTimeNs),
    streams,
    dtmf,
    warnings: r.warnings.map((w) => describeWarning(w, streams)),
    channelRule: r.channelRule === 0 ? 'innovaphone' : r.channelRule === 2 ? 'override' : 'heuristic',
  };
}

function streamInfo(s: RawStream, ms: (frames: number) => number): StreamInfo {
  return {
    index: s.index,
    src: formatEndpoint(s.family, s.srcAddr, s.srcPort),
    dst: formatEndpoint(s.family, s.dstAddr, s.dstPort),
    ssrc: s.ssrc >>> 0,
    payloadTypes: s.payloadTypes,
    codec: codecName(s.codec),
    clockRate: s.clock,
    channel: channelName(s.channel),
    packets: s.packets,
    expected: s.expected,
    lost: s.lost,
    duplicates: s.duplicates,
    reordered: s.reordered,
    late: s.late,
    jitterMs: s.jitterUs / 1000,
    maxJitterMs: s.maxJitterUs / 1000,
    maxGapMs: s.maxGapUs / 1000,
    ssrcChanges: s.ssrcChanges,
    ptChanges: s.ptChanges,
    cnPackets: s.cnPackets,
    driftPpm: s.driftPpm,
    rtcp: {
      packets: s.rtcpPackets,
      jitterMs: s.rtcpJitterUs === 0xffffffff ? null : s.rtcpJitterUs / 1000,
      lost: s.rtcpLost === -1 ? null : s.rtcpLost,
    },
    firstTime: nsToMs(s.firstTimeNs),
    lastTime: nsToMs(s.lastTimeNs),
    startMs: ms(s.startFrame),
    endMs: ms(s.endFrame),
  };
}

export function codecName(id: number): CodecName {
  return CODEC_NAMES[id] ?? 'unknown';
}

function channelName(ch: number): ChannelName | null {
  return ch === 0 ? 'left' : ch === 1 ? 'right' : null;
}

/** ns since the epoch → ms, keeping sub-ms precision without going through a 2^53-losing Number(ns). */
export function nsToMs(ns: bigint): number {
  return Number(ns / 1000n) / 1000;
}

/** "10.0.0.1:16386" / "[2001:db8::1]:16386" (RFC 5952 text form for IPv6). */
export function formatEndpoint(family: 4 | 6, addr: Uint8Array, port: number): string {
  return family === 6 ? `[${formatIpv6(addr)}]:${port}` : `${[...addr.subarray(0, 4)].join('.')}:${port}`;
}

export function formatIpv6(a: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((a[i] ?? 0) << 8) | (a[i + 1] ?? 0));
  // IPv4-mapped addresses read better in dotted form (RFC 5952 §5).
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) return `::ffff:${a[12]}.${a[13]}.${a[14]}.${a[15]}`;
  // RFC 5952 §4.2: compress the longest run of ≥ 2 zero words, the first one on a tie.
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(':');
  if (best < 0) return hex(words);
  return `${hex(words.slice(0, best))}::${hex(words.slice(best + bestLen))}`;
}

export function describeWarning(w: RawWarning, streams: readonly StreamInfo[]): DecodeWarning {
  const code: WarningCode = WARNING_CODES[w.code] ?? 'none';
  const s = w.stream >= 0 ? streams[w.stream] : undefined;
  const who = s ? `Stream ${s.index + 1} (${s.src} → ${s.dst})` : 'A stream';
  const d = w.detail;
  let message: string;
  switch (code) {
    case 'truncated-file': message = 'The capture ends in the middle of a record; the incomplete tail was ignored.'; break;
    case 'truncated-packet': message = 'A packet was cut short by the capture\'s snapshot length; its audio was skipped.'; break;
    case 'bad-record': message = 'The capture contains a record with an impossible length; the rest of the file was skipped.'; break;
    case 'unsupported-link': message = `Packets on link type ${d} cannot be read and were skipped.`; break;
    case 'codec-unsupported':
      message = `${who} uses ${codecName(d >> 8)} (payload type ${d & 0x7f}), which cannot be played yet; its channel stays silent for that time.`;
      break;
    case 'unknown-payload-type':
      message = `${who} uses payload type ${d}, which the capture does not describe (no SDP); it was not decoded.`;
      break;
    case 'fragment-incomplete': message = 'Some fragmented IP packets never completed and were dropped.'; break;
    case 'ssrc-change': message = `${who}: a new sender (SSRC 0x${(d >>> 0).toString(16).padStart(8, '0')}) continues on the same channel.`; break;
    case 'pt-change': message = `${who} switched to payload type ${d} during the call.`; break;
    case 'timestamp-jump': message = `${who}: the RTP timestamp jumped by ${d} ms; the audio was re-aligned to the capture time.`; break;
    case 'gap-capped': message = `${who}: a gap of ${formatMs(d)} without audio was shortened.`; break;
    case 'drift-corrected': message = `${who}: the sender's clock drifted against the capture clock by ${d} ms; corrected.`; break;
    case 'too-many-streams': message = 'The capture has more RTP streams than the decoder tracks; later streams were ignored.'; break;
    case 'late-packet': message = `${who}: packets arrived too late to be placed and were dropped.`; break;
    case 'malformed-rtp': message = `${who}: a malformed RTP packet (bad padding or extension length) was skipped.`; break;
    case 'one-way':
      message = `Only one side has audio (${d === 0 ? 'left, remote party' : 'right, local user'}); the other channel is silent.`;
      break;
    case 'table-full': message = 'The capture has more DTMF events, RTCP reports or SIP messages than the decoder keeps; later ones were ignored.'; break;
    default: message = `Decoder warning ${w.code} (detail ${d}).`;
  }
  return { code, stream: w.stream, timeMs: w.timeMs, detail: d, message };
}

function formatMs(ms: number): string {
  return ms >= 2000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}
