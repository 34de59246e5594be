// Exports of the ingest part of the core (see wasm/README.md for the ABI).
import {
  pktCount, streamCount as nStreams, sipCount as nSip, rtcpCount as nRtcp, warnCount, eventCount as nEvents,
  streamBase, sipBase, rtcpBase, warnBase, eventBase,
} from "./arena";
import { scanInput, scanOffsetValue } from "./scan";

/** Parses every complete record in input [0, avail) not parsed yet; final = 1 on the last call. 0 or ERR_*. */
export function scan(avail: u32, final: i32): i32 { return scanInput(avail, final != 0); }
/** Bytes of the input consumed so far (progress). */
export function scanOffset(): u32 { return scanOffsetValue(); }

export function packetCount(): u32 { return pktCount; }
export function streamCount(): i32 { return nStreams; }
export function sipCount(): i32 { return nSip; }
export function rtcpCount(): i32 { return nRtcp; }
export function warningCount(): i32 { return warnCount; }
export function eventCount(): i32 { return nEvents; }

export function streamsPtr(): usize { return streamBase; }
export function sipsPtr(): usize { return sipBase; }
export function rtcpsPtr(): usize { return rtcpBase; }
export function warningsPtr(): usize { return warnBase; }
export function eventsPtr(): usize { return eventBase; }
