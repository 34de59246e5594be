import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RecordingService } from '../domain/service.js';
import { sendText } from './respond.js';

/** `GET download/<id>?token=…`: the raw PCAP for the holder of a GetDownloadToken token. */
export async function handleDownload(req: IncomingMessage, res: ServerResponse, rawId: string, query: URLSearchParams, service: RecordingService): Promise<void> {
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    return sendText(res, 400, 'bad id\n');
  }
  const grant = service.tokens.check(query.get('token') ?? '', id);
  if (!grant) return sendText(res, 401, 'missing, wrong or expired token (ask GetDownloadToken)\n');
  const rec = await service.store.getRecording(id);
  if (!rec || rec.state !== 'active') return sendText(res, 404, 'not found\n');
  res.writeHead(200, {
    'Content-Type': 'application/vnd.tcpdump.pcap',
    'Content-Length': String(rec.size),
    'Content-Disposition': `attachment; filename="${rec.fileName.replace(/["\\]/g, '_')}"`,
    'Cache-Control': 'private, no-store',
  });
  if (req.method === 'HEAD') return void res.end();
  try {
    for await (const chunk of service.store.readPcap(id)) {
      if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
      if (res.destroyed) return;
    }
    res.end();
  } catch (e) {
    service.trace.error('recording', `download of ${id} failed: ${(e as Error).message}`);
    res.destroy();
  }
}
