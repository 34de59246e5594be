// Exports of the ingest part of the core (see wasm/README.md for the ABI).
//
// What scan() fills, beyond the record layouts in layout.ts:
// - Packet table: one record per accepted RTP packet in file order; payload pointers point
//   into the input, or into the fragment store for reassembled datagrams.
// - Stream table: identity and ingest fields only (S_FAMILY … S_BYTES); first/last time
//   are the min/max capture times. The result fields from S_CHANNEL on are plan()'s.
// - RTCP table: a kind-200 record per sender report (sender SSRC, jitter/lost 0) and a
//   kind-201 record per report block of SR or RR.
// - SIP table: fully captured UDP payloads / single TCP segments starting with a SIP
//   method or "SIP/2.0 ".
// - Warnings (stream -1, timeMs from the first accepted RTP packet or -1):
//   W_TRUNCATED_PACKET, W_MALFORMED_RTP, W_FRAGMENT_INCOMPLETE appear once each, their
//   detail counting the packets/datagrams affected; W_BAD_RECORD and W_TRUNCATED_FILE
//   carry the file offset of the record; W_UNSUPPORTED_LINK once per link type (detail =
//   type); W_TOO_MANY_STREAMS once (detail = MAX_STREAMS); W_TABLE_FULL once per table
//   (detail 1 SIP, 2 RTCP, 3 packets, 4 fragment store).
// - RTP/RTCP is only taken from UDP with both ports >= 1024 (well-known services such as
//   DNS start with RTP-like bytes); RTCP is recognised by packet types 192–223 (RFC 5761).
// - Tunnels from mirror ports are unwrapped: GRE, ERSPAN I/II/III, VXLAN (port 4789),
//   IPv4/IPv6-in-IP. RTP over TCP (RFC 4571) is not parsed.
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
