import type { RecordingStore } from '../storage/types.js';
import type { Trace } from '../trace.js';

const DAY_MS = 86_400_000;
/** Recycle-bin items expire after this many days even when scheduled deletion is off. */
export const RECYCLE_BIN_DAYS = 30;
const BATCH = 500;

/**
 * Scheduled deletion (SPEC §6): unprotected recordings older than the retention days, and
 * recycle-bin items deleted more than min(retention, 30) days ago, are purged in batches; each
 * purge is an audit entry of actor `system`. Protected recordings are never touched.
 */
export async function runRetention(store: RecordingStore, now: () => number, trace: Trace): Promise<number> {
  const s = await store.getSettings();
  const t = now();
  const binDays = s.retentionDays > 0 ? Math.min(s.retentionDays, RECYCLE_BIN_DAYS) : RECYCLE_BIN_DAYS;
  let purged = 0;
  for (;;) {
    const batch = await store.purgeExpired({
      activeBefore: s.retentionDays > 0 ? t - s.retentionDays * DAY_MS : undefined,
      deletedBefore: t - binDays * DAY_MS,
      limit: BATCH,
    });
    for (const r of batch) {
      await store.appendAudit({
        actor: 'system', action: 'purge', recordingId: r.id,
        details: { reason: r.state === 'deleted' ? 'recycle-bin-expiry' : 'retention', fileName: r.fileName },
      });
    }
    purged += batch.length;
    if (batch.length < BATCH) break;
  }
  if (purged > 0) trace.info('recording', `retention purged ${purged} recordings`);
  return purged;
}
