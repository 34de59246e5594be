// Exports of the timeline part of the core (see wasm/README.md for the ABI).
export {};
