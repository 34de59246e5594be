// The fixture tests' view of the shared decode path (test/fixtures/gen/decode-capture.mjs),
// bound to the TypeScript sources so vitest exercises the current code.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createNodeCore } from '../../src/worker/core-node.js';
import { DecodeSession } from '../../src/worker/decode-session.js';
import { decodeCapture, goldenOf, type DecodedCapture, type Golden } from '../fixtures/gen/decode-capture.mjs';

export type Decoded = DecodedCapture;
export type { Golden };
export { goldenOf };

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function decodeFile(path: string): Promise<Decoded> {
  return decodeCapture(new Uint8Array(readFileSync(path)), { DecodeSession: DecodeSession as never, createNodeCore });
}
