/** A streaming upload of the PostgreSQL store: full chunks are inserted as they fill, the tail at commit. */
import { AppError } from '../../shared/errors.js';
import type { CommitResult, RecordingMeta, UploadSink } from './types.js';
import { checkMeta } from './validate.js';
import { WriteBuffer } from './write-buffer.js';

/** chunks fetched per query when reading bytes back */
export const READ_BATCH = 4;

/** What an upload needs from its store. */
export interface PgUploadHost {
  readonly chunkSize: number;
  readonly now: () => number;
  q(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  commitUpload(sink: PgUpload, meta: RecordingMeta): Promise<CommitResult>;
  dropBlob(sink: PgUpload): Promise<void>;
}

export class PgUpload implements UploadSink {
  private readonly buffer: WriteBuffer;
  private written = 0;
  private seq = 0;
  private done = false;
  private gone = false;

  constructor(private readonly store: PgUploadHost, readonly uploadId: string, readonly fileName: string, readonly blobId: string) {
    this.buffer = new WriteBuffer(store.chunkSize);
  }

  get size(): number { return this.written + this.buffer.length; }

  markGone(): void { this.gone = true; this.done = true; }

  private check(): void {
    if (this.gone) throw new AppError('conflict', 'upload was cleaned up as stale');
    if (this.done) throw new AppError('conflict', 'upload already finished');
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.check();
    if (!(chunk instanceof Uint8Array)) throw new AppError('bad-request', 'chunk must be bytes');
    for (let off = 0; off < chunk.byteLength;) {
      off += this.buffer.take(chunk, off);
      if (this.buffer.full) await this.flush();
    }
  }

  /** Writes the buffered bytes as the next chunk row, and the blob's progress in the same statement. */
  private async flush(): Promise<void> {
    const data = this.buffer.drain();
    const seq = this.seq++;
    this.written += data.byteLength;
    await this.store.q(`WITH c AS (INSERT INTO pcap_chunks (blob_id, seq, data) VALUES (?, ?, ?))
      UPDATE pcap_blobs SET size = ?, last_write_at = ? WHERE id = ?`,
    [this.blobId, seq, data, this.written, this.store.now(), this.blobId]);
  }

  readBack(): AsyncIterable<Uint8Array> {
    this.check();
    const store = this.store;
    const blobId = this.blobId;
    const lastSeq = this.seq;
    const tail = this.buffer.peek();
    return (async function* () {
      let seq = 0;
      while (seq < lastSeq) {
        const rows = await store.q('SELECT seq, data FROM pcap_chunks WHERE blob_id = ? AND seq >= ? AND seq < ? ORDER BY seq LIMIT ?',
          [blobId, seq, lastSeq, READ_BATCH]);
        if (!rows.length) break;
        for (const r of rows) yield new Uint8Array(r.data as Buffer);
        seq = Number(rows[rows.length - 1].seq) + 1;
      }
      if (tail.byteLength) yield tail;
    })();
  }

  async commit(meta: RecordingMeta): Promise<CommitResult> {
    this.check();
    const m = checkMeta(meta);
    this.done = true;
    try {
      if (this.buffer.length > 0) await this.flush();
      return await this.store.commitUpload(this, m);
    } catch (e) {
      await this.store.dropBlob(this).catch(() => undefined);
      throw e;
    }
  }

  async abort(): Promise<void> {
    if (this.gone) return;
    this.done = true;
    this.buffer.drain();
    await this.store.dropBlob(this);
  }
}
