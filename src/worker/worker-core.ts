// Loads the decoder core inside the browser worker: the .wasm is a build asset fetched from the
// same origin (nothing from a CDN), compiled while it streams in.
import wasmUrl from '../../wasm/build/decoder.wasm?url';
import { AppError } from '../shared/errors.js';
import { WasmCore } from './wasm-module.js';

let compiled: Promise<WebAssembly.Module> | undefined;

export async function createWorkerCore(): Promise<WasmCore> {
  compiled ??= compile();
  try {
    return await WasmCore.create(await compiled);
  } catch (e) {
    compiled = undefined;
    throw e;
  }
}

async function compile(): Promise<WebAssembly.Module> {
  const res = await fetch(wasmUrl);
  if (!res.ok) throw new AppError('internal', `decoder core could not be loaded (${res.status} ${wasmUrl})`);
  // compileStreaming needs the application/wasm type; a server sending another type still works.
  if (res.headers.get('content-type')?.startsWith('application/wasm')) return WebAssembly.compileStreaming(res);
  return WebAssembly.compile(await res.arrayBuffer());
}
