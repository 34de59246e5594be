// Typed view of test/fixtures/manifest.json (written by test/fixtures/gen/make-manifest.mjs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR } from './decode-fixture.js';

export interface RefStream {
  src: string;
  dst: string;
  srcPort: number;
  ssrc: number;
  codec: string;
  clock: number | null;
  channel: 'left' | 'right' | null;
  /** RFC 3550 interarrival jitter in arrival order, computed independently from tshark's packet list */
  jitter: { finalMs: number; maxMs: number } | null;
  /** comfort-noise packets (PT 13/19) */
  cnPackets: number;
  /** payload-type switches between consecutive audio packets in sequence order */
  ptChanges: number;
  stats: { packets: number; unique: number; expected: number; lost: number; duplicates: number; reordered: number; late: number };
  startMs: number;
  /** start predicted by the least-delayed packet of the first second (≤ startMs) */
  steadyStartMs?: number;
  durationMs?: number;
  endMs?: number;
  /** end of the last packet's audio by the capture clock */
  captureEndMs?: number;
  /** least-squares fit of capture time over RTP time, ppm (positive: sender clock slow, as S_DRIFT_PPM) */
  captureDriftPpm?: number;
  lastTimeMs: number;
  /** RTCP datagrams on the same addresses, ports + 1 (tshark) */
  rtcpPackets: number;
  exactBlocker: string | null;
  ref?: { file: string; frames: number; rate: number; firstSoundMs: number | null };
  /** a decode by another implementation that need not be bit-identical (Opus: ffmpeg's libopus,
   * one second from `fromFrame`; G.729: bcg729), compared by SNR */
  approxRef?: { file: string; fromFrame: number; frames: number; rate: number; minSnrDb: number; firstSoundMs?: number | null };
  /** after payload-type switches: runs at the output rate, each with its own start */
  runRefs?: Array<{ file: string; startMs: number; frames: number; rate: number; pt: number }>;
  dtmf?: Array<{ digit: string; timeMs: number; durationMs: number; ended: boolean }>;
}

export interface RelayLeg {
  seed: number;
  settings: { loss: number; dup: number; reorder: number; jitterMs: number; pause: { afterMs: number; forMs: number; renumber: boolean } | null; cn?: { afterMs: number; forMs: number; everyMs: number } | null };
  received: number;
  sent: number;
  dropped: number[];
  duplicated: number[];
  reorderedHeldBack: number[];
  late: number[];
  heldDuringPause: number;
  renumberedBy: number;
}

export interface FixtureEntry {
  name: string;
  file: string;
  purpose: string;
  container: 'pcap' | 'pcapng';
  /** 'ethernet', 'linux-sll2', or several joined by '+' (one pcapng IDB each) */
  linkType: string;
  ip: 4 | 6;
  codecs: string[];
  sdpInCapture: boolean;
  sampleRate: number;
  channelRule: 'innovaphone' | 'heuristic';
  channels: Record<string, string>;
  streams: RefStream[];
  impairments: Record<string, unknown> | null;
  drift: boolean;
  relay: Record<string, RelayLeg> | null;
  expectWarnings: string[];
  dtmf: string[];
  exact: string[];
  approx: string[];
}

export interface Manifest {
  startToleranceMs: number;
  soundThreshold: number;
  fixtures: FixtureEntry[];
}

export function loadManifest(): Manifest {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, 'manifest.json'), 'utf8')) as Manifest;
}

export function loadRef(file: string): Int16Array {
  const b = readFileSync(join(FIXTURES_DIR, 'refs', file));
  return new Int16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}
