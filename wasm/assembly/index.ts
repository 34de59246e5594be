// Exports of the decoder core: the ABI that src/worker/wasm-module.ts binds to (wasm/README.md).
import { arenaReset } from "./arena";

/** Lays out the arena for an input of `len` bytes; returns where JS writes the file, 0 on OOM. */
export function reset(len: u32): usize {
  return arenaReset(len);
}

export * from "./exports-ingest";
export * from "./exports-codecs";
export * from "./exports-timeline";
