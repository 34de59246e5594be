import { AppError } from '../../shared/errors.js';

/** What the service needs of a PBX App-object connection. */
export interface PbxPeer {
  readonly id: number;
  /** PbxInfo.pbx, null until PbxInfo arrived */
  pbx: string | null;
  apis: string[];
  send(msg: Record<string, unknown>): void;
}

interface Pending {
  resolve: (msg: Record<string, unknown>) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * The PBX connections and the requests the service sends over them (PbxAdminApi …). Results
 * come back on the same socket with the same `api` and `src`.
 */
export class PbxLinks {
  private readonly peers = new Map<number, PbxPeer>();
  private readonly pending = new Map<string, Pending>();
  private seq = 0;
  /** when the last used PBX connection dropped (broken-link indicator) */
  lostAt: number | null = null;
  onChange: () => void = () => {};

  constructor(private readonly now: () => number) {}

  add(peer: PbxPeer): void {
    this.peers.set(peer.id, peer);
    this.onChange();
  }

  remove(peer: PbxPeer): void {
    if (!this.peers.delete(peer.id)) return;
    if (peer.pbx !== null) this.lostAt = this.now();
    for (const [src, p] of this.pending) {
      if (src.startsWith(`pbx${peer.id}-`)) {
        clearTimeout(p.timer);
        this.pending.delete(src);
        p.reject(new AppError('internal', 'PBX connection closed'));
      }
    }
    this.onChange();
  }

  /** The PBX to use: the one whose PbxInfo.pbx equals the configured name, or any when no name is set. */
  active(pbxName: string): PbxPeer | null {
    for (const p of this.peers.values()) {
      if (p.pbx === null) continue;
      if (pbxName === '' || p.pbx === pbxName) return p;
    }
    return null;
  }

  /** Sends a request with a fresh src and waits for the reply (rejects on timeout or close). */
  request(peer: PbxPeer, msg: Record<string, unknown>, timeoutMs = 5000): Promise<Record<string, unknown>> {
    const src = `pbx${peer.id}-${++this.seq}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(src);
        reject(new AppError('internal', `PBX did not answer ${String(msg.mt)} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(src, { resolve, reject, timer });
      peer.send({ ...msg, src });
    });
  }

  /** Delivers a reply from a PBX; false when nobody waits for it. */
  deliver(msg: Record<string, unknown>): boolean {
    const src = typeof msg.src === 'string' ? msg.src : '';
    const p = this.pending.get(src);
    if (!p) return false;
    clearTimeout(p.timer);
    this.pending.delete(src);
    p.resolve(msg);
    return true;
  }
}
