// What each output channel should sound like: per-side volume, mute and solo.
// Left = remote party, right = local user (the order of the decoded stereo).

export type Side = 0 | 1;

export interface ChannelMix {
  /** 0 … 1.5 per side (above 1 lifts a quiet party) */
  volume: [number, number];
  muted: [boolean, boolean];
  /** a soloed side is the only one heard, whatever its mute state */
  solo: Side | null;
}

export const MAX_VOLUME = 1.5;

export function defaultMix(): ChannelMix {
  return { volume: [1, 1], muted: [false, false], solo: null };
}

/** Whether a side is heard at all under mute and solo. */
export function isAudible(m: ChannelMix, side: Side): boolean {
  return m.solo === null ? !m.muted[side] : m.solo === side;
}

/** Gain to apply to each side. */
export function channelGains(m: ChannelMix): [number, number] {
  const g = (s: Side) => (isAudible(m, s) ? clampVolume(m.volume[s]) : 0);
  return [g(0), g(1)];
}

export function clampVolume(v: number): number {
  return Number.isFinite(v) ? Math.min(MAX_VOLUME, Math.max(0, v)) : 1;
}

export function withVolume(m: ChannelMix, side: Side, v: number): ChannelMix {
  const volume: [number, number] = [...m.volume];
  volume[side] = clampVolume(v);
  return { ...m, volume };
}

export function withMute(m: ChannelMix, side: Side, on: boolean): ChannelMix {
  const muted: [boolean, boolean] = [...m.muted];
  muted[side] = on;
  return { ...m, muted };
}

/** Solo toggles: soloing the soloed side again clears it. */
export function withSolo(m: ChannelMix, side: Side | null): ChannelMix {
  return { ...m, solo: side === null || m.solo === side ? null : side };
}
