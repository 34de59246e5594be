// Shared record layouts and codes of the decoder core.
// Every struct here is read by src/worker/wasm-module.ts through DataView at the
// same offsets, so a change here must be mirrored there (src/worker/wasm-layout.ts).

// ---- Codec ids (what a payload type maps to) --------------------------------
export const CODEC_UNKNOWN: i32 = 0;
export const CODEC_PCMU: i32 = 1;
export const CODEC_PCMA: i32 = 2;
export const CODEC_G722: i32 = 3;
export const CODEC_G729: i32 = 4;
export const CODEC_OPUS: i32 = 5;
export const CODEC_CN: i32 = 6;
export const CODEC_TELEPHONE_EVENT: i32 = 7;
export const CODEC_L16: i32 = 8;
export const CODEC_GSM: i32 = 9;
export const CODEC_G726: i32 = 10;
export const CODEC_G723: i32 = 11;
export const CODEC_ILBC: i32 = 12;
export const CODEC_AMR: i32 = 13;
export const CODEC_AMR_WB: i32 = 14;
export const CODEC_SPEEX: i32 = 15;
export const CODEC_COUNT: i32 = 16;

// ---- Fatal error codes (negative return values) ------------------------------
export const ERR_NOT_A_CAPTURE: i32 = -1; // first bytes are no pcap/pcapng magic
export const ERR_BAD_HEADER: i32 = -2; // file header present but malformed/truncated
export const ERR_OUT_OF_MEMORY: i32 = -3; // memory.grow failed
export const ERR_NO_AUDIO: i32 = -4; // plan(): no RTP stream at all
export const ERR_STATE: i32 = -5; // call order violated (e.g. render before plan)
export const ERR_TOO_LARGE: i32 = -6; // input or output beyond the wasm32 address space

// ---- Warning codes ------------------------------------------------------------
export const W_TRUNCATED_FILE: i32 = 1; // last record incomplete (detail = its file offset)
export const W_TRUNCATED_PACKET: i32 = 2; // caplen < len and RTP payload cut: packets skipped (once; detail = count)
export const W_BAD_RECORD: i32 = 3; // record/block with impossible length: scanning stops there (detail = file offset)
export const W_UNSUPPORTED_LINK: i32 = 4; // packets on a link type we do not parse (detail = link type)
export const W_CODEC_UNSUPPORTED: i32 = 5; // stream payload not decodable here (detail = codec id << 8 | pt)
export const W_UNKNOWN_PT: i32 = 6; // dynamic PT without mapping (detail = pt)
export const W_FRAGMENT_INCOMPLETE: i32 = 7; // IP datagrams never completed (once; detail = count)
export const W_SSRC_CHANGE: i32 = 8; // new SSRC chained onto a channel (detail = new ssrc)
export const W_PT_CHANGE: i32 = 9; // payload type switched mid-stream (detail = new pt)
export const W_TIMESTAMP_JUMP: i32 = 10; // RTP timestamp discontinuity re-anchored (detail = jump in ms)
export const W_GAP_CAPPED: i32 = 11; // silence fill capped (detail = gap in ms)
export const W_DRIFT_CORRECTED: i32 = 12; // clock drift correction applied (detail = ms)
export const W_TOO_MANY_STREAMS: i32 = 13; // stream table full: later streams ignored (detail = MAX_STREAMS)
export const W_LATE_PACKET: i32 = 14; // arrived beyond the reorder window: dropped
export const W_MALFORMED_RTP: i32 = 15; // bad padding/extension length: packets skipped (once; detail = count)
export const W_ONE_WAY: i32 = 16; // only one direction has audio (detail = channel with audio)
export const W_TABLE_FULL: i32 = 17; // a fixed-size table full (once per table; detail 1 SIP, 2 RTCP, 3 packets, 4 fragment store)

// ---- Channels -------------------------------------------------------------------
export const CH_LEFT: i32 = 0; // remote party
export const CH_RIGHT: i32 = 1; // local user
export const CH_AUTO: i32 = -1;

// ---- PacketRecord: one RTP packet (32 bytes) ----------------------------------
export const PKT_SIZE: i32 = 32;
export const PKT_TIME_NS: i32 = 0; // i64 capture time, ns since the Unix epoch
export const PKT_PAYLOAD_PTR: i32 = 8; // u32 absolute address of the RTP payload (after CSRC/extension)
export const PKT_PAYLOAD_LEN: i32 = 12; // u32 payload length with padding removed
export const PKT_SSRC: i32 = 16; // u32
export const PKT_RTP_TS: i32 = 20; // u32
export const PKT_SEQ: i32 = 24; // u16
export const PKT_PT: i32 = 26; // u8 payload type (7 bits)
export const PKT_FLAGS: i32 = 27; // u8 bit0 marker
export const PKT_STREAM: i32 = 28; // u16 stream index
export const PKT_SPARE: i32 = 30; // u16 free for the timeline (e.g. status bits)
export const PKT_FLAG_MARKER: u8 = 1;

