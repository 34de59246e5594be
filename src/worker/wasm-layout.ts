// Mirror of wasm/assembly/layout.ts: offsets and codes as the JS side reads them.
// Keep in step with that file.

export const PKT = { SIZE: 32, TIME_NS: 0, PAYLOAD_PTR: 8, PAYLOAD_LEN: 12, SSRC: 16, RTP_TS: 20, SEQ: 24, PT: 26, FLAGS: 27, STREAM: 28 } as const;

export const STREAM = {
  SIZE: 256, FAMILY: 0, SRC_ADDR: 4, DST_ADDR: 20, SRC_PORT: 36, DST_PORT: 38, SSRC: 40, FIRST_PT: 44,
  PT_MASK_LO: 48, PT_MASK_HI: 56, PACKETS: 64, FIRST_TIME_NS: 72, LAST_TIME_NS: 80, BYTES: 88,
  CHANNEL: 96, CODEC: 100, CLOCK: 104, EXPECTED: 108, LOST: 112, DUPLICATES: 116, REORDERED: 120,
  JITTER_US: 124, MAX_GAP_US: 128, SSRC_CHANGES: 132, PT_CHANGES: 136, START_FRAME: 140, END_FRAME: 144,
  EVENTS: 148, CN_PACKETS: 152, LATE: 156, MAX_JITTER_US: 160, DRIFT_PPM: 164, RTCP_JITTER_US: 168,
  RTCP_LOST: 172, RTCP_PACKETS: 176, FLAGS: 180,
} as const;

export const EVT = { SIZE: 16, FRAME: 0, DURATION: 4, CHANNEL: 8, CODE: 9, VOLUME: 10, STREAM: 12 } as const;
export const WARN = { SIZE: 16, CODE: 0, STREAM: 4, TIME_MS: 8, DETAIL: 12 } as const;
export const SIP = { SIZE: 8, PTR: 0, LEN: 4 } as const;
export const RTCP = { SIZE: 24, TIME_NS: 0, SSRC: 8, JITTER: 12, LOST: 16, KIND: 20 } as const;

/** Codec ids in the order of CODEC_NAMES in src/shared/decoder-types.ts. */
export const CODEC = {
  UNKNOWN: 0, PCMU: 1, PCMA: 2, G722: 3, G729: 4, OPUS: 5, CN: 6, TELEPHONE_EVENT: 7,
  L16: 8, GSM: 9, G726: 10, G723: 11, ILBC: 12, AMR: 13, AMR_WB: 14, SPEEX: 15,
} as const;

/** Fatal codes returned as negative numbers by scan/plan/render, mapped to ErrorCode. */
export const FATAL = {
  [-1]: 'not-a-capture', [-2]: 'bad-header', [-3]: 'out-of-memory', [-4]: 'no-audio', [-5]: 'decoder-state', [-6]: 'too-large',
} as const;
export const EXT = { SIZE: 24, FRAME_OFFSET: 0, CHANNEL: 4, CODEC: 5, FLAGS: 6, STREAM: 8, PAYLOAD_PTR: 12, PAYLOAD_LEN: 16, FRAMES: 20 } as const;
/** Frames per channel one render() call can produce (wasm/assembly/arena.ts OUT_CAP_FRAMES). */
export const OUT_CAP_FRAMES = 96000;
