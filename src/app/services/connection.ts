// The one WebSocket to the Recordings service (reference §1.4, §1.8): challenge → getLogin via the
// parent window → AppLogin, typed requests through ProtocolClient, pushes, and reconnect with
// back-off (500 ms doubling to 32 s, reset after a successful login) like innovaphone's Connection.js.
// Components never see the socket: views call `request` and listen to `onPush` / `onChange`.
import { ProtocolClient } from '../../shared/protocol-client.js';
import type { AppLoginResult, Push, RequestName, RequestOf, ResultOf } from '../../shared/messages.js';
import type { LoginProvider } from './myapps.js';

export type ConnectionPhase = 'connecting' | 'login' | 'connected' | 'waiting' | 'stopped';

export interface ConnectionStatus {
  phase: ConnectionPhase;
  /** why the last attempt ended (login refused, socket error, no parent window) */
  problem: string | null;
  /** when phase is `waiting`: ms since epoch of the next attempt */
  retryAt: number;
  /** the signed-in user once connected */
  user: { sip: string; dn: string; app: string } | null;
}

/** Thrown by `request` while the connection is not up (the request is not sent). */
export class NotConnectedError extends Error {
  constructor() { super('not connected'); this.name = 'not-connected'; }
}

export interface ConnectionOptions {
  url: string;
  /** App-object name: goes into AppLogin.pbxObj */
  appObject: string;
  login: LoginProvider;
  createSocket?: (url: string) => WebSocket;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  keepAliveMs?: number;
  requestTimeoutMs?: number;
}

export class AppConnection {
  private ws: WebSocket | null = null;
  private client: ProtocolClient | null = null;
  private backoff: number;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private keepAlive: ReturnType<typeof setInterval> | undefined;
  private lastSend = 0;
  private pendingUser: ConnectionStatus['user'] = null;
  /** why the current attempt failed; status.problem keeps showing the last one meanwhile */
  private attemptProblem: string | null = null;
  private attempt = 0;
  private readonly pushListeners = new Set<(p: Push) => void>();
  private readonly changeListeners = new Set<(s: ConnectionStatus) => void>();
  private readonly readyListeners = new Set<() => void>();
  status: ConnectionStatus = { phase: 'stopped', problem: null, retryAt: 0, user: null };

  constructor(private readonly o: ConnectionOptions) {
    this.backoff = o.minBackoffMs ?? 500;
  }

  get connected(): boolean { return this.status.phase === 'connected'; }

  start(): void {
    if (this.status.phase !== 'stopped') return;
    this.open();
  }

  stop(): void {
    clearTimeout(this.retryTimer);
    this.drop('stopped', null);
  }

  /** Skips the remaining back-off wait. */
  retryNow(): void {
    if (this.status.phase !== 'waiting') return;
    clearTimeout(this.retryTimer);
    this.open();
  }

  request<N extends RequestName>(msg: RequestOf<N>): Promise<ResultOf<N>> {
    if (!this.client || !this.connected) return Promise.reject(new NotConnectedError());
    this.lastSend = Date.now();
    return this.client.request(msg);
  }

  onPush(l: (p: Push) => void): () => void { this.pushListeners.add(l); return () => this.pushListeners.delete(l); }
  onChange(l: (s: ConnectionStatus) => void): () => void { this.changeListeners.add(l); return () => this.changeListeners.delete(l); }
  /** Called after every successful login: the place to (re)subscribe and reload. */
  onReady(l: () => void): () => void {
    this.readyListeners.add(l);
    if (this.connected) queueMicrotask(l);
    return () => this.readyListeners.delete(l);
  }

  private set(p: Partial<ConnectionStatus>): void {
    this.status = { ...this.status, ...p };
    for (const l of this.changeListeners) l(this.status);
  }

