// The multi-select "Download ZIP": the export helper's exportZipMany over the service connection,
// saved as one file. Loaded on demand (fflate and pdf-lib stay out of the initial page).
import type { RecordingInfo } from '../../shared/messages.js';
import { getLang } from '../i18n/i18n.js';
import type { AppConnection } from './connection.js';
import { explain } from './explain.js';
import { connectionZipSource } from './export-source.js';
import { exportZipMany } from './export-zip.js';
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

export async function downloadZipOfMany(
  conn: AppConnection, recs: readonly RecordingInfo[], onProgress: (done: number, total: number) => void, signal?: AbortSignal,
): Promise<{ saved: number; failed: BulkFailure[] }> {
  const r = await exportZipMany(recs.map((x) => x.id), connectionZipSource(conn), getLang(), {
    signal, onProgress: (p) => onProgress(p.index + p.fraction, p.count),
  });
  saveBlob(r.name, r.blob);
  onProgress(recs.length, recs.length);
  return {
    saved: recs.length - r.failed.length,
    failed: r.failed.map((f) => ({ id: f.id, code: 'export', text: f.reason || explain(f.reason).text })),
  };
}
