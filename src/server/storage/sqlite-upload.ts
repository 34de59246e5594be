/** A streaming upload of the SQLite store: bytes go to `tmp/<uploadId>.part` until the store commits them. */
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { AppError } from '../../shared/errors.js';
import type { PcapFiles } from './pcap-files.js';
import type { CommitResult, RecordingMeta, UploadSink } from './types.js';
import { checkMeta } from './validate.js';
import { WriteBuffer } from './write-buffer.js';

// Bytes an upload gathers before one write(2); phones send bodies in RTP-packet-sized pieces.
const FILE_WRITE_BUFFER = 64 * 1024;

/** What an upload needs from its store. */
export interface SqliteUploadHost {
  readonly clock: () => number;
  readonly pcapFiles: PcapFiles;
  commitUpload(sink: SqliteUpload, meta: RecordingMeta): Promise<CommitResult>;
  abortUpload(sink: SqliteUpload): Promise<void>;
  forget(sink: SqliteUpload): void;
}

export class SqliteUpload implements UploadSink {
  private onDisk = 0;
  private done = false;
  private handleOpen = true;
  private readonly buffer = new WriteBuffer(FILE_WRITE_BUFFER);
  /** last write, by the store's clock: kept in memory, the process that owns the SQLite file is the only writer */
  lastWriteAt: number;

  constructor(private readonly store: SqliteUploadHost, readonly uploadId: string, readonly fileName: string, private readonly fh: FileHandle) {
    this.lastWriteAt = store.clock();
  }

  get size(): number { return this.onDisk + this.buffer.length; }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.done) throw new AppError('conflict', 'upload already finished');
    if (!(chunk instanceof Uint8Array)) throw new AppError('bad-request', 'chunk must be bytes');
    this.lastWriteAt = this.store.clock();
    for (let off = 0; off < chunk.byteLength;) {
      off += this.buffer.take(chunk, off);
      if (this.buffer.full) await this.flush();
    }
  }

  private async flush(): Promise<void> {
    const data = this.buffer.drain();
    for (let off = 0; off < data.byteLength;) {
      const { bytesWritten } = await this.fh.write(data, off, data.byteLength - off);
      off += bytesWritten;
    }
    this.onDisk += data.byteLength;
  }

  readBack(): AsyncIterable<Uint8Array> {
    if (this.done) throw new AppError('conflict', 'upload already finished');
    const end = this.onDisk;
    const tail = this.buffer.peek();
    const path = this.store.pcapFiles.tempOf(this.uploadId);
    return (async function* () {
      if (end > 0) {
        for await (const c of createReadStream(path, { start: 0, end: end - 1, highWaterMark: 256 * 1024 })) yield c as Buffer;
      }
      if (tail.byteLength) yield tail;
    })();
  }

  async commit(meta: RecordingMeta): Promise<CommitResult> {
    if (this.done) throw new AppError('conflict', 'upload already finished');
    const m = checkMeta(meta);
    this.done = true;
    try {
      if (this.buffer.length) await this.flush();
      await this.fh.sync();
      await this.closeHandle();
    } catch (e) {
      await this.store.abortUpload(this).catch(() => undefined);
      throw e;
    }
    this.store.forget(this);
    // Failures past this point are handled there: before the rename the upload is dropped, after it the
    // 'committing' bookkeeping row lets the next start finish the index update.
    return this.store.commitUpload(this, m);
  }

  async abort(): Promise<void> {
    if (this.done && !this.handleOpen) { this.store.forget(this); return; }
    this.done = true;
    this.buffer.drain();
    await this.closeHandle();
    await this.store.abortUpload(this);
  }

  async closeHandle(): Promise<void> {
    if (!this.handleOpen) return;
    this.handleOpen = false;
    await this.fh.close().catch(() => undefined);
  }
}
