// `recordings decode`: a capture to a WAV file, streamed (header first, then chunk by chunk), so
// a 4-hour call never sits in memory as a whole. RF64 is chosen by the core's header writer.
import { open, rm } from 'node:fs/promises';
import type { DecodeOptions } from '../shared/decoder-types.js';
import { AppError } from '../shared/errors.js';
import { createNodeCore } from '../worker/core-node.js';
import { DecodeSession, type DecodeProgress, type PcmLayout } from '../worker/decode-session.js';
import { openInput } from './input.js';

export async function decodeCommand(input: string, output: string, layout: PcmLayout, options: DecodeOptions): Promise<void> {
  const source = openInput(input);
  const toStdout = output === '-';
  // The output is opened before decoding so a bad path fails at once, not after the work.
  const file = toStdout ? null : await open(output, 'w').catch((e: Error) => {
    throw new AppError('bad-request', `cannot write ${output}: ${e.message}`);
  });
  const write = file ? async (b: Uint8Array) => { await file.write(b); } : writeStdout;
  const progress = progressPrinter();
  try {
    const session = new DecodeSession(await createNodeCore());
    await session.open(source, options, progress);
    await write(session.wavHeader(layout));
    for await (const pcm of session.pcm(layout, undefined, progress)) await write(pcm);
    await file?.close();
  } catch (e) {
    if (file) {
      await file.close().catch(() => undefined);
      await rm(output, { force: true }); // a half-written WAV would look valid to players
    }
    throw e;
  } finally {
    progress.done();
  }
}

/**
 * Each write waits for its callback: that is backpressure, and a closed pipe (`| head`) arrives
 * as a rejection instead of an unhandled 'error' event.
 */
function writeStdout(bytes: Uint8Array): Promise<void> {
  if (process.stdout.listenerCount('error') === 0) process.stdout.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    process.stdout.write(bytes, (e) => (e ? reject(new AppError('internal', `writing to standard output: ${e.message}`)) : resolve()));
  });
}

/** Percentages on stderr, only when a person is watching (a TTY); silent in scripts and tests. */
function progressPrinter(): ((p: DecodeProgress) => void) & { done(): void } {
  const tty = process.stderr.isTTY === true;
  let shown = '';
  const f = ((p: DecodeProgress) => {
    if (!tty || p.total <= 0) return;
    const text = `${p.stage} ${Math.floor((100 * p.done) / p.total)}%`;
    if (text !== shown) { process.stderr.write(`\r${text}   `); shown = text; }
  }) as ((p: DecodeProgress) => void) & { done(): void };
  f.done = () => { if (tty && shown) process.stderr.write('\r\x1b[K'); };
  return f;
}