// ---- StreamInfo: one RTP stream = 5-tuple + SSRC (256 bytes) --------------------
export const MAX_STREAMS: i32 = 256;
export const STREAM_SIZE: i32 = 256;
// identity (written by ingest)
export const S_FAMILY: i32 = 0; // u8 4 or 6
export const S_SRC_ADDR: i32 = 4; // 16 bytes (IPv4 in the first 4)
export const S_DST_ADDR: i32 = 20; // 16 bytes
export const S_SRC_PORT: i32 = 36; // u16
export const S_DST_PORT: i32 = 38; // u16
export const S_SSRC: i32 = 40; // u32
export const S_FIRST_PT: i32 = 44; // u8 first payload type seen
export const S_PT_MASK_LO: i32 = 48; // u64 bitmask of PTs 0..63 seen
export const S_PT_MASK_HI: i32 = 56; // u64 bitmask of PTs 64..127 seen
export const S_PACKETS: i32 = 64; // u32 RTP packets received (incl. duplicates)
export const S_FIRST_TIME_NS: i32 = 72; // i64
export const S_LAST_TIME_NS: i32 = 80; // i64
export const S_BYTES: i32 = 88; // u64 payload bytes
// results (written by the timeline in plan())
export const S_CHANNEL: i32 = 96; // i32 CH_LEFT/CH_RIGHT, -1 = not placed (e.g. only events)
export const S_CODEC: i32 = 100; // i32 codec id of the first audio PT
export const S_CLOCK: i32 = 104; // u32 RTP clock rate of that codec
export const S_EXPECTED: i32 = 108; // u32 expected packets from extended sequence numbers
export const S_LOST: i32 = 112; // i32 expected - received unique (RFC 3550: may be negative)
export const S_DUPLICATES: i32 = 116; // u32
export const S_REORDERED: i32 = 120; // u32
export const S_JITTER_US: i32 = 124; // u32 RFC 3550 interarrival jitter, final value, microseconds
export const S_MAX_GAP_US: i32 = 128; // u32 largest capture-time gap between consecutive packets
export const S_SSRC_CHANGES: i32 = 132; // u32 (on the first stream of a channel chain)
export const S_PT_CHANGES: i32 = 136; // u32
export const S_START_FRAME: i32 = 140; // u32 output frame where this stream's audio starts
export const S_END_FRAME: i32 = 144; // u32 output frame after its last sample
export const S_EVENTS: i32 = 148; // u32 telephone-events reported
export const S_CN_PACKETS: i32 = 152; // u32 comfort-noise packets
export const S_LATE: i32 = 156; // u32 dropped as too late for the reorder window
export const S_MAX_JITTER_US: i32 = 160; // u32
export const S_DRIFT_PPM: i32 = 164; // i32 RTP clock vs capture clock, parts per million
export const S_RTCP_JITTER_US: i32 = 168; // u32 last jitter reported for this SSRC by RTCP RR, or 0xFFFFFFFF
export const S_RTCP_LOST: i32 = 172; // i32 last cumulative loss reported by RTCP RR, or -1
export const S_RTCP_PACKETS: i32 = 176; // u32 RTCP packets seen on this 5-tuple (+1 port)
export const S_FLAGS: i32 = 180; // u32 bit0 innovaphone port rule applied, bit1 overridden
// 184..255 free

// ---- EventRecord: telephone-event marker (16 bytes) ----------------------------
export const MAX_EVENTS: i32 = 8192;
export const EVT_SIZE: i32 = 16;
export const EVT_FRAME: i32 = 0; // u32 output frame of the event start
export const EVT_DURATION: i32 = 4; // u32 duration in output frames
export const EVT_CHANNEL: i32 = 8; // u8
export const EVT_CODE: i32 = 9; // u8 RFC 4733 event 0..15
export const EVT_VOLUME: i32 = 10; // u8
export const EVT_STREAM: i32 = 12; // u16

// ---- WarningRecord (16 bytes) ----------------------------------------------------
export const MAX_WARNINGS: i32 = 4096;
export const WARN_SIZE: i32 = 16;
export const WARN_CODE: i32 = 0; // i32 W_*
export const WARN_STREAM: i32 = 4; // i32 stream index or -1
export const WARN_TIME_MS: i32 = 8; // i32 position: ms since t0 (or file offset / 1024 before t0 is known: -1)
export const WARN_DETAIL: i32 = 12; // i32 code-specific

// ---- SipRecord: a SIP message carried in the capture (8 bytes) --------------------
export const MAX_SIP: i32 = 512;
export const SIP_SIZE: i32 = 8;
export const SIP_PTR: i32 = 0; // u32 absolute address of the UDP payload
export const SIP_LEN: i32 = 4; // u32

// ---- RtcpRecord: one report block / sender report (24 bytes) -----------------------
export const MAX_RTCP: i32 = 65536;
export const RTCP_SIZE: i32 = 24;
export const RTCP_TIME_NS: i32 = 0; // i64 capture time
export const RTCP_SSRC: i32 = 8; // u32 reported-on SSRC (report block) or sender SSRC (SR)
export const RTCP_JITTER: i32 = 12; // u32 interarrival jitter in RTP units (report block)
export const RTCP_LOST: i32 = 16; // i32 cumulative lost (24-bit signed, sign-extended)
export const RTCP_KIND: i32 = 20; // u8 200 SR, 201 RR block

// ---- ExtRecord: a payload JS decodes itself (Opus), listed per render() chunk (24 bytes)
// Its audio starts at FRAME_OFFSET in this chunk and covers FRAMES output frames; what
// runs past the chunk end is carried by JS into the start of the next chunk, which the
// core leaves silent for it.
export const MAX_EXT: i32 = 4096;
export const EXT_SIZE: i32 = 24;
export const EXT_FRAME_OFFSET: i32 = 0; // u32 frame in this chunk
export const EXT_CHANNEL: i32 = 4; // u8
export const EXT_CODEC: i32 = 5; // u8 codec id
export const EXT_FLAGS: i32 = 6; // u8 bit0: discontinuity before this packet (loss/gap: decoder may conceal)
export const EXT_STREAM: i32 = 8; // u16
export const EXT_PAYLOAD_PTR: i32 = 12; // u32
export const EXT_PAYLOAD_LEN: i32 = 16; // u32
export const EXT_FRAMES: i32 = 20; // u32 output frames this packet covers (from RTP timestamps / TOC)
