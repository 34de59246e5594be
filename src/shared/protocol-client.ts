/**
 * Typed request/response over any AppWebsocket transport (browser WebSocket, `ws`, a test double).
 * `request({mt:'GetRecording', id})` resolves with `GetRecordingResult` typed from `ResultMap`,
 * rejects with `AppError` on `{error}`; pushes go to listeners; unknown `mt` values are ignored.
 * No DOM or Node imports.
 */
import { AppError, isErrorCode } from './errors.js';
import type { Push, Request, RequestName, RequestOf, ResultOf } from './messages.js';

export interface Transport {
  send(text: string): void;
}

type Pending = { resolve: (m: any) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> | null };

export class ProtocolClient {
  private readonly pending = new Map<string, Pending>();
  private readonly pushListeners = new Set<(p: Push) => void>();
  private seq = 0;

  constructor(private readonly transport: Transport, private readonly timeoutMs = 30_000, private readonly prefix = 'c') {}

  /** Feed every received text frame here. */
  receive(text: string): void {
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof m !== 'object' || m === null || typeof m.mt !== 'string') return;
    const src = typeof m.src === 'string' ? m.src : undefined;
    if (m.mt.endsWith('Result') && src !== undefined) {
      const p = this.pending.get(src);
      if (p) {
        this.pending.delete(src);
        if (p.timer) clearTimeout(p.timer);
        if (m.error !== undefined) {
          p.reject(new AppError(isErrorCode(m.error) ? m.error : 'internal', typeof m.errorText === 'string' ? m.errorText : String(m.error)));
        } else {
          p.resolve(m);
        }
        return;
      }
    }
    if (m.mt === 'RecordingAdded' || m.mt === 'RecordingUpdated' || m.mt === 'RecordingDeleted') {
      for (const l of this.pushListeners) l(m as unknown as Push);
    }
  }

  request<N extends RequestName>(msg: RequestOf<N>): Promise<ResultOf<N>> {
    const src = `${this.prefix}${++this.seq}`;
    return new Promise<ResultOf<N>>((resolve, reject) => {
      const timer = this.timeoutMs > 0
        ? setTimeout(() => {
          this.pending.delete(src);
          reject(new AppError('internal', `${msg.mt}: no answer within ${this.timeoutMs} ms`));
        }, this.timeoutMs)
        : null;
      this.pending.set(src, { resolve, reject, timer });
      this.transport.send(JSON.stringify({ ...(msg as Request), src }));
    });
  }

  onPush(listener: (p: Push) => void): () => void {
    this.pushListeners.add(listener);
    return () => this.pushListeners.delete(listener);
  }

  /** The connection is gone: every open request fails. */
  close(reason = 'connection closed'): void {
    for (const [src, p] of this.pending) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(new AppError('internal', reason));
      this.pending.delete(src);
    }
  }
}
