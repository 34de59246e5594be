// Exports of the ingest part of the core (see wasm/README.md for the ABI).
export {};
