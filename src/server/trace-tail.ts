import { open } from 'node:fs/promises';
import type { TraceCategory, TraceLineLevel, TraceLogLine } from '../shared/messages.js';

/** Bytes read from the end of the file per request at most: a page never costs more than this. */
export const TRACE_SCAN_MAX = 1024 * 1024;
const CHUNK = 64 * 1024;
/** Characters of one line handed out; longer lines end in "…" (the result stays small). */
export const TRACE_TEXT_MAX = 1000;
/** Characters of text per page at most, so a result frame stays well below the 256 KiB frame size. */
export const TRACE_RESULT_MAX = 160 * 1024;

const RANK: Record<TraceLineLevel, number> = { error: 1, info: 2, debug: 3 };
const LINE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) (recording|callInfo|converting|license|ui) (error|info|debug) (.*)$/s;

export interface TraceTailQuery {
  before?: number;
  limit: number;
  level?: TraceLineLevel;
  category?: TraceCategory;
}

export interface TraceTail {
  /** newest first */
  lines: TraceLogLine[];
  /** where the next older page ends; null when the start of the file was reached */
  before: number | null;
  size: number;
}

/** One line of trace.log in the format Trace writes; anything else is kept as bare text. */
export function parseTraceLine(raw: string): TraceLogLine {
  const text = raw.length > TRACE_TEXT_MAX ? raw.slice(0, TRACE_TEXT_MAX - 1) + '…' : raw;
  const m = LINE.exec(raw);
  if (!m) return { at: null, category: null, level: null, text };
  const body = m[4]!;
  return {
    at: Date.parse(m[1]!), category: m[2] as TraceCategory, level: m[3] as TraceLineLevel,
    text: body.length > TRACE_TEXT_MAX ? body.slice(0, TRACE_TEXT_MAX - 1) + '…' : body,
  };
}

function wanted(l: TraceLogLine, q: TraceTailQuery): boolean {
  if (q.level === undefined && q.category === undefined) return true;
  // a line of unknown format has no level or category to match a filter
  if (l.level === null || l.category === null) return false;
  if (q.level !== undefined && RANK[l.level] > RANK[q.level]) return false;
  if (q.category !== undefined && l.category !== q.category) return false;
  return true;
}

/**
 * Reads trace.log backwards from `before` (default: its end) until `limit` lines pass the filter,
 * TRACE_RESULT_MAX characters are collected, the start of the file, or TRACE_SCAN_MAX bytes. Offsets are bytes at line starts, so the next
 * page continues exactly where this one stopped even while the file grows at its end.
 */
export async function readTraceTail(file: string, q: TraceTailQuery): Promise<TraceTail> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], before: null, size: 0 };
    throw e;
  }
  try {
    const size = (await fh.stat()).size;
    const end = Math.min(q.before ?? size, size);
    const lines: TraceLogLine[] = [];
    let pos = end; // bytes [pos, end) have been read
    let resume = end; // start of the oldest line looked at: the next page ends here
    let pending = Buffer.alloc(0); // the part of a line that starts before `pos`
    let scanned = 0;
    let chars = 0;
    while (pos > 0) {
      if (scanned >= TRACE_SCAN_MAX) {
        // No whole line in a full scan (one giant line): hand out its end so paging moves on.
        if (resume === end && pending.length > 0) {
          const l = parseTraceLine('…' + pending.toString('utf8'));
          if (wanted(l, q)) lines.push(l);
          resume = pos;
        }
        return { lines, before: resume, size };
      }
      const start = Math.max(0, pos - CHUNK);
      const buf = Buffer.alloc(pos - start);
      await fh.read(buf, 0, buf.length, start);
      scanned += buf.length;
      pos = start;
      const all = pending.length > 0 ? Buffer.concat([buf, pending]) : buf;
      // segment starts: 0, then after every newline
      const starts = [0];
      for (let i = all.indexOf(10); i >= 0; i = all.indexOf(10, i + 1)) starts.push(i + 1);
      const firstWhole = pos === 0 ? 0 : 1; // segment 0 is whole only at the start of the file
      let segEnd = all.length;
      for (let k = starts.length - 1; k >= firstWhole; k--) {
        const s = starts[k]!;
        const raw = all.subarray(s, k === starts.length - 1 ? segEnd : segEnd - 1);
        segEnd = s;
        resume = pos + s;
        if (raw.length === 0) continue;
        const l = parseTraceLine(raw.toString('utf8'));
        if (!wanted(l, q)) continue;
        lines.push(l);
        chars += l.text.length + 48; // + the other fields
        if (lines.length >= q.limit || chars >= TRACE_RESULT_MAX) return { lines, before: resume > 0 ? resume : null, size };
      }
      pending = firstWhole === 1 ? Buffer.from(all.subarray(0, starts.length > 1 ? starts[1]! - 1 : all.length)) : Buffer.alloc(0);
      // An overlong partial line keeps only the bytes next to the next chunk: they stay contiguous
      // with it (offsets stay exact) and the line is cut to TRACE_TEXT_MAX anyway.
      if (pending.length > 4 * TRACE_TEXT_MAX) pending = Buffer.from(pending.subarray(0, 4 * TRACE_TEXT_MAX));
    }
    return { lines, before: null, size };
  } finally {
    await fh.close();
  }
}
