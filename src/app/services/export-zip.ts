// ZIP downloads (fflate): one recording as WAV + PDF call sheet, or several recordings
// (multi-select) each fetched, decoded and added in turn. The archive is streamed: WAV data goes
// in piece by piece (stored — PCM barely deflates and would cost seconds), so besides the archive
// being built only the current call's decoded audio is in memory.
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { DecodeInfo } from '../../shared/decoder-types.js';
import { AppError } from '../../shared/errors.js';
import type { RecordingDetail } from '../../shared/messages.js';
import type { Lang } from '../i18n/i18n.js';
import { exportBaseName, exportFileName, uniqueNames } from './export-names.js';
import { buildCallSheet } from './export-pdf.js';
import { wavParts, type PcmSource } from './export-wav.js';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/** An archive built entry by entry into Blob parts; names are made unique. */
export class ZipBuilder {
  private readonly parts: Uint8Array[] = [];
  private readonly names = new Set<string>();
  private failure: Error | null = null;
  private readonly zip = new Zip((err, data) => {
    if (err) this.failure = err;
    else this.parts.push(data);
  });

  /** Audio, stored, from pieces (e.g. wavParts) so the whole file never needs one buffer. */
  addStored(name: string, pieces: Iterable<Uint8Array>): void {
    const f = new ZipPassThrough(this.unique(name));
    this.zip.add(f);
    for (const p of pieces) f.push(p);
    f.push(new Uint8Array(0), true);
    this.check();
  }

  /** Text and documents, deflated. */
  addDeflated(name: string, data: Uint8Array): void {
    const f = new ZipDeflate(this.unique(name), { level: 6 });
    this.zip.add(f);
    f.push(data, true);
    this.check();
  }

  finish(): Blob {
    this.zip.end();
    this.check();
    return new Blob(this.parts as BlobPart[], { type: 'application/zip' });
  }

  private unique(name: string): string {
    const [u] = uniqueNames([...this.names, name]).slice(-1);
    this.names.add(u);
    return u;
  }

  private check(): void {
    if (this.failure) throw new AppError('internal', `the ZIP file could not be written: ${this.failure.message}`);
  }
}

/** Entries → ZIP bytes (audio stored, the rest deflated). */
export async function buildZip(entries: ZipEntry[]): Promise<Uint8Array> {
  const z = new ZipBuilder();
  for (const e of entries) {
    if (/\.(wav|mp3|ogg)$/i.test(e.name)) z.addStored(e.name, [e.data]);
    else z.addDeflated(e.name, e.data);
  }
  return new Uint8Array(await z.finish().arrayBuffer());
}

/** Adds one decoded recording: stereo WAV + call sheet, under `folder/` when given. */
export async function addRecording(z: ZipBuilder, recording: RecordingDetail, pcm: PcmSource, info: DecodeInfo | null, lang: Lang, folder = ''): Promise<void> {
  const prefix = folder ? `${folder}/` : '';
  const sheet = await buildCallSheet({ recording, info, lang, created: Date.now() });
  z.addStored(prefix + exportFileName(recording, 'wav'), wavParts(pcm, 'stereo'));
  z.addDeflated(prefix + exportFileName(recording, 'pdf'), sheet);
}

/** One recording as a ZIP file. */
export async function exportZip(recording: RecordingDetail, pcm: PcmSource, info: DecodeInfo | null, lang: Lang): Promise<{ name: string; blob: Blob }> {
  const z = new ZipBuilder();
  await addRecording(z, recording, pcm, info, lang);
  return { name: exportFileName(recording, 'zip'), blob: z.finish() };
}

/** How exportZipMany gets one recording: its detail and its decoded audio. */
export interface ZipManySource {
  detail(id: string, signal?: AbortSignal): Promise<RecordingDetail>;
  decode(id: string, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<{ info: DecodeInfo; pcm: PcmSource }>;
}

export interface ZipManyProgress {
  /** 0-based index of the recording being worked on */
  index: number;
  count: number;
  /** 0..1 within that recording */
  fraction: number;
}

/**
 * Several recordings in one ZIP: a folder per recording (named like its files) with WAV + call
 * sheet. A recording that fails is left out and named in `failed` with the reason; the rest
 * still arrives. Aborting `signal` stops with code "aborted".
 */
export async function exportZipMany(ids: string[], source: ZipManySource, lang: Lang,
  o: { onProgress?: (p: ZipManyProgress) => void; signal?: AbortSignal } = {}): Promise<{ name: string; blob: Blob; failed: Array<{ id: string; reason: string }> }> {
  if (ids.length === 0) throw new AppError('bad-request', 'no recordings selected');
  const z = new ZipBuilder();
  let added = 0;
  const failed: Array<{ id: string; reason: string }> = [];
  const folders: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    if (o.signal?.aborted) throw new AppError('aborted', 'the download was cancelled');
    o.onProgress?.({ index: i, count: ids.length, fraction: 0 });
    try {
      const detail = await source.detail(ids[i], o.signal);
      const { info, pcm } = await source.decode(ids[i], (fraction) => o.onProgress?.({ index: i, count: ids.length, fraction }), o.signal);
      const folder = uniqueNames([...folders, exportBaseName(detail)]).at(-1)!;
      folders.push(folder);
      await addRecording(z, detail, pcm, info, lang, folder);
      added++;
    } catch (e) {
      if (o.signal?.aborted || (e as { code?: string }).code === 'aborted') throw new AppError('aborted', 'the download was cancelled');
      failed.push({ id: ids[i], reason: (e as Error).message || String(e) });
    }
  }
  if (added === 0) {
    throw new AppError('internal', `none of the ${ids.length} recordings could be exported: ${failed.map((f) => `${f.id}: ${f.reason}`).join('; ')}`);
  }
  if (failed.length) {
    z.addDeflated('not-exported.txt', new TextEncoder().encode(failed.map((f) => `${f.id}: ${f.reason}`).join('\r\n') + '\r\n'));
  }
  const stamp = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  const name = `recordings_${stamp.getFullYear()}-${p(stamp.getMonth() + 1)}-${p(stamp.getDate())}_${ids.length - failed.length}.zip`;
  return { name, blob: z.finish(), failed };
}
