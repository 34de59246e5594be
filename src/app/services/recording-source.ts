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
  const flight: InFlight = { listeners: new Set([onProgress]), bytes: null as unknown as Promise<Blob> };
  flight.bytes = (async () => {
    const tok = await conn.request({ mt: 'GetDownloadToken', id: rec.id, purpose: 'play' });
    return fetchWithProgress(tok.url, (done, total) => { for (const l of flight.listeners) l(done, total); }, signal);
  })();
  inFlight.set(rec.id, flight);
  try {
    const bytes = await flight.bytes;
    void cache.putRecent(rec, bytes).catch(() => undefined);
    return { bytes, cached: false };
  } finally {
    if (inFlight.get(rec.id) === flight) inFlight.delete(rec.id);
  }
}

/** A play download under way: "keep offline" pressed meanwhile waits for it instead of fetching twice. */
interface InFlight { bytes: Promise<Blob>; listeners: Set<(done: number, total: number) => void> }
const inFlight = new Map<string, InFlight>();

/**
 * The PCAP for "keep offline": the player's download of it when one is under way, else a token
 * download of its own (purpose "download").
 */
export async function downloadRecording(conn: AppConnection, rec: RecordingInfo, onProgress: (done: number, total: number) => void, signal?: AbortSignal): Promise<Blob> {
  const flight = inFlight.get(rec.id);
  if (flight) {
    flight.listeners.add(onProgress);
    try {
      return await flight.bytes;
    } catch {
      // The player gave it up (another recording chosen): fetch on our own.
    } finally {
      flight.listeners.delete(onProgress);
    }
  }
  if (!conn.connected) throw new OfflineError('not-cached', t('offline.errPinOffline'));
  const tok = await conn.request({ mt: 'GetDownloadToken', id: rec.id, purpose: 'download' });
  return fetchWithProgress(tok.url, onProgress, signal);
}

function asDetail(r: RecordingInfo | RecordingDetail): RecordingDetail {
  return 'streams' in r ? r : { ...r, streams: [], warnings: [], callInfo: null, summary: null };
}
