// Loads the decoder core in Node (CLI, server, tests) from wasm/build/decoder.wasm of this package.
// Works from src/ under vitest and from dist/ after `npm run build:node`: both sit below the root.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../shared/errors.js';
import { WasmCore } from './wasm-module.js';

let compiled: Promise<WebAssembly.Module> | undefined;

/** Path of the built core, found by walking up to the package root. */
export function coreWasmPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'wasm'))) return join(dir, 'wasm', 'build', 'decoder.wasm');
    const up = dirname(dir);
    if (up === dir) throw new AppError('internal', 'cannot find the package root (wasm/ next to package.json)');
    dir = up;
  }
}

/**
 * A fresh core instance with its own memory. The compiled module is shared, so each extra
 * instance costs only its arena; one instance decodes one capture at a time.
 */
export async function createNodeCore(): Promise<WasmCore> {
  compiled ??= compileCore();
  try {
    return await WasmCore.create(await compiled);
  } catch (e) {
    compiled = undefined;
    throw e;
  }
}

async function compileCore(): Promise<WebAssembly.Module> {
  const path = coreWasmPath();
  if (!existsSync(path)) throw new AppError('internal', `decoder core not built (${path} missing): run npm run build:wasm`);
  return WebAssembly.compile(readFileSync(path));
}
