// `recordings info`: what the decoder knows about a capture, as a table or as DecodeInfo JSON.
import type { DecodeOptions } from '../shared/decoder-types.js';
import { inspectCapture } from '../worker/decode-session.js';
import { formatInfo } from './format-info.js';
import { openInput } from './input.js';

export async function infoCommand(input: string, json: boolean, options: DecodeOptions): Promise<void> {
  const info = await inspectCapture(openInput(input), { options });
  process.stdout.write(json ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(input, info));
}
