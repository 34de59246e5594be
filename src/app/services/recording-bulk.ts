// Bulk delete of selected recordings: one DeleteRecording per id, one after the other (the service
// checks protection and visibility per recording, and a burst of parallel deletes would only queue
// on its side anyway). Every refusal is kept with its reason, so the user learns which ones stayed
// and why instead of a single "some failed".
import type { DeleteMode } from '../../shared/messages.js';
import type { AppConnection } from './connection.js';
import { explain } from './explain.js';

export interface BulkFailure { id: string; code: string; text: string }
export interface BulkDeleteResult { deleted: { id: string; mode: DeleteMode }[]; failed: BulkFailure[]; cancelled: boolean }

export async function deleteMany(
  conn: Pick<AppConnection, 'request'>, ids: readonly string[],
  onProgress: (done: number, total: number) => void = () => undefined, signal?: AbortSignal,
): Promise<BulkDeleteResult> {
  const out: BulkDeleteResult = { deleted: [], failed: [], cancelled: false };
  let done = 0;
  onProgress(0, ids.length);
  for (const id of ids) {
    if (signal?.aborted) { out.cancelled = true; break; }
    try {
      const r = await conn.request({ mt: 'DeleteRecording', id });
      out.deleted.push({ id: r.id, mode: r.mode });
    } catch (e) {
      const why = explain(e);
      out.failed.push({ id, code: why.code, text: why.text });
    }
    onProgress(++done, ids.length);
  }
  return out;
}
