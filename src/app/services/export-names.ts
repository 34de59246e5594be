// File names of downloads, built from the recording: start time, owner, direction, other party.
// Only characters every file system accepts; bounded length; never empty.
import type { Direction } from '../../shared/messages.js';

/** The recording fields a file name is made of. */
export interface NamedRecording {
  startTime: number;
  direction: Direction;
  ownerName: string | null;
  ownerNumber: string | null;
  ownerSip: string | null;
  remoteName: string | null;
  remoteNumber: string | null;
}

export type ExportKind = 'wav' | 'wav-mono' | 'wav-left' | 'wav-right' | 'zip' | 'mp3' | 'ogg' | 'pdf';

const EXT: Record<ExportKind, string> = {
  'wav': 'wav', 'wav-mono': 'wav', 'wav-left': 'wav', 'wav-right': 'wav', 'zip': 'zip', 'mp3': 'mp3', 'ogg': 'ogg', 'pdf': 'pdf',
};
const SUFFIX: Partial<Record<ExportKind, string>> = { 'wav-mono': 'mono', 'wav-left': 'remote', 'wav-right': 'local', 'pdf': 'call-sheet' };
/** Longest name part for one party: keeps whole names well under 255 bytes. */
const PARTY_MAX = 40;

/** One party as a file-name part: reserved characters and whitespace become "-", at most PARTY_MAX characters. */
export function safePart(s: string): string {
  const cleaned = s.normalize('NFC')
    // Reserved on Windows or meaningful to shells/URLs, control characters, and whitespace.
    .replace(/[\\/:*?"<>|#%&{}$!'`=@\u0000-\u001f\u007f\s]+/gu, '-')
    .replace(/-+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return Array.from(cleaned).slice(0, PARTY_MAX).join('').replace(/[-.]+$/g, '');
}

/** "2026-11-26_14-03-05" in the given offset from UTC (minutes, default: this browser's zone at that time). */
export function fileTimestamp(ms: number, offsetMinutes = -new Date(ms).getTimezoneOffset()): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}_${p(d.getUTCHours())}-${p(d.getUTCMinutes())}-${p(d.getUTCSeconds())}`;
}

/** Base name without extension: "2026-11-26_14-03-05_Alice_from_Bob-Smith". */
export function exportBaseName(r: NamedRecording, offsetMinutes?: number): string {
  const owner = safePart(r.ownerName ?? r.ownerNumber ?? r.ownerSip ?? '');
  const remote = safePart(r.remoteName ?? r.remoteNumber ?? '');
  const link = r.direction === 'in' ? 'from' : r.direction === 'out' ? 'to' : 'with';
  const parts = [fileTimestamp(r.startTime, offsetMinutes)];
  if (owner) parts.push(owner);
  if (remote) parts.push(link, remote);
  return parts.join('_');
}

/** Full file name for one kind of download. */
export function exportFileName(r: NamedRecording, kind: ExportKind, offsetMinutes?: number): string {
  const suffix = SUFFIX[kind];
  return `${exportBaseName(r, offsetMinutes)}${suffix ? `_${suffix}` : ''}.${EXT[kind]}`;
}

/** Makes names unique within one archive: the second "a.wav" becomes "a (2).wav". */
export function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  const used = new Set<string>();
  return names.map((n) => {
    let candidate = n;
    let k = seen.get(n) ?? 1;
    while (used.has(candidate)) {
      k++;
      const dot = n.lastIndexOf('.');
      candidate = dot > 0 ? `${n.slice(0, dot)} (${k})${n.slice(dot)}` : `${n} (${k})`;
    }
    seen.set(n, k);
    used.add(candidate);
    return candidate;
  });
}
