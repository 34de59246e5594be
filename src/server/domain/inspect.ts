import type { DecodeInfo, DecodeWarning, StreamInfo } from '../../shared/decoder-types.js';
import { inspectCapture } from '../../worker/decode-session.js';

/** What ingest keeps of the decoder core's info path. */
export interface Inspection {
  startTime: number | null;
  durationMs: number;
  codecs: string[];
  streams: StreamInfo[];
  warnings: DecodeWarning[];
}


const NON_AUDIO = new Set(['CN', 'telephone-event', 'unknown']);

function problem(message: string): DecodeWarning {
  return { code: 'none', stream: -1, timeMs: -1, detail: 0, message };
}

/**
 * Reads a capture once through the decoder core's `inspectCapture`. Never throws: a capture the
 * core cannot read is still stored, with the reason as a warning.
 */
export async function inspectPcap(bytes: Uint8Array): Promise<Inspection> {
  let info: DecodeInfo;
  try {
    info = await inspectCapture(bytes);
  } catch (e) {
    const err = e as Error;
    return { startTime: null, durationMs: 0, codecs: [], streams: [], warnings: [problem(`capture not inspected: ${err.name}: ${err.message}`)] };
  }
  const codecs: string[] = [];
  for (const s of info.streams) if (!NON_AUDIO.has(s.codec) && !codecs.includes(s.codec)) codecs.push(s.codec);
  return {
    startTime: Number.isFinite(info.startTime) && info.startTime > 0 ? info.startTime : null,
    durationMs: Math.max(0, Math.round(info.durationMs)),
    codecs,
    streams: info.streams,
    warnings: info.warnings.slice(0, 200),
  };
}