  private open(): void {
    const attempt = ++this.attempt;
    this.attemptProblem = null;
    this.set({ phase: 'connecting', retryAt: 0 });
    let ws: WebSocket;
    try {
      ws = this.o.createSocket ? this.o.createSocket(this.o.url) : new WebSocket(this.o.url);
    } catch (e) {
      this.fail(`${(e as Error).message}`);
      return;
    }
    this.ws = ws;
    const client = new ProtocolClient({ send: (t) => ws.send(t) }, this.o.requestTimeoutMs ?? 30_000, 'a');
    client.onPush((p) => { for (const l of this.pushListeners) l(p); });
    ws.onopen = () => {
      if (attempt !== this.attempt) return;
      this.set({ phase: 'login' });
      ws.send(JSON.stringify({ mt: 'AppChallenge', src: 'challenge' }));
    };
    ws.onmessage = (ev) => {
      if (attempt !== this.attempt || typeof ev.data !== 'string') return;
      let m: Record<string, unknown>;
      try { m = JSON.parse(ev.data); } catch { return; }
      if (m.mt === 'AppChallengeResult' && typeof m.challenge === 'string') void this.login(attempt, m.challenge);
      else if (m.mt === 'AppLoginResult') this.loggedIn(attempt, m as unknown as AppLoginResult, client);
      else if (this.connected) client.receive(ev.data);
    };
    ws.onclose = (ev) => {
      if (attempt !== this.attempt) return;
      this.fail(this.attemptProblem ?? `connection closed (${ev.code})`);
    };
    ws.onerror = () => undefined; // onclose follows and carries the retry
  }

  private async login(attempt: number, challenge: string): Promise<void> {
    try {
      const l = await this.o.login.getLogin(challenge);
      if (attempt !== this.attempt || !this.ws) return;
      this.pendingUser = { sip: l.sip ?? '', dn: l.dn ?? l.sip ?? '', app: l.app ?? '' };
      this.ws.send(JSON.stringify({
        mt: 'AppLogin', src: 'login', app: l.app, domain: l.domain, sip: l.sip, guid: l.guid, dn: l.dn,
        ...(l.info !== undefined ? { info: l.info } : {}), digest: l.digest, pbxObj: this.o.appObject,
      }));
    } catch (e) {
      if (attempt !== this.attempt) return;
      const name = (e as Error).name;
      // Without a parent window no retry can ever get a login: stop and say where to open the app.
      if (name === 'no-parent') { this.drop('stopped', 'no-parent'); return; }
      this.attemptProblem = name === 'login-timeout' ? 'login-timeout' : (e as Error).message;
      this.ws?.close();
    }
  }

  private loggedIn(attempt: number, r: AppLoginResult, client: ProtocolClient): void {
    if (!r.ok) {
      this.attemptProblem = `login: ${r.errorText ?? r.error ?? 'refused'}`;
      this.ws?.close();
      return;
    }
    this.client = client;
    this.backoff = this.o.minBackoffMs ?? 500;
    const ka = this.o.keepAliveMs ?? 60_000;
    this.lastSend = Date.now();
    clearInterval(this.keepAlive);
    this.keepAlive = setInterval(() => {
      if (Date.now() - this.lastSend >= ka && this.ws?.readyState === WebSocket.OPEN) {
        this.ws.send('{"mt":"KeepAlive"}');
        this.lastSend = Date.now();
      }
    }, Math.max(1000, ka / 4));
    // The service accepted the digest; who we are is what the Login we forwarded said.
    this.set({ phase: 'connected', problem: null, user: this.pendingUser });
    if (attempt === this.attempt) for (const l of this.readyListeners) l();
  }

  private drop(phase: ConnectionPhase, problem: string | null): void {
    clearInterval(this.keepAlive);
    this.attempt++;
    const ws = this.ws;
    this.ws = null;
    if (ws) { ws.onclose = null; ws.onmessage = null; ws.onopen = null; try { ws.close(); } catch { /* already closed */ } }
    this.client?.close('connection closed');
    this.client = null;
    this.set({ phase, problem, user: phase === 'stopped' ? null : this.status.user });
  }

  private fail(problem: string): void {
    const wait = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.o.maxBackoffMs ?? 32_000);
    this.drop('waiting', problem);
    this.set({ retryAt: Date.now() + wait });
    this.retryTimer = setTimeout(() => this.open(), wait);
  }
}
