// Exports of the timeline part of the core (see wasm/README.md for the ABI).
import { payloadMapSet } from "./payload-map";
import { setChannelOverride, setSwapFlag, channelRule as rule } from "./channels";
import { planTimeline, planned, outRate, totalFrames as frames } from "./timeline";
import { t0Ns } from "./sequencer";
import { renderRestart, renderChunk, outChannelPtr, extCountNow, extTablePtr, setRenderMask } from "./render";

/** Maps payload type `pt` to codec id `codec` (layout.ts CODEC_*) at RTP clock `clock`. */
export function setPayloadType(pt: i32, codec: i32, clock: i32): void { payloadMapSet(pt, codec, clock); }
/** Puts stream `stream` on channel `ch` (0 left, 1 right, -1 automatic). */
export function setChannel(stream: i32, ch: i32): void { setChannelOverride(stream, ch); }
/** Swaps the automatically chosen sides. */
export function setSwap(flag: i32): void { setSwapFlag(flag); }

/** Channels, order, placement, statistics, events, warnings. 0 or ERR_*. */
export function plan(): i32 {
  const rc = planTimeline();
  if (rc < 0) return rc;
  return renderRestart();
}

export function sampleRate(): u32 { return planned ? outRate : 0; }
export function totalFrames(): u32 { return planned ? frames : 0; }
export function startTimeNs(): i64 { return planned ? t0Ns : 0; }
export function channelRule(): i32 { return rule; }

/** Next ≤ maxFrames frames into outPtr(0)/outPtr(1); 0 at the end, ERR_STATE before plan(). */
export function render(maxFrames: i32): i32 { return renderChunk(maxFrames); }
/** Channels render() decodes from now on: 1 left, 2 right, 3 both (the default after reset()). */
export function setRenderChannels(mask: i32): void { setRenderMask(mask); }
/** Back to frame 0 with fresh decoder states. */
export function renderReset(): void { if (planned) renderRestart(); }
export function outPtr(ch: i32): usize { return outChannelPtr(ch); }
export function extCount(): i32 { return extCountNow(); }
export function extPtr(): usize { return extTablePtr(); }
