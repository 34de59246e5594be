/**
 * PCAP bytes of the SQLite store as files: `<dataDir>/pcap/<shard>/<id>.pcap`, uploads streaming into
 * `<dataDir>/tmp/<uploadId>.part`. A file only reaches its final name by rename after fsync, and the
 * directory is fsynced after the rename, so a crash leaves either the old or the new complete file.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, readdir, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

export class PcapFiles {
  readonly pcapDir: string;
  readonly tmpDir: string;

  constructor(dataDir: string) {
    this.pcapDir = join(dataDir, 'pcap');
    this.tmpDir = join(dataDir, 'tmp');
  }

  async init(): Promise<void> {
    await mkdir(this.pcapDir, { recursive: true });
    await mkdir(this.tmpDir, { recursive: true });
  }

  /** Ids are 32 hex digits (checked by the caller), so the path cannot leave the data dir. */
  pathOf(id: string): string { return join(this.pcapDir, id.slice(0, 2), `${id}.pcap`); }
  tempOf(uploadId: string): string { return join(this.tmpDir, `${uploadId}.part`); }

  async createTemp(uploadId: string): Promise<FileHandle> {
    return open(this.tempOf(uploadId), 'wx');
  }

  /** Moves a synced temp file to the final place of `id`, replacing any previous bytes atomically. */
  async publish(uploadId: string, id: string): Promise<void> {
    const dir = join(this.pcapDir, id.slice(0, 2));
    await mkdir(dir, { recursive: true });
    await rename(this.tempOf(uploadId), this.pathOf(id));
    await syncDir(dir);
  }

  async exists(path: string): Promise<boolean> {
    try { await stat(path); return true; } catch { return false; }
  }

  async remove(id: string): Promise<void> { await rm(this.pathOf(id), { force: true }); }
  async removeTemp(uploadId: string): Promise<void> { await rm(this.tempOf(uploadId), { force: true }); }

  /** Temp files whose upload id the index no longer knows (left by a crash before the bookkeeping row). */
  async listTemp(): Promise<string[]> {
    const names = await readdir(this.tmpDir).catch(() => [] as string[]);
    return names.filter((n) => n.endsWith('.part')).map((n) => n.slice(0, -5));
  }

  /** Streams a file; an open descriptor keeps the bytes it opened even if a replace renames over it. */
  async *read(path: string, start = 0): AsyncGenerator<Uint8Array> {
    const s = createReadStream(path, { start, highWaterMark: 256 * 1024 });
    for await (const chunk of s) yield chunk as Buffer;
  }
}

/** fsync of a directory makes a rename durable (POSIX); best effort where the platform refuses it. */
export async function syncDir(dir: string): Promise<void> {
  let h: FileHandle | undefined;
  try {
    h = await open(dir, 'r');
    await h.sync();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EISDIR' && (e as NodeJS.ErrnoException).code !== 'EPERM') throw e;
  } finally {
    await h?.close();
  }
}
