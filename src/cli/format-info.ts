// The human-readable form of `recordings info`: a summary, the stream table, DTMF and warnings.
import type { DecodeInfo, StreamInfo } from '../shared/decoder-types.js';

const RULES = {
  innovaphone: 'innovaphone ports (local 16386 → right, remote 16388 → left)',
  heuristic: 'heuristic (no innovaphone ports found)',
  override: 'set by option',
} as const;

export function formatInfo(file: string, info: DecodeInfo): string {
  const lines: string[] = [];
  lines.push(`file        ${file}`);
  lines.push(`duration    ${seconds(info.durationMs)}  (${info.sampleRate} Hz, ${info.frames} frames per channel)`);
  lines.push(`start       ${Number.isFinite(info.startTime) && info.startTime > 0 ? new Date(info.startTime).toISOString() : 'unknown'}`);
  lines.push(`channels    ${RULES[info.channelRule]}`);
  lines.push('');
  lines.push(table(info.streams));
  if (info.dtmf.length > 0) {
    lines.push('');
    lines.push(`DTMF        ${info.dtmf.map((d) => `${d.digit} (${d.channel} ${seconds(d.timeMs)})`).join(', ')}`);
  }
  if (info.warnings.length > 0) {
    lines.push('');
    lines.push('warnings');
    for (const w of info.warnings) lines.push(`  [${w.code}]${w.timeMs >= 0 ? ` at ${seconds(w.timeMs)}` : ''} ${w.message}`);
  }
  return lines.join('\n') + '\n';
}

function table(streams: StreamInfo[]): string {
  const head = ['#', 'channel', 'codec', 'source', 'destination', 'ssrc', 'packets', 'lost', 'dup', 'reord', 'jitter', 'max gap', 'audio'];
  const rows = streams.map((s) => [
    String(s.index + 1), s.channel ?? '-', `${s.codec}/${s.clockRate}`, s.src, s.dst, `0x${s.ssrc.toString(16).padStart(8, '0')}`,
    String(s.packets), lossText(s), String(s.duplicates), String(s.reordered), `${s.jitterMs.toFixed(1)} ms`,
    `${Math.round(s.maxGapMs)} ms`, `${seconds(s.startMs)}–${seconds(s.endMs)}`,
  ]);
  if (rows.length === 0) return 'no RTP streams';
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(width[i])).join('  ').trimEnd();
  return [fmt(head), ...rows.map(fmt)].join('\n');
}

function lossText(s: StreamInfo): string {
  if (s.expected <= 0) return String(s.lost);
  return `${s.lost} (${((100 * Math.max(0, s.lost)) / s.expected).toFixed(1)}%)`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 3 : 1)} s`;
}
