// Typed events of the player's parts (transport, channel mix, deck); the seek/toggle events are in events.ts.
import type { ChannelMix } from '../services/channel-mix.js';

export interface PlayerEvents {
  /** a playback speed was chosen */
  'rec-speed': CustomEvent<{ speed: number }>;
  /** loop buttons: set start, set end, clear */
  'rec-loop': CustomEvent<{ action: 'a' | 'b' | 'clear' }>;
  /** next (1) / previous (-1) recording of the playlist */
  'rec-navigate': CustomEvent<{ step: 1 | -1 }>;
  /** auto-advance switched */
  'rec-auto-advance': CustomEvent<{ on: boolean }>;
  /** volume, mute or solo changed */
  'rec-mix': CustomEvent<{ mix: ChannelMix }>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends PlayerEvents {}
}

export function emitPlayer<K extends keyof PlayerEvents>(from: HTMLElement, type: K, detail: PlayerEvents[K]['detail']): void {
  from.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
