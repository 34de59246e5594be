// The myApps side of the app (reference §2.3, §1.6): start parameters, the login through the parent
// window, and the SetLang / SetScheme messages the client posts while the app is open.
import type { LoginMessage } from '../../shared/messages.js';
import { pickLang, type Lang } from '../i18n/i18n.js';

export type Scheme = 'light' | 'dark';

export interface StartParams {
  lang: Lang;
  scheme: Scheme;
  /** App-object name (`name`): the `pbxObj` a Login must carry */
  name: string;
  title: string;
  /** WebSocket URL of the service: the page's directory, http → ws (as lib1 derives `start.url`) */
  url: string;
  /** the HTML file's name without `.htm`: innovaphone-recordings or innovaphone-recordingsadmin */
  app: string;
}

/** Reads the query the way innovaphone lib1 `Start` does: defaults browser language and dark. */
export function readStart(href: string, browserLang: string): StartParams {
  const u = new URL(href);
  const q = u.searchParams;
  const file = u.pathname.split('/').pop() ?? '';
  const app = file.replace(/\.html?$/, '');
  const base = q.get('url') ?? href;
  const dir = base.split('?')[0]!.replace(/[^/]*$/, '').replace(/\/$/, '');
  return {
    lang: pickLang(q.get('lang') ?? browserLang),
    scheme: q.get('scheme') === 'light' ? 'light' : 'dark',
    name: q.get('name') ?? app,
    title: q.get('title') ?? '',
    url: dir.replace(/^http/, 'ws'),
    app,
  };
}

/** Where a login digest comes from: myApps' parent window in production, a double in tests. */
export interface LoginProvider {
  getLogin(challenge: string): Promise<LoginMessage>;
}

/** The page was opened on its own: no myApps client (or host page) can answer getLogin. */
export class NoParentError extends Error {
  constructor() { super('no parent window'); this.name = 'no-parent'; }
}

/** The parent did not answer getLogin in time (myApps busy, PBX unreachable): worth retrying. */
export class LoginTimeoutError extends Error {
  constructor() { super('no Login from the parent window'); this.name = 'login-timeout'; }
}

/**
 * Talks to the parent window (myApps or the standalone host page). Messages are JSON strings
 * posted to "*", as lib1 does; only messages from the parent are read.
 */
export class MyAppsHost implements LoginProvider {
  private seq = 0;
  private readonly waiting = new Map<string, { resolve: (m: LoginMessage) => void; reject: (e: Error) => void; timer: number }>();
  private langListeners = new Set<(l: Lang) => void>();
  private schemeListeners = new Set<(s: Scheme) => void>();

  constructor(private readonly win: Window, private readonly start: StartParams, private readonly timeoutMs = 20_000) {
    win.addEventListener('message', this.onMessage);
    if (this.hasParent) this.post({ mt: 'Alive' });
  }

  /** No parent: opened on its own (parent is itself) or its frame was removed (parent is null). */
  get hasParent(): boolean { return this.win.parent != null && this.win.parent !== this.win; }

  getLogin(challenge: string): Promise<LoginMessage> {
    if (!this.hasParent) return Promise.reject(new NoParentError());
    const src = `login${++this.seq}-${Math.random().toString(16).slice(2, 10)}`;
    return new Promise((resolve, reject) => {
      const timer = this.win.setTimeout(() => {
        this.waiting.delete(src);
        reject(new LoginTimeoutError());
      }, this.timeoutMs);
      this.waiting.set(src, { resolve, reject, timer });
      this.post({ mt: 'getLogin', app: this.start.name, challenge, src });
    });
  }

  onLang(l: (lang: Lang) => void): () => void { this.langListeners.add(l); return () => this.langListeners.delete(l); }
  onScheme(l: (s: Scheme) => void): () => void { this.schemeListeners.add(l); return () => this.schemeListeners.delete(l); }

  dispose(): void {
    this.win.removeEventListener('message', this.onMessage);
    for (const w of this.waiting.values()) { this.win.clearTimeout(w.timer); w.reject(new NoParentError()); }
    this.waiting.clear();
  }

  /** A page whose frame was removed or navigated away (`parent` is null then) has nobody left to ask. */
  private post(m: object): void { this.win.parent?.postMessage(JSON.stringify(m), '*'); }

  private onMessage = (ev: MessageEvent): void => {
    if (ev.source !== this.win.parent) return;
    let m: Record<string, unknown>;
    try { m = typeof ev.data === 'string' ? JSON.parse(ev.data) : ev.data; } catch { return; }
    if (!m || typeof m !== 'object') return;
    if (m.mt === 'Login') {
      // Connection.js accepts a Login only for its own App object (and, 14r1, its own src).
      if (m.pbxObj !== this.start.name) return;
      const key = typeof m.src === 'string' ? m.src : [...this.waiting.keys()][0];
      const w = key !== undefined ? this.waiting.get(key) : undefined;
      if (!w || key === undefined) return;
      this.waiting.delete(key);
      this.win.clearTimeout(w.timer);
      w.resolve(m as unknown as LoginMessage);
    } else if (m.mt === 'SetLang' && typeof m.lang === 'string') {
      const lang = pickLang(m.lang);
      for (const l of this.langListeners) l(lang);
    } else if (m.mt === 'SetScheme' && (m.scheme === 'light' || m.scheme === 'dark')) {
      for (const l of this.schemeListeners) l(m.scheme);
    }
  };
}
