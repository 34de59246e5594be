// Test page: the player side of the decoder's preview (DecodeSession.preview) — AudioPlayer on a
// provisional PcmStore, then replaceStore() with the whole call, on the real audio clock.
import { AudioPlayer } from '../../src/app/services/audio-player.js';
import { PcmStore } from '../../src/app/services/pcm-store.js';
import '../../src/app/elements/rec-transport.js';

/** A 440 Hz tone (audible on both sides) from frame `from` for `n` frames. */
function tone(rate: number, from: number, n: number) {
  const left = new Int16Array(n), right = new Int16Array(n);
  for (let i = 0; i < n; i++) left[i] = right[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * (from + i)) / rate));
  return { startFrame: from, left, right };
}

async function untilAudio(p: AudioPlayer, seconds: number): Promise<void> {
  const end = p.context!.currentTime + seconds;
  while (p.context!.currentTime < end) await new Promise((r) => setTimeout(r, 20));
}

/** Plays a 1 s preview, waits past its end, then swaps in the 4 s call at the same rate. */
async function sameRate() {
  const p = new AudioPlayer();
  let ended = false;
  p.onEnded(() => { ended = true; });
  const preview = new PcmStore({ sampleRate: 8000, frames: 8000 }, true);
  preview.add(tone(8000, 0, 8000));
  p.load(preview);
  p.prepare(8000);
  await p.play();
  await untilAudio(p, 1.6);
  const waiting = { playing: p.isPlaying, ended, position: p.positionFrame };
  const full = new PcmStore({ sampleRate: 8000, frames: 32000 });
  const seeded = full.seed(preview);
  full.add(tone(8000, 8000, 24000));
  const ctx = p.context;
  p.replaceStore(full);
  await untilAudio(p, 1.0);
  const after = { playing: p.isPlaying, ended, position: p.positionFrame, sameContext: p.context === ctx };
  p.dispose();
  return { waiting, seeded, after };
}

/** Plays an 8 kHz preview, then swaps in a 16 kHz call: playback goes on at the same time position. */
async function rateChange() {
  const p = new AudioPlayer();
  const preview = new PcmStore({ sampleRate: 8000, frames: 16000 }, true);
  preview.add(tone(8000, 0, 16000));
  p.load(preview);
  await p.play();
  await untilAudio(p, 0.5);
  const full = new PcmStore({ sampleRate: 16000, frames: 80000 });
  const seeded = full.seed(preview);
  full.add(tone(16000, 0, 80000));
  const before = p.positionFrame / 8000;
  p.replaceStore(full);
  const right = p.positionFrame / 16000;
  for (let i = 0; i < 100 && !p.isPlaying; i++) await new Promise((r) => setTimeout(r, 20));
  const out = { seeded, before, right, playing: p.isPlaying, rate: p.context?.sampleRate };
  p.dispose();
  return out;
}

/** The time shown by the transport for a 2 s preview (length not known yet) and for the whole 60 s call. */
async function transportTime() {
  const el = document.createElement('rec-transport');
  Object.assign(el, { rate: 8000, frames: 16000, position: 8000, lengthKnown: false, disabled: false });
  document.body.append(el);
  await el.updateComplete;
  const preview = el.shadowRoot!.querySelector('output')!.textContent;
  Object.assign(el, { frames: 480000, lengthKnown: true });
  await el.updateComplete;
  const whole = el.shadowRoot!.querySelector('output')!.textContent;
  el.remove();
  return { preview, whole };
}

(globalThis as unknown as { previewPlayer: unknown }).previewPlayer = { sameRate, rateChange, transportTime };
