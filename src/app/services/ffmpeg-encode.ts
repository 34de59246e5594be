// MP3 and OGG (Vorbis) files from the decoded call through the lazily loaded ffmpeg.wasm: the
// stereo WAV goes in, the compressed file comes out; progress from ffmpeg's own time counter.
import { AppError } from '../../shared/errors.js';
import { wavBytes, type PcmSource } from './export-wav.js';
import { loadFFmpeg, stopFFmpeg, type FFmpegAssets } from './ffmpeg-loader.js';

export type EncodedFormat = 'mp3' | 'ogg';

/** Encoder settings per format: VBR speech quality that works at 8, 16 and 48 kHz alike. */
const ARGS: Record<EncodedFormat, string[]> = {
  mp3: ['-c:a', 'libmp3lame', '-q:a', '5'],
  ogg: ['-c:a', 'libvorbis', '-q:a', '4'],
};
const MIME: Record<EncodedFormat, string> = { mp3: 'audio/mpeg', ogg: 'audio/ogg' };

export interface EncodeProgress {
  stage: 'loading' | 'encoding';
  /** 0..1 */
  fraction: number;
}

export interface EncodeOptions {
  onProgress?: (p: EncodeProgress) => void;
  signal?: AbortSignal;
  /** where the ffmpeg core files are (default: this build's assets) */
  assets?: () => Promise<FFmpegAssets>;
}

let running = 0;

/** Encodes the whole call; aborting `signal` stops ffmpeg and rejects with code "aborted". */
export async function encodeCall(pcm: PcmSource, format: EncodedFormat, o: EncodeOptions = {}): Promise<Blob> {
  const { signal, onProgress } = o;
  if (signal?.aborted) throw new AppError('aborted', 'encoding was cancelled');
  const ffmpeg = await loadFFmpeg((f) => onProgress?.({ stage: 'loading', fraction: f }), signal, o.assets);
  const id = ++running;
  const input = `in-${id}.wav`, output = `out-${id}.${format}`;
  const durationSec = pcm.frames / pcm.rate;
  const onFFProgress = ({ time }: { progress: number; time: number }) => {
    // `time` is in microseconds of output written; `progress` is unreliable for WAV input.
    if (durationSec > 0) onProgress?.({ stage: 'encoding', fraction: Math.min(1, Math.max(0, time / 1e6 / durationSec)) });
  };
  const onAbort = () => stopFFmpeg();
  signal?.addEventListener('abort', onAbort, { once: true });
  ffmpeg.on('progress', onFFProgress);
  try {
    onProgress?.({ stage: 'encoding', fraction: 0 });
    await ffmpeg.writeFile(input, wavBytes(pcm, 'stereo'));
    const rc = await ffmpeg.exec(['-hide_banner', '-i', input, ...ARGS[format], output]);
    if (rc !== 0) throw new AppError('internal', `ffmpeg could not encode ${format.toUpperCase()} (exit code ${rc})`);
    const data = await ffmpeg.readFile(output);
    if (typeof data === 'string' || data.length === 0) throw new AppError('internal', `ffmpeg wrote no ${format.toUpperCase()} data`);
    onProgress?.({ stage: 'encoding', fraction: 1 });
    return new Blob([data as BlobPart], { type: MIME[format] });
  } catch (e) {
    if (signal?.aborted) throw new AppError('aborted', 'encoding was cancelled');
    throw e;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!signal?.aborted) {
      ffmpeg.off('progress', onFFProgress);
      await ffmpeg.deleteFile(input).catch(() => undefined);
      await ffmpeg.deleteFile(output).catch(() => undefined);
    }
  }
}
