import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { digestEquals, loginDigest, newChallenge } from '../ws/digest.js';
import { rawTopLevelValue } from '../ws/raw-json.js';
import { handleAdminApi } from './admin-api.js';
import { AppLinks } from './app-links.js';
import { HOST_LIB_JS } from './host-lib.js';
import { managerPageHtml } from './host-page.js';
import { handleManagerApi, type InstanceControl, type PluginEntry } from './manager-api.js';
import { appGetLogin, clientLoginResponse, loginResultDigest } from './myapps.js';
import { PbxError, type PbxObject, type PbxStore } from './store.js';

/** Name of the simulator's own App object the PBX Manager page logs in through. */
export const MANAGER_OBJECT = 'pbx-manager';
/** The admin user the PBX Manager page acts as. */
export const MANAGER_USER = 'admin';

export interface PbxSimOptions {
  store: PbxStore;
  instance: InstanceControl;
  /** plugins the AP offers; default: read from `<instance>/plugins.json` on each ManagerControls */
  plugins?: PluginEntry[];
  port?: number;
  host?: string;
  log?: (line: string) => void;
}

export interface RunningPbxSim {
  /** http://host:port of the simulated PBX (manager page at /manager.htm) */
  url: string;
  store: PbxStore;
  links: AppLinks;
  close(): Promise<void>;
}

type Msg = Record<string, unknown>;

function isLoopback(req: IncomingMessage): boolean {
  const a = req.socket.remoteAddress ?? '';
  return a === '127.0.0.1' || a === '::1' || a.startsWith('::ffff:127.');
}

async function readJson(req: IncomingMessage, max: number): Promise<unknown> {
  let n = 0;
  const parts: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > max) throw new Error('body too large');
    parts.push(c);
  }
  return JSON.parse(Buffer.concat(parts).toString('utf8'));
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), 'Cache-Control': 'no-cache' });
  res.end(body);
}

/** Puts the simulator's own objects into the store: the PBX Manager's App object and its admin. */
export function ensureManagerObjects(store: PbxStore, simUrl: string): void {
  if (!store.byH323(MANAGER_OBJECT)) {
    store.add({ cn: 'PBX Manager', h323: MANAGER_OBJECT, hide: true, pwd: randomBytes(12).toString('hex'), pseudo: { type: 'app', app: { url: `${simUrl}/manager`, admin: true } } });
  }
  if (!store.byH323(MANAGER_USER)) {
    store.add({ cn: 'Administrator', dn: 'Administrator', h323: MANAGER_USER, pwd: randomBytes(12).toString('hex'), apps: MANAGER_OBJECT });
  }
}

/**
 * The simulated PBX: the PBX Manager page (`/manager.htm`), AppWebsocket on
 * `/PBX0/APPS/websocket` (App-object logins; PbxAdminApi when the object has Admin; the
 * manager API for the PBX Manager), the myApps client endpoint `/PBX0/APPCLIENT/<build>/websocket`
 * (user login, AppGetLogin) and the App objects' own connections to their services.
 */
