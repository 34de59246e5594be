// The offline component harness (offline-harness.html), built and served like the main one.
import { startHarness, type Harness } from './serve.js';

export function startOfflineHarness(): Promise<Harness> {
  return startHarness('test/app/offline-harness.html');
}
