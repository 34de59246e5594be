// Where the player gets a recording from: the service while connected, this device's offline
// cache otherwise (or when the PCAP is cached already: a PCAP never changes once stored, so a
// cached copy of the same size is the recording). Every network play is kept as a recent entry.
import type { RecordingDetail, RecordingInfo } from '../../shared/messages.js';
import { t } from '../i18n/i18n.js';
import type { AppConnection } from './connection.js';
import { fetchWithProgress } from './fetch-progress.js';
import { OfflineError, offlineCache, type OfflineCache } from './offline-cache.js';

/** Metadata and call information: from GetRecording, or the cached copy while not connected. */
export async function getRecordingDetail(conn: AppConnection, id: string, cache: OfflineCache = offlineCache()): Promise<{ detail: RecordingDetail; cached: boolean }> {
  if (conn.connected) {
    try {
      const r = await conn.request({ mt: 'GetRecording', id });
      void cache.update(r.recording).catch(() => undefined);
      return { detail: r.recording, cached: false };
    } catch (e) {
      // Only a lost connection falls back; a refusal of the service (not-found …) is the answer.
      if (!(e instanceof Error && e.name === 'not-connected') && conn.connected) throw e;
    }
  }
  const hit = await cache.get(id).catch(() => undefined);
  if (!hit) throw new OfflineError('not-cached', t('offline.errNotCached'));
  return { detail: asDetail(hit.recording), cached: true };
}

/**
 * The PCAP of `rec`: cached bytes when present (progress jumps to 100 %), else a token download
 * with byte progress, then kept as a recent entry. Offline and not cached: OfflineError.
 */
export async function getRecordingBytes(
  conn: AppConnection, rec: RecordingInfo | RecordingDetail, onProgress: (done: number, total: number) => void,
  signal?: AbortSignal, cache: OfflineCache = offlineCache(),
): Promise<{ bytes: Blob; cached: boolean }> {
  const hit = await cache.bytes(rec.id).catch(() => undefined);
  if (hit && (hit.bytes.size === rec.size || !conn.connected)) {
    onProgress(hit.bytes.size, hit.bytes.size);
    return { bytes: hit.bytes, cached: true };
  }
  if (!conn.connected) throw new OfflineError('not-cached', t('offline.errNotCached'));
  const tok = await conn.request({ mt: 'GetDownloadToken', id: rec.id, purpose: 'play' });
  const bytes = await fetchWithProgress(tok.url, onProgress, signal);
  void cache.putRecent(rec, bytes).catch(() => undefined);
  return { bytes, cached: false };
}

/** Downloads for "keep offline" (purpose: download, no progress on the player). */
export async function downloadRecording(conn: AppConnection, rec: RecordingInfo, onProgress: (done: number, total: number) => void, signal?: AbortSignal): Promise<Blob> {
  if (!conn.connected) throw new OfflineError('not-cached', t('offline.errPinOffline'));
  const tok = await conn.request({ mt: 'GetDownloadToken', id: rec.id, purpose: 'download' });
  return fetchWithProgress(tok.url, onProgress, signal);
}

function asDetail(r: RecordingInfo | RecordingDetail): RecordingDetail {
  return 'streams' in r ? r : { ...r, streams: [], warnings: [], callInfo: null, summary: null };
}
