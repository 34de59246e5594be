// G.729 entry points for tests and tools (module-level decoder), plus the per-stream API
// that render() uses with states in its own memory (see wasm/assembly/g729/decoder.ts).
//
// Test framing of g729DecodeBuffer: a sequence of records [tag][payload], tag 10 = speech
// frame (10 bytes follow), 2 = SID frame (2 bytes follow), 0 = untransmitted frame (DTX,
// nothing follows), 0xFF = erased frame (nothing follows). Every record yields 80 samples.
// 0 and 0xFF decode alike (g729Erasure), as they must at a receiver; they stay distinct so
// fixtures say what the encoder did.
import {
  G729_STATE_BYTES, g729Init, g729DecodeFrame, g729DecodeSid, g729Comfort, g729Erasure,
  g729PayloadFrames, g729PayloadValid, g729DecodePayload,
} from "./g729/decoder";

export {
  G729_STATE_BYTES, g729Init, g729DecodeFrame, g729DecodeSid, g729Comfort, g729Erasure,
  g729PayloadFrames, g729PayloadValid, g729DecodePayload,
};

const g729State: usize = memory.data(G729_STATE_BYTES, 16);
let g729Ready = false;

/** Bytes one G.729 decoder state needs (for JS callers that lay states out themselves). */
export function g729StateBytes(): i32 { return G729_STATE_BYTES; }

/** Starts the module-level G.729 decoder from its initial state. */
export function g729Reset(): void {
  g729Init(g729State);
  g729Ready = true;
}

/**
 * Decodes `n` bytes of tagged records at `src` (framing above) into Int16 samples at `dst`
 * with the module-level state; returns samples written. A truncated or unknown record ends
 * decoding there (what was decoded before it is kept).
 */
export function g729DecodeBuffer(src: usize, n: u32, dst: usize): u32 {
  if (!g729Ready) g729Reset();
  let p: u32 = 0;
  let out: usize = dst;
  while (p < n) {
    const tag = <i32>load<u8>(src + <usize>p);
    p++;
    if (tag == 10) {
      if (n - p < 10) break;
      g729DecodeFrame(g729State, src + <usize>p, out);
      p += 10;
    } else if (tag == 2) {
      if (n - p < 2) break;
      g729DecodeSid(g729State, src + <usize>p, 2);
      g729Comfort(g729State, out);
      p += 2;
    } else if (tag == 0 || tag == 0xff) {
      // A receiver cannot tell an untransmitted frame from a lost one; Annex B's rule
      // (concealment after speech, comfort noise after SID/noise) decides for both.
      g729Erasure(g729State, out);
    } else break;
    out += 160;
  }
  return <u32>((out - dst) >> 1);
}
