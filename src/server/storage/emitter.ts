/** In-process fan-out of store events; one throwing listener must not starve the others. */
import type { StoreEvent, StoreListener } from './types.js';

export class EventFanout {
  private readonly listeners = new Set<StoreListener>();

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  emit(event: StoreEvent): void {
    for (const l of [...this.listeners]) {
      try { l(event); } catch (e) {
        // A listener's bug must not break the write that triggered it (or other listeners).
        console.error(`storage: listener failed on ${event.type} event:`, e);
      }
    }
  }

  clear(): void { this.listeners.clear(); }
}
