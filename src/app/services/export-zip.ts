// ZIP downloads (fflate): one recording as WAV + PDF call sheet, or several recordings
// (multi-select) each fetched, decoded and added in turn so only one call's audio is in memory
// besides the archive being built.
import { zipSync, type Zippable } from 'fflate';
import type { DecodeInfo } from '../../shared/decoder-types.js';
import { AppError } from '../../shared/errors.js';
import type { RecordingDetail } from '../../shared/messages.js';
import type { Lang } from '../i18n/i18n.js';
import { exportBaseName, exportFileName, uniqueNames } from './export-names.js';
import { buildCallSheet } from './export-pdf.js';
import { wavBytes, type PcmSource } from './export-wav.js';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/** Entries → ZIP bytes. Audio is stored (PCM barely deflates and costs seconds); text deflates. */
export function buildZip(entries: ZipEntry[]): Uint8Array {
  const files: Zippable = {};
  const names = uniqueNames(entries.map((e) => e.name));
  entries.forEach((e, i) => {
    files[names[i]] = [e.data, { level: /\.(wav|mp3|ogg)$/i.test(e.name) ? 0 : 6 }];
  });
  return zipSync(files);
}

/** The entries for one decoded recording: stereo WAV + call sheet, under `folder/` when given. */
export async function recordingEntries(recording: RecordingDetail, pcm: PcmSource, info: DecodeInfo | null, lang: Lang, folder = ''): Promise<ZipEntry[]> {
  const prefix = folder ? `${folder}/` : '';
  return [
    { name: prefix + exportFileName(recording, 'wav'), data: wavBytes(pcm, 'stereo') },
    { name: prefix + exportFileName(recording, 'pdf'), data: await buildCallSheet({ recording, info, lang, created: Date.now() }) },
  ];
}

/** One recording as a ZIP file. */
export async function exportZip(recording: RecordingDetail, pcm: PcmSource, info: DecodeInfo | null, lang: Lang): Promise<{ name: string; blob: Blob }> {
  const zip = buildZip(await recordingEntries(recording, pcm, info, lang));
  return { name: exportFileName(recording, 'zip'), blob: new Blob([zip as BlobPart], { type: 'application/zip' }) };
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
  const entries: ZipEntry[] = [];
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
      entries.push(...await recordingEntries(detail, pcm, info, lang, folder));
    } catch (e) {
      if (o.signal?.aborted || (e as { code?: string }).code === 'aborted') throw new AppError('aborted', 'the download was cancelled');
      failed.push({ id: ids[i], reason: (e as Error).message || String(e) });
    }
  }
  if (entries.length === 0) {
    throw new AppError('internal', `none of the ${ids.length} recordings could be exported: ${failed.map((f) => `${f.id}: ${f.reason}`).join('; ')}`);
  }
  if (failed.length) {
    entries.push({ name: 'not-exported.txt', data: new TextEncoder().encode(failed.map((f) => `${f.id}: ${f.reason}`).join('\r\n') + '\r\n') });
  }
  const stamp = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  const name = `recordings_${stamp.getFullYear()}-${p(stamp.getMonth() + 1)}-${p(stamp.getDate())}_${ids.length - failed.length}.zip`;
  return { name, blob: new Blob([buildZip(entries) as BlobPart], { type: 'application/zip' }), failed };
}
