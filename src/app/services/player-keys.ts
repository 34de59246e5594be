// The player's keyboard shortcuts: one table for the key handler and the help tooltip.
import type { TextKey } from '../i18n/texts.js';

export type PlayerAction =
  | { kind: 'toggle' }
  | { kind: 'seekBy'; seconds: number }
  | { kind: 'seekTo'; where: 'start' | 'end' }
  | { kind: 'speed'; step: 1 | -1 }
  | { kind: 'loopA' } | { kind: 'loopB' } | { kind: 'loopClear' }
  | { kind: 'next' } | { kind: 'previous' };

interface Binding { keys: string[]; label: string; help: TextKey; action: PlayerAction }

export const PLAYER_KEYS: readonly Binding[] = [
  { keys: [' ', 'k', 'K'], label: 'Space / K', help: 'keyToggle', action: { kind: 'toggle' } },
  { keys: ['ArrowLeft'], label: '←', help: 'keyBack5', action: { kind: 'seekBy', seconds: -5 } },
  { keys: ['ArrowRight'], label: '→', help: 'keyForward5', action: { kind: 'seekBy', seconds: 5 } },
  { keys: ['j', 'J'], label: 'J', help: 'keyBack10', action: { kind: 'seekBy', seconds: -10 } },
  { keys: ['l', 'L'], label: 'L', help: 'keyForward10', action: { kind: 'seekBy', seconds: 10 } },
  { keys: ['Home'], label: 'Home', help: 'keyStart', action: { kind: 'seekTo', where: 'start' } },
  { keys: ['End'], label: 'End', help: 'keyEnd', action: { kind: 'seekTo', where: 'end' } },
  { keys: ['<', ','], label: '< / ,', help: 'keySlower', action: { kind: 'speed', step: -1 } },
  { keys: ['>', '.'], label: '> / .', help: 'keyFaster', action: { kind: 'speed', step: 1 } },
  { keys: ['a', 'A'], label: 'A', help: 'keyLoopA', action: { kind: 'loopA' } },
  { keys: ['b', 'B'], label: 'B', help: 'keyLoopB', action: { kind: 'loopB' } },
  { keys: ['x', 'X'], label: 'X', help: 'keyLoopClear', action: { kind: 'loopClear' } },
  { keys: ['n', 'N'], label: 'N', help: 'keyNext', action: { kind: 'next' } },
  { keys: ['p', 'P'], label: 'P', help: 'keyPrevious', action: { kind: 'previous' } },
];

const BY_KEY = new Map<string, PlayerAction>(PLAYER_KEYS.flatMap((b) => b.keys.map((k) => [k, b.action] as const)));

/** The action of a key press, or null when the player should leave the key alone. */
export function playerActionFor(e: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey'>): PlayerAction | null {
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  return BY_KEY.get(e.key) ?? null;
}

/** Speeds offered in the menu and stepped through by the keys. */
export const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const;

export function stepSpeed(current: number, step: 1 | -1): number {
  let i = SPEEDS.findIndex((s) => s >= current - 1e-9);
  if (i < 0) i = SPEEDS.length - 1;
  else if (SPEEDS[i]! > current + 1e-9 && step > 0) i -= 1; // between two: "faster" goes to the upper one
  return SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, i + step))]!;
}
