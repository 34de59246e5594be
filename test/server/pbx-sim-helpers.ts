// The PBX simulator next to a real service, in-process: the instance password lives in the data
// dir file (no RECORDINGS_PASSWORD) so SetInstancePassword can change it, as the AP manager does.
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { writeInstancePassword } from '../../src/server/instance-password.js';
import { clientLoginResponse } from '../../src/server/pbx-sim/myapps.js';
import { seedStore } from '../../src/server/pbx-sim/seed.js';
import { startPbxSim, type RunningPbxSim } from '../../src/server/pbx-sim/server.js';
import type { ServerConfig } from '../../src/server/config.js';
import { startTestServer, type TestServer } from './helpers.js';

type Msg = Record<string, any>;

/** A minimal AppWebsocket peer: `request` correlates by src, `next` takes the next frame of an mt. */
export class Peer {
  private frames: Msg[] = [];
  private waiting: { pred: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  private n = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as Msg;
      const i = this.waiting.findIndex((w) => w.pred(m));
      if (i >= 0) this.waiting.splice(i, 1)[0]!.resolve(m);
      else this.frames.push(m);
    });
  }

  static open(url: string): Promise<Peer> {
    const ws = new WebSocket(url.replace(/^http/, 'ws'));
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new Peer(ws)));
      ws.once('error', reject);
    });
  }

  next(pred: (m: Msg) => boolean, ms = 10_000): Promise<Msg> {
    const i = this.frames.findIndex(pred);
    if (i >= 0) return Promise.resolve(this.frames.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const w = { pred, resolve: (m: Msg) => { clearTimeout(t); resolve(m); } };
      const t = setTimeout(() => { this.waiting.splice(this.waiting.indexOf(w), 1); reject(new Error('no answer')); }, ms);
      this.waiting.push(w);
    });
  }

  send(m: Msg): void {
    this.ws.send(JSON.stringify(m));
  }

  request(m: Msg): Promise<Msg> {
    const src = `p${++this.n}`;
    const p = this.next((r) => r.src === src);
    this.send({ ...m, src });
    return p;
  }

  close(): void {
    this.ws.close();
  }
}

export interface SimWithServer {
  srv: TestServer;
  sim: RunningPbxSim;
  stop(): Promise<void>;
}

export async function startSimWithServer(over: Partial<ServerConfig> = {}): Promise<SimWithServer> {
  const srv = await startTestServer({ RECORDINGS_PASSWORD: '' }, over);
  const store = seedStore({ domain: 'example.com', pbx: 'master', licensed: ['*'], licenseCount: 10 });
  let current = srv.config.password;
  const sim = await startPbxSim({
    store,
    instance: {
      baseUrl: srv.url,
      password: () => current,
      async setPassword(pwd) {
        writeInstancePassword(srv.dir, pwd);
        current = pwd;
      },
    },
  });
  return { srv, sim, async stop() { await sim.close(); await srv.stop(); } };
}

/** Logs in to the simulated PBX as the PBX Manager does (its own App object, admin user). */
export async function managerPeer(sim: RunningPbxSim): Promise<Peer> {
  const p = await Peer.open(`${sim.url}/PBX0/APPS/websocket`);
  const ch = await p.request({ mt: 'AppChallenge' });
  const login = await (await fetch(`${sim.url}/manager/login`, { method: 'POST', body: JSON.stringify({ challenge: ch.challenge }) })).json() as Msg;
  const r = await p.request({ mt: 'AppLogin', app: login.app, domain: login.domain, sip: login.sip, guid: login.guid, dn: login.dn, info: login.info, digest: login.digest, pbxObj: login.pbxObj });
  if (r.ok !== true) throw new Error(`manager login refused: ${JSON.stringify(r)}`);
  return p;
}

/**
 * A user opens Recordings through an App object as myApps does: client login to the PBX
 * (digest), AppChallenge at the service, AppGetLogin at the PBX, AppLogin at the service.
 */
export async function userThroughAppObject(sim: RunningPbxSim, serviceUrl: string, user: string, appobj: string): Promise<{ service: Peer; login: Msg; result: Msg }> {
  const client = await Peer.open(`${sim.url}/PBX0/APPCLIENT/130000/websocket`);
  try {
    client.send({ mt: 'Login', type: 'user', userAgent: 'test' });
    const auth = await client.next((m) => m.mt === 'Authenticate');
    const nonce = randomBytes(8).toString('hex');
    client.send({ mt: 'Login', type: 'user', method: 'digest', username: user, nonce, userAgent: 'test',
      response: clientLoginResponse('user', auth.domain, user, `${user}-pw`, nonce, auth.challenge) });
    const lr = await client.next((m) => m.mt === 'LoginResult');
    if (lr.error) throw new Error(`myApps login refused: ${lr.errorText}`);
    const service = await Peer.open(serviceUrl);
    const ch = await service.request({ mt: 'AppChallenge' });
    const login = await client.request({ mt: 'AppGetLogin', app: `${appobj}@example.com`, challenge: ch.challenge });
    if (login.error) {
      service.close();
      throw new Error(`AppGetLogin refused: ${login.errorText}`);
    }
    const result = await service.request({ mt: 'AppLogin', app: login.app, domain: login.domain, sip: login.sip, guid: login.guid, dn: login.dn, info: login.info, digest: login.digest, pbxObj: login.pbxObj });
    return { service, login, result };
  } finally {
    client.close();
  }
}
