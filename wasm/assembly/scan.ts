// Incremental ingest driver: recognises the container, hands complete records to pcap.ts /
// pcapng.ts, and keeps everything needed to resume in globals, because JS copies the file
// in pieces and calls scan() after each one. Also home of the ingest warning helpers.
import {
  inputBase, inputCap, fragUsed, setFragUsed, warn, warnBase, warnCount,
} from "./arena";
import {
  ERR_NOT_A_CAPTURE, ERR_BAD_HEADER, W_TRUNCATED_FILE, W_BAD_RECORD, W_TABLE_FULL, WARN_SIZE, WARN_DETAIL, MAX_WARNINGS,
} from "./layout";
import { pcapReset, pcapScan, pcapHeaderDone } from "./pcap";
import { pcapngReset, pcapngScan, pcapngHeaderDone } from "./pcapng";
import { fragmentsReset, fragmentsFlush } from "./fragments";
import { classifyReset } from "./classify";
import { linkReset } from "./link";
import { ipReset } from "./ip";

const FMT_NONE: i32 = 0;
const FMT_PCAP: i32 = 1;
const FMT_PCAPNG: i32 = 2;

/**
 * arena.reset() zeroes fragUsed and nothing else of ours; keeping the first bytes of the
 * fragment store reserved makes fragUsed == 0 the signal that a new file started.
 */
const FRAG_RESERVED: u32 = 16;

let format: i32 = FMT_NONE;
let offset: u32 = 0;
let fatal: i32 = 0;
let stopped: bool = false;
let finished: bool = false;
let lastTime: i64 = 0;
let haveFirstRtp: bool = false;
let firstRtpNs: i64 = 0;

/** Per warning code: 1 + index of its single (counted) warning record, 0 = not yet emitted. */
const COUNTED = memory.data(64 * 4);

function initState(): void {
  format = FMT_NONE; offset = 0; fatal = 0; stopped = false; finished = false;
  lastTime = 0; haveFirstRtp = false; firstRtpNs = 0;
  memory.fill(COUNTED, 0, 64 * 4);
  setFragUsed(FRAG_RESERVED);
  pcapReset();
  pcapngReset();
  fragmentsReset();
  classifyReset();
  linkReset();
  ipReset();
}

/** Parses what is complete in input [0, avail); final = the whole file is there. */
export function scanInput(avail: u32, final: bool): i32 {
  if (fragUsed == 0) initState();
  if (fatal != 0) return fatal;
  if (finished) return 0;
  if (avail > inputCap) avail = inputCap;
  if (avail < offset) return 0;
  const base = inputBase;
  if (format == FMT_NONE) {
    if (avail < 4) {
      if (final) return fail(avail > 0 && isMagicPrefix(base, avail) ? ERR_BAD_HEADER : ERR_NOT_A_CAPTURE);
      return 0;
    }
    const m = load<u32>(base);
    if (m == 0xa1b2c3d4 || m == 0xd4c3b2a1 || m == 0xa1b23c4d || m == 0x4d3cb2a1) format = FMT_PCAP;
    else if (m == 0x0a0d0d0a) format = FMT_PCAPNG;
    else return fail(ERR_NOT_A_CAPTURE);
  }
  if (!stopped) {
    offset = format == FMT_PCAP ? pcapScan(base, offset, avail) : pcapngScan(base, offset, avail);
    if (fatal != 0) return fatal;
  }
  if (final) {
    const headerDone = format == FMT_PCAP ? pcapHeaderDone() : pcapngHeaderDone();
    if (!headerDone) return fail(ERR_BAD_HEADER);
    if (!stopped && offset < avail) warn(W_TRUNCATED_FILE, -1, warnTime(lastTime), <i32>min<u32>(offset, 0x7fffffff));
    fragmentsFlush(lastTime);
    finished = true;
  }
  return 0;
}

function isMagicPrefix(base: usize, n: u32): bool {
  // Any of the pcap/pcapng magics, in either byte order, starting with these n bytes.
  const b0 = load<u8>(base);
  const b1: u32 = n > 1 ? load<u8>(base + 1) : 0x100;
  if (b0 == 0xd4 || b0 == 0x4d) return b1 == 0x100 || b1 == 0xc3 || b1 == 0x3c;
  if (b0 == 0xa1) return b1 == 0x100 || b1 == 0xb2;
  if (b0 == 0x0a) return b1 == 0x100 || b1 == 0x0d;
  return false;
}

function fail(code: i32): i32 {
  fatal = code;
  return code;
}

/** Bytes consumed so far. */
export function scanOffsetValue(): u32 { return offset; }

/** Fatal container error found by a format parser (returned by this and every later scan). */
export function scanFail(code: i32): void { fatal = code; }

/** A record with an impossible length: the rest of the file cannot be framed. */
export function scanBadRecord(at: u32): void {
  warn(W_BAD_RECORD, -1, warnTime(lastTime), <i32>min<u32>(at, 0x7fffffff));
  stopped = true;
}

/** Capture time of the record being parsed (also the time of pcapng simple packets). */
export function setRecordTime(t: i64): void { lastTime = t; }
export function recordTime(): i64 { return lastTime; }

/** The first accepted RTP packet anchors warning positions. */
export function noteRtpTime(t: i64): void {
  if (!haveFirstRtp) { haveFirstRtp = true; firstRtpNs = t; }
}

/** Warning position: ms since the first RTP packet seen so far, -1 before it. */
export function warnTime(t: i64): i32 {
  if (!haveFirstRtp) return -1;
  const d = (t - firstRtpNs) / 1000000;
  if (d < 0) return 0;
  return d > 0x7fffffff ? 0x7fffffff : <i32>d;
}

/**
 * Warnings that can repeat per packet are emitted once; later occurrences only raise its
 * detail, which therefore counts the packets or datagrams affected.
 */
export function warnCounted(code: i32, t: i64): void {
  const slot = COUNTED + (<usize>(code & 63) << 2);
  const idx = load<i32>(slot);
  if (idx > 0) {
    const p = warnBase + <usize>(idx - 1) * WARN_SIZE;
    store<i32>(p, load<i32>(p, WARN_DETAIL) + 1, WARN_DETAIL);
    return;
  }
  if (warnCount >= MAX_WARNINGS) return;
  warn(code, -1, warnTime(t), 1);
  store<i32>(slot, warnCount);
}

/** Emits `code` only the first time it is raised (per file); returns whether it was emitted now. */
export function warnOnce(code: i32, stream: i32, t: i64, detail: i32): bool {
  return warnOnceKeyed(code & 31, code, stream, t, detail);
}

/** W_TABLE_FULL detail: which table overflowed. */
export const TABLE_SIP: i32 = 1;
export const TABLE_RTCP: i32 = 2;
export const TABLE_PACKETS: i32 = 3;
export const TABLE_FRAGMENTS: i32 = 4;

/** W_TABLE_FULL once per table (detail = TABLE_*). */
export function warnTableFull(table: i32, t: i64): void {
  warnOnceKeyed(32 + (table & 31), W_TABLE_FULL, -1, t, table);
}

function warnOnceKeyed(key: i32, code: i32, stream: i32, t: i64, detail: i32): bool {
  const slot = COUNTED + (<usize>(key & 63) << 2);
  if (load<i32>(slot) != 0) return false;
  store<i32>(slot, -1);
  warn(code, stream, warnTime(t), detail);
  return true;
}
