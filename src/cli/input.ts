// Opens a capture file for the decoder as a sized stream: the core learns the length first and
// the bytes then arrive in pieces, so reading and parsing overlap.
import { createReadStream, statSync } from 'node:fs';
import { AppError } from '../shared/errors.js';
import type { CaptureSource } from '../worker/decode-session.js';

export function openInput(path: string): CaptureSource {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new AppError('bad-request', `${path} is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new AppError(code === 'ENOENT' ? 'not-found' : 'bad-request', `cannot read ${path}: ${(e as Error).message}`);
  }
  return { size, chunks: createReadStream(path, { highWaterMark: 1 << 20 }) };
}
