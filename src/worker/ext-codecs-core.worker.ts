// The FFmpegRunner of the decoder worker: the @ffmpeg/core build (the same files the page's MP3/OGG
// export uses, shipped as assets of this build, never a CDN) instantiated inside this worker on
// the first rare-codec stream, then kept for the worker's life.
import { coreRunner, type FFmpegCore } from './ffmpeg-core-runner.js';

async function load(): Promise<FFmpegCore> {
  const [js, wasm] = await Promise.all([import('@ffmpeg/core?url'), import('@ffmpeg/core/wasm?url')]);
  const coreURL = new URL(js.default, self.location.href).href;
  const wasmURL = new URL(wasm.default, self.location.href).href;
  const mod = await import(/* @vite-ignore */ coreURL) as { default: (o: object) => Promise<FFmpegCore> };
  // The core finds its .wasm through the URL fragment (how @ffmpeg/ffmpeg's own worker passes it).
  return mod.default({ mainScriptUrlOrBlob: `${coreURL}#${btoa(JSON.stringify({ wasmURL, workerURL: '' }))}` });
}

export const ffmpegWasm = coreRunner(load);
