// The same one-hour G.729 decode (2 x 360,000 frames of the speech fixture) inside a
// dedicated worker in headless Chromium, where the web app decodes.
// Usage: node test/wasm/g729-fixtures/bench-g729-chromium.mjs   (after npm run build:wasm)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const wasm = readFileSync(join(here, '..', '..', '..', 'wasm/build/decoder.wasm')).toString('base64');
const bits = readFileSync(join(here, 'g729-speech.g729t')).toString('base64');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  const result = await page.evaluate(async ([wasmB64, bitsB64]) => {
    const worker = `onmessage = async (e) => {
      const dec = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
      const { instance } = await WebAssembly.instantiate(dec(e.data[0]), { env: { abort() { throw new Error('abort'); } } });
      const x = instance.exports; x.reset(0);
      const bits = dec(e.data[1]); const src = x.scratchPtr(), dst = src + (1 << 20);
      new Uint8Array(x.memory.buffer).set(bits, src); x.g729Reset();
      x.g729DecodeBuffer(src, bits.length, dst);
      const frames = bits.length / 11; let done = 0; const t0 = performance.now();
      while (done < 720000) { x.g729DecodeBuffer(src, bits.length, dst); done += frames; }
      postMessage({ frames: done, seconds: (performance.now() - t0) / 1000 });
    };`;
    const w = new Worker(URL.createObjectURL(new Blob([worker], { type: 'text/javascript' })));
    return await new Promise((resolve) => { w.onmessage = (e) => resolve(e.data); w.postMessage([wasmB64, bitsB64]); });
  }, [wasm, bits]);
  console.log(`wasm in Chromium worker (${browser.version()}): ${result.frames} frames in ${result.seconds.toFixed(3)} s`);
} finally {
  await browser.close();
}
