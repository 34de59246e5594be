// Test page: decodes a capture through the app's DecoderClient (the real decoder worker, which
// loads ffmpeg.wasm for rare codecs) and hands the info and both channels back to the test.
import { DecoderClient } from '../../src/app/services/decoder-client.js';

const client = new DecoderClient();

(window as unknown as Record<string, unknown>).decodeCapture = async (b64: string) => {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  let left = new Int16Array(0), right = new Int16Array(0);
  const info = await client.decode(bytes.buffer, {
    onInfo: (i) => { left = new Int16Array(i.frames); right = new Int16Array(i.frames); },
    onChunk: (c) => { left.set(c.left, c.startFrame); right.set(c.right, c.startFrame); },
  });
  return { info, left: Array.from(left), right: Array.from(right) };
};
(window as unknown as Record<string, unknown>).harnessReady = true;
