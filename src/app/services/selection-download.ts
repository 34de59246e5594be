// The multi-select "Download ZIP": the export helper's exportZipMany over the service connection,
// saved as one file. Loaded on demand (fflate and pdf-lib stay out of the initial page).
import type { RecordingInfo } from '../../shared/messages.js';
import { getLang } from '../i18n/i18n.js';
import type { AppConnection } from './connection.js';
import { explain } from './explain.js';
import { connectionZipSource } from './export-source.js';
import { exportZipMany, type ZipManySource } from './export-zip.js';
import type { BulkFailure } from './recording-bulk.js';

export function saveBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The click has handed the URL to the download manager; revoke once it had time to start.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The export's source with every failure turned into the sentence a user reads and recorded per
 * id (aborts pass through), so even "none could be exported" names each recording's reason.
 */
function explainedSource(src: ZipManySource, failures: Map<string, string>): ZipManySource {
  const wrap = async <T>(id: string, run: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      if (signal?.aborted || (e as { code?: string }).code === 'aborted' || (e as Error).name === 'aborted') throw e;
      const text = explain(e).text;
      failures.set(id, text);
      throw new Error(text);
    }
  };
  return {
    detail: (id, signal) => wrap(id, () => src.detail(id, signal), signal),
    decode: (id, onProgress, signal) => wrap(id, () => src.decode(id, onProgress, signal), signal),
  };
}

/** Saves one ZIP of `recs`; `saved` = how many made it in, `failed` = the others with their reasons. */
export async function downloadZipOfMany(
  conn: AppConnection, recs: readonly RecordingInfo[], onProgress: (done: number, total: number) => void, signal?: AbortSignal,
): Promise<{ saved: number; failed: BulkFailure[] }> {
  const failures = new Map<string, string>();
  let r;
  try {
    r = await exportZipMany(recs.map((x) => x.id), explainedSource(connectionZipSource(conn), failures), getLang(), {
      signal, onProgress: (p) => onProgress(p.index + p.fraction, p.count),
    });
  } catch (e) {
    // Every recording failed: nothing to save, but each reason is known.
    if (failures.size === recs.length && recs.length > 0) {
      return { saved: 0, failed: [...failures].map(([id, text]) => ({ id, code: 'export', text })) };
    }
    throw e;
  }
  saveBlob(r.name, r.blob);
  onProgress(recs.length, recs.length);
  return { saved: recs.length - r.failed.length, failed: r.failed.map((f) => ({ id: f.id, code: 'export', text: failures.get(f.id) ?? f.reason })) };
}
