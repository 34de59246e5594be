import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecordingService } from './domain/service.js';
import { parseUploadName } from './domain/file-name.js';

/** src/server/demo-data; from dist/server the same relative path points back into src/. */
export function demoDataDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = join(here, '..', '..');
  return join(root, 'src', 'server', 'demo-data');
}

/**
 * First start: the licence list defaults to everyone ("*"), and the demo recordings are ingested
 * through the same path as a device upload. The marker is an audit entry, so it lives in the store
 * that every process shares (a second process on the same PostgreSQL does not reset anything).
 */
export async function firstStart(service: RecordingService, opts: { demo: boolean; licenses: string[] | null }): Promise<number> {
  const done = await service.store.listAudit({ actor: 'system', action: 'initialized', limit: 1 });
  if (done.items.length > 0) return 0;
  await service.store.updateSettings({ licenses: opts.licenses ?? ['*'] });
  let seeded = 0;
  const dir = demoDataDir();
  if (opts.demo) {
    // The demo supervisor (carol, App object recordings-team) sees the team's calls through the access list.
    await service.store.setAppObjectConfig('recordings-team', { accessList: ['alice', 'bob'] });
  }
  if (opts.demo && existsSync(dir)) {
    // Call information first, as a PBX posts it: the recordings arrive with parties and direction.
    const calls = join(dir, 'calls.xml');
    if (existsSync(calls)) await service.storeCdrXml(readFileSync(calls, 'utf8'));
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.pcap')).sort()) {
      if (await service.store.getRecordingByName(f)) continue;
      const sink = await service.store.openUpload(f);
      try {
        await sink.write(readFileSync(join(dir, f)));
        await service.ingest(sink, parseUploadName(f), true);
        seeded++;
      } catch (e) {
        await sink.abort();
        service.trace.error('recording', `demo ${f}: ${(e as Error).message}`);
      }
    }
  }
  await service.store.appendAudit({ actor: 'system', action: 'initialized', recordingId: null, details: { demoRecordings: seeded } });
  return seeded;
}
