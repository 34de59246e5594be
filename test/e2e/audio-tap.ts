// Reads the player's analyser taps (one per output channel) for up to 4 s and returns the peak
// level of each side: "audio actually flows" means both sides rise above silence while the
// AudioContext clock runs.
import type { Frame } from 'playwright-core';
import { expect } from 'vitest';

export interface TapLevels { state: string | undefined; time: number; peaks: number[] }

/** `host`: the element whose shadow root holds the <rec-call-player> (the app, or the softphone panel). */
export function listenBothChannels(f: Frame, host: 'rec-app' | 'rec-latest' = 'rec-app'): Promise<TapLevels> {
  return f.evaluate(async (hostTag) => {
    const app = document.querySelector(hostTag)!;
    const player = app.shadowRoot!.querySelector('rec-call-player') as unknown as {
      player: { context: AudioContext | null; channelAnalysers: [AnalyserNode, AnalyserNode] | null };
    };
    const peaks = [0, 0];
    const buf = new Float32Array(2048);
    for (let i = 0; i < 80 && (peaks[0]! < 0.01 || peaks[1]! < 0.01); i++) {
      await new Promise((r) => setTimeout(r, 50));
      const taps = player.player.channelAnalysers;
      if (!taps) continue;
      taps.forEach((a, ch) => {
        a.getFloatTimeDomainData(buf);
        for (const v of buf) peaks[ch] = Math.max(peaks[ch]!, Math.abs(v));
      });
    }
    return { state: player.player.context?.state, time: player.player.context?.currentTime ?? 0, peaks };
  }, host);
}

/** Listens on both taps and expects the clock running and sound on each side. */
export async function expectSoundOnBothChannels(f: Frame, host: 'rec-app' | 'rec-latest' = 'rec-app'): Promise<void> {
  const levels = await listenBothChannels(f, host);
  expect(levels.state).toBe('running');
  expect(levels.time).toBeGreaterThan(0);
  expect(levels.peaks[0]).toBeGreaterThan(0.01); // left = remote
  expect(levels.peaks[1]).toBeGreaterThan(0.01); // right = local
}
