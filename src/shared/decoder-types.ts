/** Results of the decoder core as seen by the worker's users, the CLI and the server's ingest. */

export const CODEC_NAMES = [
  'unknown', 'PCMU', 'PCMA', 'G722', 'G729', 'opus', 'CN', 'telephone-event',
  'L16', 'GSM', 'G726', 'G723', 'iLBC', 'AMR', 'AMR-WB', 'speex',
] as const;
export type CodecName = (typeof CODEC_NAMES)[number];

export type ChannelName = 'left' | 'right';

export const WARNING_CODES = [
  'none', 'truncated-file', 'truncated-packet', 'bad-record', 'unsupported-link', 'codec-unsupported',
  'unknown-payload-type', 'fragment-incomplete', 'ssrc-change', 'pt-change', 'timestamp-jump',
  'gap-capped', 'drift-corrected', 'too-many-streams', 'late-packet', 'malformed-rtp', 'one-way',
  'table-full',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/** A recoverable problem: decoding went on. */
export interface DecodeWarning {
  code: WarningCode;
  /** index into `streams`, or -1 when not tied to a stream */
  stream: number;
  /** position in ms from t = 0 (first RTP packet), -1 when unknown */
  timeMs: number;
  /** code-specific number (payload type, gap length in ms, link type …) */
  detail: number;
  message: string;
}

/** One RTP stream: 5-tuple + SSRC. */
export interface StreamInfo {
  index: number;
  src: string; // "10.0.0.1:16386" or "[::1]:16386"
  dst: string;
  ssrc: number;
  payloadTypes: number[];
  codec: CodecName;
  clockRate: number;
  channel: ChannelName | null;
  packets: number;
  expected: number;
  lost: number;
  duplicates: number;
  reordered: number;
  late: number;
  jitterMs: number;
  maxJitterMs: number;
  maxGapMs: number;
  ssrcChanges: number;
  ptChanges: number;
  cnPackets: number;
  driftPpm: number;
  /** RTCP receiver-report view of this SSRC, when the capture has it */
  rtcp: { packets: number; jitterMs: number | null; lost: number | null };
  firstTime: number; // capture time, ms since Unix epoch
  lastTime: number;
  startMs: number; // where its audio starts, ms from t = 0
  endMs: number;
}

/** A telephone-event (RFC 4733) shown as a marker, not audio. */
export interface DtmfEvent {
  digit: string; // 0-9 * # A-D
  channel: ChannelName;
  timeMs: number;
  durationMs: number;
  stream: number;
}

/** What `open` / `info` returns: everything known before audio is produced. */
export interface DecodeInfo {
  sampleRate: number;
  channels: 2;
  /** samples per channel of the whole output */
  frames: number;
  durationMs: number;
  /** capture time of the first RTP packet (t = 0), ms since Unix epoch */
  startTime: number;
  streams: StreamInfo[];
  dtmf: DtmfEvent[];
  warnings: DecodeWarning[];
  /** how channels were assigned: innovaphone port rule, heuristic, or an override */
  channelRule: 'innovaphone' | 'heuristic' | 'override';
}

/** A piece of decoded audio, planar Int16 at `DecodeInfo.sampleRate`. */
export interface AudioChunk {
  startFrame: number;
  left: Int16Array;
  right: Int16Array;
  /** the waveform's min/max of this chunk's frames, when the decoder computed them */
  peaks?: ChunkPeaks;
}

/** Which side(s) a decoder renders; the other side's samples come out silent. */
export type RenderChannels = 'left' | 'right' | 'both';

/** Waveform resolution: buckets over the whole call, independent of its length. */
export const PEAK_BUCKETS = 2048;

/** Frames per waveform bucket of a call of `frames` frames (the decoder and the page agree on it). */
export function peakBucketFrames(frames: number): number {
  return Math.max(1, Math.ceil(frames / PEAK_BUCKETS));
}

/**
 * Min/max per waveform bucket over one chunk's frames only (a bucket the chunk shares with its
 * neighbours holds just the chunk's part), both counted from 0: [min, max] per bucket from
 * `firstBucket` on.
 */
export interface ChunkPeaks {
  bucketFrames: number;
  firstBucket: number;
  left: Int16Array;
  right: Int16Array;
}

export interface DecodeOptions {
  /** force a stream (by index) onto a channel */
  channelOverrides?: Record<number, ChannelName>;
  /** swap the automatically chosen sides */
  swapChannels?: boolean;
}
