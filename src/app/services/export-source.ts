// Where multi-select export gets each recording in the app: GetRecording for the detail, a
// download token (purpose "download", so the audit log records it) and the decoder worker.
import type { AudioChunk } from '../../shared/decoder-types.js';
import type { AppConnection } from './connection.js';
import { DecoderClient } from './decoder-client.js';
import type { ZipManySource } from './export-zip.js';
import { fetchWithProgress } from './fetch-progress.js';
import { PcmStore } from './pcm-store.js';

/** A ZipManySource over the service connection; download is the first half of the progress, decoding the second. */
export function connectionZipSource(conn: AppConnection, decoder = new DecoderClient()): ZipManySource {
  return {
    async detail(id) {
      return (await conn.request({ mt: 'GetRecording', id })).recording;
    },
    async decode(id, onProgress, signal) {
      const tok = await conn.request({ mt: 'GetDownloadToken', id, purpose: 'download' });
      const blob = await fetchWithProgress(tok.url, (done, total) => onProgress(total > 0 ? done / total / 2 : 0), signal);
      let store: PcmStore | null = null;
      const info = await decoder.decode(blob, {
        signal,
        copiesChunks: true, // PcmStore.add copies the samples: the worker may reuse the buffers
        onInfo: (i) => { store = new PcmStore(i); },
        onChunk: (c: AudioChunk) => store?.add(c),
        onProgress: (p) => { if (p.stage === 'decoding' && p.total > 0) onProgress(0.5 + p.done / p.total / 2); },
      });
      return { info, pcm: store ?? new PcmStore(info) };
    },
  };
}
