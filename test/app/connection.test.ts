// AppConnection and MyAppsHost in Node with doubles for the socket and the window: the login
// sequence on the wire, back-off doubling to the cap and reset after a login, requests refused
// while down, KeepAlive when idle; getLogin answered only for our App object and src, SetLang/SetScheme.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppConnection, type ConnectionStatus } from '../../src/app/services/connection.js';
import { MyAppsHost, type StartParams } from '../../src/app/services/myapps.js';
import type { LoginMessage } from '../../src/shared/messages.js';

class FakeSocket {
  static all: FakeSocket[] = [];
  sent: any[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) { FakeSocket.all.push(this); }
  send(t: string) { this.sent.push(JSON.parse(t)); }
  close() { if (this.readyState === 3) return; this.readyState = 3; this.onclose?.({ code: 1000 }); }
  open() { this.readyState = 1; this.onopen?.(); }
  recv(m: object) { this.onmessage?.({ data: JSON.stringify(m) }); }
  serverClose(code = 1006) { this.readyState = 3; this.onclose?.({ code }); }
}

const LOGIN: LoginMessage = { mt: 'Login', app: 'innovaphone-recordings', domain: 'example.com', sip: 'alice', guid: 'g', dn: 'Alice', info: { appobj: 'recordings' }, digest: 'd', pbxObj: 'recordings' };

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.all = [];
  (globalThis as any).WebSocket = { OPEN: 1 };
});
afterEach(() => { vi.useRealTimers(); });

function make() {
  const challenges: string[] = [];
  const states: ConnectionStatus[] = [];
  const c = new AppConnection({
    url: 'ws://x/d/i', appObject: 'recordings', keepAliveMs: 4000,
    login: { getLogin: async (ch) => { challenges.push(ch); return LOGIN; } },
    createSocket: (u) => new FakeSocket(u) as unknown as WebSocket,
  });
  c.onChange((s) => states.push(s));
  return { c, challenges, states, last: () => FakeSocket.all[FakeSocket.all.length - 1]! };
}

async function login(s: FakeSocket) {
  s.open();
  expect(s.sent[0]).toMatchObject({ mt: 'AppChallenge' });
  s.recv({ mt: 'AppChallengeResult', src: 'challenge', challenge: '42' });
  await vi.advanceTimersByTimeAsync(0);
  const l = s.sent[1];
  expect(l).toEqual({ mt: 'AppLogin', src: 'login', app: 'innovaphone-recordings', domain: 'example.com', sip: 'alice', guid: 'g', dn: 'Alice', info: { appobj: 'recordings' }, digest: 'd', pbxObj: 'recordings' });
  s.recv({ mt: 'AppLoginResult', src: 'login', ok: true });
}

