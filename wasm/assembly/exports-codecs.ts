// Exports of the codecs part of the core (see wasm/README.md for the ABI).
export {};
