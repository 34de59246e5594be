// Exports of the decoder core: the ABI that src/worker/wasm-module.ts binds to (wasm/README.md).
import { arenaReset, scratchBase, pktBase } from "./arena";
import { timelineReset } from "./timeline";
import { setRenderMask } from "./render";

/** Lays out the arena for an input of `len` bytes; returns where JS writes the file, 0 on OOM. */
export function reset(len: u32): usize {
  timelineReset();
  setRenderMask(3);
  return arenaReset(len);
}

/** Scratch area JS may use for codec entry points (SCRATCH_BYTES long). */
export function scratchPtr(): usize { return scratchBase; }
/** Packet table (PKT_SIZE records). */
export function packetsPtr(): usize { return pktBase; }

export * from "./exports-ingest";
export * from "./exports-codecs";
export * from "./exports-timeline";
export * from "./exports-g729";
