// WAV files built in the page from the decoded call (PcmStore): 16-bit PCM with the same header
// rules as the decoder core's WAV writer (wasm/assembly/wav.ts) — RIFF while the sizes fit 32
// bits, RF64 with a ds64 chunk beyond — and the same channel layouts (mono = floor of the mean).

/** Decoded audio as PcmStore holds it: planar Int16 at `rate`. */
export interface PcmSource {
  readonly rate: number;
  readonly frames: number;
  readonly left: Int16Array;
  readonly right: Int16Array;
  /** Keeps the samples from being reused until the returned function is called (PcmStore). */
  hold?(): () => void;
}

export type WavLayout = 'stereo' | 'mono' | 'left' | 'right';
export const WAV_LAYOUTS: readonly WavLayout[] = ['stereo', 'mono', 'left', 'right'];

const RIFF_HEADER_BYTES = 44;
const RF64_HEADER_BYTES = 80;
/** The RIFF size field (data + 36) must fit 32 bits. */
export const RIFF_MAX_DATA = 0xffffffff - 36;
/** Frames interleaved per Blob part: bounds the temporary copy, not the file. */
const PART_FRAMES = 1 << 20;

export function wavChannels(layout: WavLayout): 1 | 2 {
  return layout === 'stereo' ? 2 : 1;
}

/** Header for `frames` frames of 16-bit PCM; byte-identical to the core's wavHeader(). */
export function wavHeader(rate: number, channels: number, frames: number): Uint8Array {
  if (!Number.isInteger(rate) || rate <= 0 || !Number.isInteger(channels) || channels < 1 || channels > 8 ||
      !Number.isInteger(frames) || frames < 0 || frames > 9e15) {
    throw new RangeError(`no WAV header for ${channels} channel(s) at ${rate} Hz, ${frames} frames`);
  }
  const blockAlign = channels * 2;
  const byteRate = rate * blockAlign;
  if (byteRate > 0xffffffff) throw new RangeError(`byte rate ${byteRate} does not fit a WAV header`);
  const dataBytes = BigInt(frames) * BigInt(blockAlign);
  const rf64 = dataBytes > BigInt(RIFF_MAX_DATA);
  const out = new Uint8Array(rf64 ? RF64_HEADER_BYTES : RIFF_HEADER_BYTES);
  const v = new DataView(out.buffer);
  const tag = (at: number, s: string) => { for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i); };
  let p = 0;
  if (rf64) {
    tag(0, 'RF64');
    v.setUint32(4, 0xffffffff, true);
    tag(8, 'WAVE');
    tag(12, 'ds64');
    v.setUint32(16, 28, true);
    v.setBigUint64(20, BigInt(RF64_HEADER_BYTES - 8) + dataBytes, true);
    v.setBigUint64(28, dataBytes, true);
    v.setBigUint64(36, BigInt(frames), true);
    v.setUint32(44, 0, true);
    p = 48;
  } else {
    tag(0, 'RIFF');
    v.setUint32(4, Number(BigInt(RIFF_HEADER_BYTES - 8) + dataBytes), true);
    tag(8, 'WAVE');
    p = 12;
  }
  tag(p, 'fmt ');
  v.setUint32(p + 4, 16, true);
  v.setUint16(p + 8, 1, true); // WAVE_FORMAT_PCM
  v.setUint16(p + 10, channels, true);
  v.setUint32(p + 12, rate, true);
  v.setUint32(p + 16, byteRate, true);
  v.setUint16(p + 20, blockAlign, true);
  v.setUint16(p + 22, 16, true);
  tag(p + 24, 'data');
  v.setUint32(p + 28, rf64 ? 0xffffffff : Number(dataBytes), true);
  return out;
}

/** Frames [from, to) in the layout as little-endian 16-bit PCM. */
export function interleavePcm(pcm: PcmSource, layout: WavLayout, from = 0, to = pcm.frames): Uint8Array {
  const n = Math.max(0, Math.min(to, pcm.frames) - from);
  const ch = wavChannels(layout);
  const out = new Uint8Array(n * ch * 2);
  const v = new DataView(out.buffer);
  const { left, right } = pcm;
  switch (layout) {
    case 'stereo':
      for (let i = 0; i < n; i++) {
        v.setInt16(i * 4, left[from + i], true);
        v.setInt16(i * 4 + 2, right[from + i], true);
      }
      break;
    case 'mono':
      for (let i = 0; i < n; i++) v.setInt16(i * 2, (left[from + i] + right[from + i]) >> 1, true);
      break;
    case 'left':
    case 'right': {
      const src = layout === 'left' ? left : right;
      for (let i = 0; i < n; i++) v.setInt16(i * 2, src[from + i], true);
      break;
    }
  }
  return out;
}

/** The whole call as WAV byte parts (header first), PART_FRAMES frames per part. */
export function* wavParts(pcm: PcmSource, layout: WavLayout): Generator<Uint8Array> {
  checkSource(pcm);
  yield wavHeader(pcm.rate, wavChannels(layout), pcm.frames);
  for (let f = 0; f < pcm.frames; f += PART_FRAMES) yield interleavePcm(pcm, layout, f, f + PART_FRAMES);
}

/** The whole call as a WAV Blob. */
export function wavBlob(pcm: PcmSource, layout: WavLayout): Blob {
  return new Blob([...wavParts(pcm, layout)] as BlobPart[], { type: 'audio/wav' });
}

/** The whole call as one WAV byte array (for ZIP entries and the encoder input). */
export function wavBytes(pcm: PcmSource, layout: WavLayout): Uint8Array {
  checkSource(pcm);
  const bytes = pcm.frames * wavChannels(layout) * 2;
  // A Uint8Array cannot exceed 2^31-1 bytes in every engine; such a call goes out as a Blob only.
  if (bytes > 0x7fffffff - RF64_HEADER_BYTES) throw new RangeError(`${bytes} bytes of audio do not fit one buffer`);
  const parts = [...wavParts(pcm, layout)];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function checkSource(pcm: PcmSource): void {
  if (pcm.left.length < pcm.frames || pcm.right.length < pcm.frames) {
    throw new RangeError(`PCM holds ${Math.min(pcm.left.length, pcm.right.length)} frames, ${pcm.frames} announced`);
  }
}
