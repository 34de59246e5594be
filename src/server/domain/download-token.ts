import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const TOKEN_MS = 10 * 60 * 1000;

/**
 * Short-lived download tokens (reference §1.7 suggests a hash keyed by a session secret): an
 * HMAC over recording id, actor and expiry, keyed from the instance password so every service
 * process sharing the store accepts tokens any of them issued. The password is asked for on every
 * use: after SetInstancePassword a process that started with the old one must key like a process
 * started with the new one (tokens issued before the change stop working, as logins do).
 */
export class DownloadTokens {
  private keyFor = '';
  private cachedKey: Buffer | null = null;

  constructor(private readonly password: () => string, private readonly now: () => number) {}

  private key(): Buffer {
    const pw = this.password();
    if (this.cachedKey === null || pw !== this.keyFor) {
      this.cachedKey = createHash('sha256').update(`recordings-download:${pw}`).digest();
      this.keyFor = pw;
    }
    return this.cachedKey;
  }

  /** A token bound to one recording and the session's user. */
  make(recId: string, actor: string): { token: string; expires: number } {
    const expires = this.now() + TOKEN_MS;
    const payload = Buffer.from(JSON.stringify({ r: recId, a: actor, e: expires })).toString('base64url');
    return { token: `${payload}.${this.mac(payload)}`, expires };
  }

  /** The actor a token grants for this recording, or null when forged, expired or for another id. */
  check(token: string, recId: string): { actor: string } | null {
    const dot = token.indexOf('.');
    if (dot < 0 || token.length > 2048) return null;
    const payload = token.slice(0, dot);
    const got = Buffer.from(token.slice(dot + 1));
    const want = Buffer.from(this.mac(payload));
    if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
    try {
      const p = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { r: unknown; a: unknown; e: unknown };
      if (p.r !== recId || typeof p.e !== 'number' || p.e < this.now()) return null;
      return { actor: String(p.a) };
    } catch {
      return null;
    }
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key()).update(payload).digest('base64url');
  }
}