describe('AppConnection', () => {
  it('logs in with the challenge, answers typed requests, reports the user', async () => {
    const { c, challenges, last } = make();
    const ready = vi.fn();
    c.onReady(ready);
    c.start();
    await expect(c.request({ mt: 'SubscribeRecordings' })).rejects.toThrow('not connected');
    await login(last());
    expect(challenges).toEqual(['42']);
    expect(c.status).toMatchObject({ phase: 'connected', user: { sip: 'alice', dn: 'Alice' } });
    expect(ready).toHaveBeenCalledTimes(1);
    const p = c.request({ mt: 'GetRecording', id: 'r1' });
    const req = last().sent[2];
    expect(req).toMatchObject({ mt: 'GetRecording', id: 'r1' });
    last().recv({ mt: 'GetRecordingResult', src: req.src, error: 'not-found', errorText: 'no recording r1' });
    await expect(p).rejects.toMatchObject({ code: 'not-found' });
  });

  it('backs off 500, 1000, 2000 … capped at 32 s; a successful login resets it; open requests fail on close', async () => {
    const { c, last, states } = make();
    c.start();
    await login(last());
    const pending = c.request({ mt: 'SubscribeRecordings' });
    last().serverClose();
    await expect(pending).rejects.toThrow('connection closed');
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const st = states[states.length - 1]!;
      expect(st.phase).toBe('waiting');
      waits.push(st.retryAt - Date.now());
      const before = FakeSocket.all.length;
      await vi.advanceTimersByTimeAsync(st.retryAt - Date.now() - 1);
      expect(FakeSocket.all.length).toBe(before);
      await vi.advanceTimersByTimeAsync(1);
      expect(FakeSocket.all.length).toBe(before + 1);
      last().serverClose();
    }
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 16000, 32000, 32000]);
    await vi.advanceTimersByTimeAsync(32000);
    await login(last());
    last().serverClose();
    expect(states[states.length - 1]!.retryAt - Date.now()).toBe(500);
  });

  it('a refused login is shown and retried', async () => {
    const { c, last } = make();
    c.start();
    const s = last();
    s.open();
    s.recv({ mt: 'AppChallengeResult', challenge: '1' });
    await vi.advanceTimersByTimeAsync(0);
    s.recv({ mt: 'AppLoginResult', error: 'unauthorized', errorText: 'wrong digest' });
    expect(c.status).toMatchObject({ phase: 'waiting', problem: 'login: wrong digest' });
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeSocket.all).toHaveLength(2);
    expect(c.status.problem).toBe('login: wrong digest'); // still shown while retrying
    FakeSocket.all[1]!.serverClose(1006); // this attempt fails differently: the text follows
    expect(c.status).toMatchObject({ phase: 'waiting', problem: 'connection closed (1006)' });
  });

  it('stops without retrying when there is no parent window to log in through', async () => {
    const c = new AppConnection({
      url: 'ws://x', appObject: 'recordings', createSocket: (u) => new FakeSocket(u) as unknown as WebSocket,
      login: { getLogin: async () => { const e = new Error('no parent window'); e.name = 'no-parent'; throw e; } },
    });
    c.start();
    FakeSocket.all[0]!.open();
    FakeSocket.all[0]!.recv({ mt: 'AppChallengeResult', challenge: '1' });
    await vi.advanceTimersByTimeAsync(0);
    expect(c.status).toMatchObject({ phase: 'stopped', problem: 'no-parent' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('sends KeepAlive only after a quiet period, and stop() ends retries', async () => {
    const { c, last } = make();
    c.start();
    await login(last());
    const s = last();
    await vi.advanceTimersByTimeAsync(3000);
    expect(s.sent.filter((m) => m.mt === 'KeepAlive')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2000);
    expect(s.sent.filter((m) => m.mt === 'KeepAlive')).toHaveLength(1);
    c.stop();
    expect(c.status.phase).toBe('stopped');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });
});

describe('MyAppsHost', () => {
  function fakeWindow() {
    const posted: any[] = [];
    const listeners = new Set<(e: any) => void>();
    const parent = { postMessage: (m: string) => posted.push(JSON.parse(m)) };
    const win = {
      parent, addEventListener: (_: string, l: any) => listeners.add(l), removeEventListener: (_: string, l: any) => listeners.delete(l),
      setTimeout: (f: () => void, ms: number) => setTimeout(f, ms), clearTimeout: (t: any) => clearTimeout(t),
    };
    const fromParent = (m: object, source: unknown = parent) => listeners.forEach((l) => l({ source, data: JSON.stringify(m) }));
    return { win: win as unknown as Window, posted, fromParent };
  }
  const start: StartParams = { lang: 'en', scheme: 'dark', name: 'recordings', title: '', url: 'ws://x', app: 'innovaphone-recordings' };

  it('posts Alive and getLogin{app: name, challenge, src}; takes only the Login for its App object and src', async () => {
    const w = fakeWindow();
    const host = new MyAppsHost(w.win, start);
    expect(w.posted[0]).toEqual({ mt: 'Alive' });
    const p = host.getLogin('777');
    const g = w.posted[1];
    expect(g).toMatchObject({ mt: 'getLogin', app: 'recordings', challenge: '777' });
    w.fromParent({ ...LOGIN, pbxObj: 'other', src: g.src });
    w.fromParent({ ...LOGIN, src: 'not-ours' });
    w.fromParent({ ...LOGIN, src: g.src }, {}); // not from the parent window
    w.fromParent({ ...LOGIN, src: g.src, digest: 'right' });
    await expect(p).resolves.toMatchObject({ digest: 'right', sip: 'alice' });
  });

  it('gives up after the timeout, and follows SetLang / SetScheme', async () => {
    const w = fakeWindow();
    const host = new MyAppsHost(w.win, start, 1000);
    const p = host.getLogin('1');
    const fail = expect(p).rejects.toMatchObject({ name: 'login-timeout' });
    await vi.advanceTimersByTimeAsync(1000);
    await fail;
    const langs: string[] = [], schemes: string[] = [];
    host.onLang((l) => langs.push(l));
    host.onScheme((s) => schemes.push(s));
    w.fromParent({ mt: 'SetLang', lang: 'de' });
    w.fromParent({ mt: 'SetScheme', scheme: 'light' });
    w.fromParent({ mt: 'SetScheme', scheme: 'purple' });
    expect(langs).toEqual(['de']);
    expect(schemes).toEqual(['light']);
  });

  it('a page whose frame was removed (parent null) posts nothing and answers getLogin with no-parent', async () => {
    const w = fakeWindow();
    const host = new MyAppsHost(w.win, start);
    (w.win as unknown as { parent: unknown }).parent = null;
    expect(host.hasParent).toBe(false);
    await expect(host.getLogin('2')).rejects.toMatchObject({ name: 'no-parent' });
    expect(w.posted).toEqual([{ mt: 'Alive' }]);
  });
});
