// Next/previous in the current list order (the ids the list view passes as `playlist`).

/** The id `step` places from `current`, or null at either end or when `current` is not listed. */
export function neighbour(playlist: readonly string[], current: string | null, step: 1 | -1): string | null {
  if (current === null) return null;
  const i = playlist.indexOf(current);
  if (i < 0) return null;
  return playlist[i + step] ?? null;
}

const AUTO_KEY = 'rec.autoAdvance';

/** The auto-advance choice survives a reload (a user preference, not per recording). */
export function loadAutoAdvance(): boolean {
  try { return globalThis.localStorage?.getItem(AUTO_KEY) === '1'; } catch { return false; }
}

export function saveAutoAdvance(on: boolean): void {
  try { globalThis.localStorage?.setItem(AUTO_KEY, on ? '1' : '0'); } catch { /* storage blocked: the choice lasts this session */ }
}
