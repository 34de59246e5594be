import WebSocket from 'ws';
import { loginDigest } from '../ws/digest.js';
import { appNameOfUrl, handleAdminApi } from './admin-api.js';
import { FLAG_API, splitApps, type AppFlag, type PbxObject, type PbxStore } from './store.js';

type AppObject = ReturnType<PbxStore['appObjects']>[number];

export interface LinkEvents {
  log(line: string): void;
}

interface Link {
  key: string;
  ws: WebSocket | null;
  connected: boolean;
  timer: NodeJS.Timeout | null;
  delay: number;
  stopped: boolean;
}

/** ws(s) URL of the service directory for an App object URL (reference §1.9: App URL minus its last segment). */
export function serviceSocketUrl(appUrl: string): string {
  const base = appUrl.slice(0, appUrl.lastIndexOf('/'));
  return base.replace(/^http/, 'ws');
}

/** The `info` the PBX sends with its own AppLogin (reference §1.5, 14r1 list). */
export function pbxLoginInfo(store: PbxStore, o: AppObject): Record<string, unknown> {
  const apps = splitApps(o.apps).map((name) => ({ name, dn: store.byH323(name)?.cn ?? name }));
  return { appobj: o.h323, appdn: o.cn, appurl: o.pseudo.app.url, pbx: store.pbx, cn: o.cn, testmode: false, apps };
}

/**
 * The PBX → service connections: every App object with the Websocket checkmark keeps one open
 * (AppChallenge, AppLogin with the object's password, PbxInfo with the APIs its checkmarks
 * allow) and answers the service's PbxAdminApi requests. Any change to the object reconnects.
 */
export class AppLinks {
  private readonly links = new Map<string, Link>();
  private readonly unsubscribe: () => void;

  constructor(private readonly store: PbxStore, private readonly ev: LinkEvents) {
    this.unsubscribe = store.onChange((o, change) => this.onObject(o, change));
    for (const o of store.appObjects()) this.onObject(o, 'updated');
  }

  connected(h323: string): boolean {
    return this.links.get(h323)?.connected === true;
  }

  /** Reconnects now (a password was fixed, the service restarted). */
  kick(h323: string): void {
    const o = this.store.byH323(h323);
    if (o) this.onObject(o, 'updated');
  }

  private onObject(o: PbxObject, change: 'updated' | 'deleted'): void {
    // A renamed object: its old link is found by guid-less key, so drop links whose object is gone.
    for (const [k, l] of this.links) {
      const cur = this.store.byH323(k);
      if (!cur || cur.pseudo?.type !== 'app' || cur.pseudo.app.websocket !== true) this.stop(l, k);
    }
    if (change === 'deleted' || o.pseudo?.type !== 'app' || o.pseudo.app.websocket !== true) return;
    const old = this.links.get(o.h323);
    if (old) this.stop(old, o.h323);
    const link: Link = { key: o.h323, ws: null, connected: false, timer: null, delay: 250, stopped: false };
    this.links.set(o.h323, link);
    this.open(link);
  }

  private stop(l: Link, key: string): void {
    l.stopped = true;
    if (l.timer) clearTimeout(l.timer);
    l.ws?.terminate();
    if (this.links.get(key) === l) this.links.delete(key);
  }

  private retry(l: Link): void {
    if (l.stopped || l.timer) return;
    l.timer = setTimeout(() => { l.timer = null; this.open(l); }, l.delay);
    l.timer.unref();
    l.delay = Math.min(l.delay * 2, 8000);
  }

  private open(l: Link): void {
    const o = this.store.byH323(l.key) as AppObject | undefined;
    if (!o || l.stopped) return;
    const url = serviceSocketUrl(o.pseudo.app.url);
    const ws = new WebSocket(url);
    l.ws = ws;
    const send = (m: object): void => { if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(m)); };
    ws.on('open', () => send({ mt: 'AppChallenge' }));
    ws.on('error', (e) => this.ev.log(`App object ${o.h323}: ${url}: ${e.message}`));
    ws.on('close', () => {
      if (l.connected) this.ev.log(`App object ${o.h323}: connection closed`);
      l.connected = false;
      if (l.ws === ws) this.retry(l);
    });
    ws.on('message', (data) => {
      let m: Record<string, unknown>;
      try {
        m = JSON.parse(data.toString()) as Record<string, unknown>;
      } catch {
        return;
      }
      const cur = this.store.byH323(l.key) as AppObject | undefined;
      if (!cur) return;
      if (m.mt === 'AppChallengeResult') {
        const info = pbxLoginInfo(this.store, cur);
        const base = { app: appNameOfUrl(cur.pseudo.app.url), domain: this.store.domain, sip: cur.h323, guid: cur.guid, dn: cur.cn };
        const digest = loginDigest({ ...base, infoJson: JSON.stringify(info), challenge: String(m.challenge) }, cur.pwd ?? '');
        send({ mt: 'AppLogin', ...base, info, digest, pbxObj: cur.h323 });
      } else if (m.mt === 'AppLoginResult') {
        if (m.ok !== true) {
          this.ev.log(`App object ${cur.h323}: login refused (${String(m.errorText ?? m.error ?? 'no reason')}) – the password differs from the instance`);
          ws.close();
          return;
        }
        l.connected = true;
        l.delay = 250;
        const apis = (Object.keys(FLAG_API) as AppFlag[]).filter((f) => cur.pseudo.app[f] === true).map((f) => FLAG_API[f]!);
        this.ev.log(`App object ${cur.h323}: connected to ${url} as PBX "${this.store.pbx}" (${apis.join(',') || 'no APIs'})`);
        send({ mt: 'PbxInfo', domain: this.store.domain, pbx: this.store.pbx, pbxDns: 'pbx-sim.invalid', apis, version: 'pbx-sim', build: '0' });
        send({ mt: 'AppInfo', app: appNameOfUrl(cur.pseudo.app.url), src: 'appinfo' });
      } else if (m.mt === 'AppInfoResult') {
        const info = (m.info ?? {}) as Record<string, unknown>;
        this.ev.log(`App object ${cur.h323}: AppInfo hidden=${String(info.hidden)} presence=${String(info.presence)}`);
      } else if (m.api === 'PbxAdminApi' && l.connected) {
        if (cur.pseudo.app.admin !== true) {
          send({ api: 'PbxAdminApi', mt: `${String(m.mt)}Result`, ...(typeof m.src === 'string' ? { src: m.src } : {}), error: 'PbxAdminApi is not enabled on this App object (Admin checkmark)' });
          return;
        }
        const r = handleAdminApi(this.store, m, { connected: (h) => this.connected(h) });
        if (m.mt === 'CheckAppLic') this.ev.log(`CheckAppLic ${String(m.h323 ?? m.cn ?? m.guid)}: ${String(r.ok ?? r.error)}`);
        send(r);
      }
    });
  }

  close(): void {
    this.unsubscribe();
    for (const [k, l] of [...this.links]) this.stop(l, k);
  }
}
