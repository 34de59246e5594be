import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../shared/errors.js';
import type { RecordingService } from '../domain/service.js';
import { checkUploadName, parseUploadName } from '../domain/file-name.js';
import type { UploadSink } from '../storage/types.js';
import { sendText } from './respond.js';

export interface UploadOptions {
  capBytes: number;
  /** a streaming upload with no data for this long is cut and kept as partial */
  idleMs: number;
}

/** pcap (µs/ns, both byte orders) and pcapng section header. */
export function isCaptureMagic(b: Uint8Array): boolean {
  if (b.length < 4) return false;
  const m = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
  return m === 0xa1b2c3d4 || m === 0xd4c3b2a1 || m === 0xa1b23c4d || m === 0x4d3cb2a1 || m === 0x0a0d0d0a;
}

/**
 * `PUT Files/<name>.pcap` (SPEC §4): streamed into an upload sink, checked from the first bytes,
 * capped, committed atomically when the body is complete; a cut-off body is kept as a partial
 * recording. 201 for a new name, 204 when it replaced one.
 */
export async function handleUpload(req: IncomingMessage, res: ServerResponse, rawName: string, service: RecordingService, opt: UploadOptions): Promise<void> {
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    return sendText(res, 400, 'bad file name encoding\n');
  }
  const why = checkUploadName(name);
  if (why) {
    service.trace.info('recording', `upload refused (${why}): ${JSON.stringify(name)}`);
    return sendText(res, 400, `${why}\n`);
  }
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > opt.capBytes) {
    service.trace.info('recording', `upload refused (${declared} bytes over the cap): ${name}`);
    return sendText(res, 413, `body larger than ${opt.capBytes} bytes\n`, { Connection: 'close' });
  }
  const parsed = parseUploadName(name);
  const sink = await service.store.openUpload(name);
  service.trace.debug('recording', `upload started ${name}`);
  let head: Buffer = Buffer.alloc(0);
  let checked = false;
  let outcome = 'ok' as 'ok' | 'cut' | 'refused';

  const refuse = async (status: number, text: string): Promise<void> => {
    outcome = 'refused';
    await sink.abort();
    service.trace.info('recording', `upload refused (${status} ${text.trim()}): ${name}`);
    sendText(res, status, text, { Connection: 'close' });
    // The rest of the body is read and dropped so the answer reaches the client; a client that keeps
    // streaming is disconnected shortly after.
    // Once the answer is out, the request stream does not end by itself when the client hangs up.
    req.socket.once('close', () => req.destroy());
    setTimeout(() => req.destroy(), 1000).unref();
  };

  req.setTimeout(opt.idleMs, () => {
    service.trace.info('recording', `upload idle for ${opt.idleMs} ms, cut: ${name}`);
    req.destroy(new Error('idle'));
  });

  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      if (outcome === 'refused') continue;
      if (!checked) {
        head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
        if (head.length < 4) continue;
        checked = true;
        if (!isCaptureMagic(head)) { await refuse(415, 'not a pcap/pcapng capture\n'); continue; }
        if (head.length > opt.capBytes) { await refuse(413, `body larger than ${opt.capBytes} bytes\n`); continue; }
        await sink.write(head);
        continue;
      }
      if (sink.size + chunk.length > opt.capBytes) { await refuse(413, `body larger than ${opt.capBytes} bytes\n`); continue; }
      await sink.write(chunk);
    }
    if (outcome === 'ok' && !req.complete) outcome = 'cut';
  } catch {
    // aborted by the client, cut by the idle timer, or a write failed
    if (outcome === 'ok') outcome = 'cut';
  }
  if (outcome === 'refused') return;
  if (!checked) {
    await sink.abort();
    if (outcome === 'cut') return;
    return sendText(res, 415, 'empty or too short to be a capture\n');
  }
  try {
    const { replaced } = await service.ingest(sink, parsed, outcome === 'ok');
    if (outcome === 'ok' && !res.headersSent) {
      res.writeHead(replaced ? 204 : 201, replaced ? {} : { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(replaced ? undefined : 'created\n');
    }
  } catch (e) {
    await sink.abort().catch(() => {});
    const err = e instanceof AppError ? e : new AppError('internal', (e as Error).message);
    service.trace.error('recording', `upload of ${name} failed: ${err.message}`);
    if (!res.headersSent && !res.destroyed) sendText(res, err.code === 'bad-request' ? 400 : 500, `${err.message}\n`);
  }
}

export type { UploadSink };
