// SDP a=rtpmap lines from the SIP signalling in a capture → payload-type mapping for the core.
// innovaphone PCAPs carry no SIP; captures from SIP test tools and SBCs do, and their dynamic
// payload types (Opus, telephone-event, iLBC …) only make sense through it.
import { CODEC } from './wasm-layout.js';

export interface PayloadMapping {
  pt: number;
  codec: number;
  /** RTP clock rate from the rtpmap line */
  clock: number;
}

/** Encoding names as registered with IANA (compared case-insensitively) → codec id. */
const ENCODINGS: Record<string, number> = {
  pcmu: CODEC.PCMU, pcma: CODEC.PCMA, g722: CODEC.G722,
  g729: CODEC.G729, g729a: CODEC.G729, g729d: CODEC.G729, g729e: CODEC.G729,
  opus: CODEC.OPUS, 'telephone-event': CODEC.TELEPHONE_EVENT, cn: CODEC.CN,
  l16: CODEC.L16, gsm: CODEC.GSM, g723: CODEC.G723, ilbc: CODEC.ILBC,
  amr: CODEC.AMR, 'amr-wb': CODEC.AMR_WB, speex: CODEC.SPEEX,
  g726: CODEC.G726, 'aal2-g726': CODEC.G726,
};

/**
 * Maps an rtpmap encoding name to a codec id. Names the core has no id for (EVS, red …) map to
 * CODEC.UNKNOWN on purpose: that overrides innovaphone's default for the same number, so the
 * stream is reported as unsupported instead of being decoded as the wrong codec.
 */
export function codecForEncoding(name: string): number {
  const key = name.trim().toLowerCase();
  if (Object.hasOwn(ENCODINGS, key)) return ENCODINGS[key];
  // RFC 3551 names G.726 by bit rate: G726-16/24/32/40, AAL2-G726-xx for the other packing.
  if (/^(aal2-)?g726-(16|24|32|40)$/.test(key)) return CODEC.G726;
  return CODEC.UNKNOWN;
}

/**
 * Collects the a=rtpmap lines of every audio media section in the given SIP messages.
 * When several messages map the same payload type, the later one wins: a re-INVITE or an
 * answer describes what is used from then on.
 */
export function payloadMappingsFromSip(messages: readonly string[]): PayloadMapping[] {
  const byPt = new Map<number, PayloadMapping>();
  for (const msg of messages) {
    for (const m of parseRtpmaps(msg)) byPt.set(m.pt, m);
  }
  return [...byPt.values()].sort((a, b) => a.pt - b.pt);
}

/** a=rtpmap lines inside `m=audio` sections of one SIP message (or bare SDP body). */
export function parseRtpmaps(message: string): PayloadMapping[] {
  const out: PayloadMapping[] = [];
  let inAudio = false;
  for (const raw of message.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('m=')) {
      inAudio = /^m=audio\s/i.test(line);
      continue;
    }
    if (!inAudio) continue;
    // a=rtpmap:<payload type> <encoding name>/<clock rate>[/<channels>]
    const m = /^a=rtpmap:(\d{1,3})\s+([A-Za-z0-9._-]+)\/(\d{1,6})(?:\/\d+)?\s*$/i.exec(line);
    if (!m) continue;
    const pt = Number(m[1]);
    const clock = Number(m[3]);
    const codec = codecForEncoding(m[2]);
    if (pt > 127 || clock <= 0) continue;
    out.push({ pt, codec, clock });
  }
  return out;
}