export async function startPbxSim(opts: PbxSimOptions): Promise<RunningPbxSim> {
  const { store, instance } = opts;
  const log = opts.log ?? (() => undefined);
  const links = new AppLinks(store, { log });

  async function plugins(): Promise<PluginEntry[]> {
    if (opts.plugins) return opts.plugins;
    const r = await fetch(`${instance.baseUrl}/plugins.json`);
    if (!r.ok) throw new PbxError(`the instance publishes no plugins (${instance.baseUrl}/plugins.json: HTTP ${r.status}; run npm run build:plugin)`);
    const j = (await r.json()) as { plugins?: PluginEntry[] };
    if (!Array.isArray(j.plugins)) throw new PbxError('plugins.json has no "plugins" list');
    return j.plugins;
  }

  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/') {
        res.writeHead(302, { Location: '/manager.htm' });
        return void res.end();
      }
      if (path === '/favicon.ico') {
        res.writeHead(204);
        return void res.end();
      }
      if (!isLoopback(req)) return send(res, 403, 'text/plain', 'the simulator serves this machine only\n');
      if (path === '/manager.htm') return send(res, 200, 'text/html; charset=utf-8', managerPageHtml(`PBX Manager (simulated) · ${store.pbx}`, store.domain, MANAGER_OBJECT));
      if (path === '/manager/lib.js') return send(res, 200, 'text/javascript; charset=utf-8', HOST_LIB_JS);
      if (path === '/manager/login' && req.method === 'POST') {
        let q: { challenge?: unknown };
        try {
          q = (await readJson(req, 4096)) as typeof q;
        } catch {
          return send(res, 400, 'text/plain', 'JSON body {challenge} expected\n');
        }
        if (typeof q.challenge !== 'string' || !/^[\x21-\x7e]{1,16}$/.test(q.challenge)) return send(res, 400, 'text/plain', 'bad challenge\n');
        const login = appGetLogin(store, store.byH323(MANAGER_USER)!, MANAGER_OBJECT, q.challenge);
        return send(res, 200, 'application/json', JSON.stringify({ mt: 'Login', ...login }));
      }
      if (path === '/objects.json') {
        const view = store.all().map((o) => ({ ...o, pwd: undefined, pwdMatchesInstance: o.pwd === instance.password(), connected: links.connected(o.h323) }));
        return send(res, 200, 'application/json', JSON.stringify(view, null, 1));
      }
      send(res, 404, 'text/plain', 'not found\n');
    })().catch((e: unknown) => send(res, 500, 'text/plain', `${(e as Error).message}\n`));
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const kind = path === '/PBX0/APPS/websocket' ? 'apps' : /^\/PBX0\/APPCLIENT\/[^/]+\/websocket$/.test(path) ? 'client' : null;
    if (!kind) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => (kind === 'apps' ? appsSession(ws) : clientSession(ws)));
  });

  /** `/PBX0/APPS/websocket`: login to an App object (reference §1.4), then the APIs it allows. */
  function appsSession(ws: WebSocket): void {
    let challenge: string | null = null;
    let obj: PbxObject | null = null;
    const reply = (m: Msg): void => { if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m)); };
    ws.on('message', (data) => {
      void (async () => {
        const text = data.toString();
        let m: Msg;
        try {
          m = JSON.parse(text) as Msg;
        } catch {
          return reply({ mt: 'Error', errorText: 'frame is not JSON' });
        }
        const echo = typeof m.src === 'string' ? { src: m.src } : {};
        if (m.mt === 'AppChallenge') {
          challenge = newChallenge();
          return reply({ mt: 'AppChallengeResult', ...echo, challenge });
        }
        if (m.mt === 'AppLogin') {
          const c = challenge;
          challenge = null;
          const info = m.info as Msg | undefined;
          const name = String((info && typeof info.appobj === 'string' ? info.appobj : undefined) ?? m.pbxObj ?? m.app ?? '');
          const o = store.byH323(name);
          const s = (k: string): string | undefined => (typeof m[k] === 'string' ? (m[k] as string) : undefined);
          const infoJson = info === undefined ? undefined : rawTopLevelValue(text, 'info') ?? JSON.stringify(info);
          const ok = c !== null && o?.pseudo?.type === 'app' && typeof m.digest === 'string' &&
            digestEquals(loginDigest({ app: s('app'), domain: s('domain'), sip: s('sip'), guid: s('guid'), dn: s('dn'), infoJson, challenge: c }, o.pwd ?? ''), m.digest);
          if (!ok) return reply({ mt: 'AppLoginResult', ...echo, error: 'unauthorized', errorText: c === null ? 'send AppChallenge first' : `login to App object "${name}" refused` });
          obj = o!;
          return reply({ mt: 'AppLoginResult', ...echo, ok: true, domain: store.domain });
        }
        if (!obj) return reply({ mt: `${String(m.mt)}Result`, ...echo, error: 'log in first (AppChallenge, AppLogin)' });
        const flags = obj.pseudo?.type === 'app' ? obj.pseudo.app : { url: '' };
        if (m.api === 'PbxAdminApi') {
          if (flags.admin !== true) return reply({ api: 'PbxAdminApi', mt: `${String(m.mt)}Result`, ...echo, error: `PbxAdminApi is not enabled on the App object "${obj.h323}"` });
          const r = handleAdminApi(store, m, { connected: (h) => links.connected(h) });
          if (!r.error && (m.mt === 'UpdateObject' || m.mt === 'DeleteObject')) log(`${String(m.mt)} ${String(m.h323 ?? m.cn ?? m.guid)}`);
          return reply(r);
        }
        if (m.api === 'com.innovaphone.manager') {
          if (obj.h323 !== MANAGER_OBJECT) return reply({ api: m.api, mt: `${String(m.mt)}Result`, ...echo, error: 'the manager API is for the PBX Manager only' });
          let r: Msg;
          try {
            r = await handleManagerApi(m, instance, m.mt === 'ManagerControls' ? await plugins() : [], { sip: 'ap', dn: 'App Platform', domain: store.domain });
          } catch (e) {
            r = { mt: `${String(m.mt)}Result`, error: (e as Error).message };
          }
          if (m.mt === 'SetInstancePassword' && !r.error) {
            log(`SetInstancePassword ${String(m.path)}`);
            // The instance now has the new password: objects that share it can log in again.
            for (const a of store.appObjects()) if (a.pwd === m.pwd) links.kick(a.h323);
          }
          return reply({ ...r, api: m.api, ...echo });
        }
        reply({ mt: `${String(m.mt)}Result`, ...echo, ...(typeof m.api === 'string' ? { api: m.api } : {}), error: `api "${String(m.api ?? '')}" is not offered here` });
      })().catch((e: unknown) => log(`APPS session: ${(e as Error).message}`));
    });
  }

  /** `/PBX0/APPCLIENT/<build>/websocket`: the myApps client's user login and AppGetLogin (reference §1.12, §1.6). */
  function clientSession(ws: WebSocket): void {
    let challenge: string | null = null;
    let user: PbxObject | null = null;
    const reply = (m: Msg): void => { if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m)); };
    ws.on('message', (data) => {
      let m: Msg;
      try {
        m = JSON.parse(data.toString()) as Msg;
      } catch {
        return reply({ mt: 'Error', errorText: 'frame is not JSON' });
      }
      const echo = typeof m.src === 'string' ? { src: m.src } : {};
      if (m.mt === 'Login' && m.method === undefined) {
        challenge = randomBytes(8).toString('hex');
        return reply({ mt: 'Authenticate', type: m.type ?? 'user', method: 'digest', domain: store.domain, challenge });
      }
      if (m.mt === 'Login') {
        const u = typeof m.username === 'string' ? store.byH323(m.username) : undefined;
        const c = challenge;
        challenge = null;
        const ok = c !== null && u !== undefined && u.pseudo === undefined && typeof m.nonce === 'string' && typeof m.response === 'string' &&
          digestEquals(clientLoginResponse(String(m.type ?? 'user'), store.domain, u.h323, u.pwd ?? '', m.nonce, c), m.response);
        if (!ok) return reply({ mt: 'LoginResult', error: 1, errorText: 'wrong user name or password' });
        user = u;
        const info = { domain: store.domain, sip: u.h323, guid: u.guid, dn: u.dn ?? u.cn, num: u.e164 ?? '', email: '' };
        const infoJson = JSON.stringify(info);
        return reply({ mt: 'LoginResult', info, digest: loginResultDigest(store.domain, u.h323, u.pwd ?? '', String(m.nonce), c, infoJson) });
      }
      if (!user) return reply({ mt: `${String(m.mt)}Result`, ...echo, error: 2, errorText: 'log in first' });
      if (m.mt === 'AppGetLogin') {
        try {
          if (typeof m.app !== 'string' || typeof m.challenge !== 'string') throw new PbxError('AppGetLogin needs app and challenge');
          return reply({ mt: 'AppGetLoginResult', ...echo, ...appGetLogin(store, user, m.app, m.challenge) });
        } catch (e) {
          if (!(e instanceof PbxError)) throw e;
          return reply({ mt: 'AppGetLoginResult', ...echo, error: 3, errorText: e.message });
        }
      }
      reply({ mt: `${String(m.mt)}Result`, ...echo, error: 4, errorText: `${String(m.mt)} is not simulated` });
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1'}:${port}`;
  ensureManagerObjects(store, url);
  return {
    url, store, links,
    async close() {
      links.close();
      for (const c of wss.clients) c.terminate();
      wss.close();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
  };
}
