// Typed custom events of the rec- elements (intent flows up, data flows down).
import type { RecordingInfo } from '../../shared/messages.js';

export interface RecEvents {
  /** a file was chosen or dropped */
  'rec-file': CustomEvent<{ file: File }>;
  /** the user asked to jump to a position */
  'rec-seek': CustomEvent<{ frame: number }>;
  /** play/pause pressed */
  'rec-toggle': CustomEvent<void>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends RecEvents {}
}

export function emit<K extends keyof RecEvents>(from: HTMLElement, type: K, detail: RecEvents[K]['detail']): void {
  from.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

/** Events of the myApps views (recording list, call player). */
export interface RecViewEvents {
  /** a recording was chosen in the list */
  'rec-select': CustomEvent<{ id: string }>;
  /** an action changed the shown recording (the list updates its row) */
  'rec-changed': CustomEvent<{ recording: RecordingInfo }>;
  /** the shown recording was deleted (the list drops it) */
  'rec-deleted': CustomEvent<{ id: string }>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends RecViewEvents {}
}

export function emitView<K extends keyof RecViewEvents>(from: HTMLElement, type: K, detail: RecViewEvents[K]['detail']): void {
  from.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
