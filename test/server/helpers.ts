import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { loadConfig, type ServerConfig } from '../../src/server/config.js';
import { startServer, type RunningServer } from '../../src/server/main.js';
import { loginDigest } from '../../src/server/ws/digest.js';
import { writePcap, ethernet, udpDatagram } from '../helpers/pcap-writer.js';
import { buildRtp } from '../helpers/rtp-builder.js';

export const PASSWORD = 'test-instance-pw';
export const GUID1 = 'f9e5956e47d460010630009033302ab1';
export const MAC1 = '009033302ab1';

/** A small innovaphone-style capture: two G.711 A-law streams on 16386/16388, `packets` each at 20 ms. */
export function makePcap(packets = 25, startSec = 1_700_000_000): Uint8Array {
  const recs = [];
  for (let i = 0; i < packets; i++) {
    for (const [sport, dport, ssrc] of [[16386, 16388, 0x1111], [16388, 16386, 0x2222]] as const) {
      const payload = new Uint8Array(160).fill(0xd5 ^ (i & 0x0f));
      const rtp = buildRtp({ pt: 8, seq: 100 + i, ts: 8000 + i * 160, ssrc, payload });
      const ip = udpDatagram({ src: sport === 16386 ? '10.0.0.1' : '10.0.0.2', dst: sport === 16386 ? '10.0.0.2' : '10.0.0.1', sport, dport, payload: rtp });
      recs.push({ timeNs: BigInt(startSec) * 1_000_000_000n + BigInt(i) * 20_000_000n + (sport === 16388 ? 1_000_000n : 0n), data: ethernet(ip) });
    }
  }
  return writePcap(recs);
}

export interface TestServer extends RunningServer {
  dir: string;
  config: ServerConfig;
  clock: { t: number };
  stop(): Promise<void>;
}

export async function startTestServer(env: Record<string, string> = {}, over: Partial<ServerConfig> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rec-srv-'));
  const clock = { t: Date.UTC(2026, 0, 10, 12, 0, 0) };
  const config = loadConfig({ RECORDINGS_PASSWORD: PASSWORD, RECORDINGS_DEMO: '0', PORT: '0', RECORDINGS_DATA_DIR: dir, ...env }, {
    host: '127.0.0.1', quiet: true, now: () => clock.t, retentionIntervalMs: 0, ...over,
  });
  const s = await startServer(config);
  return Object.assign(s, {
    dir, config, clock,
    async stop() {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

export interface HttpResult { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

export function http(url: string, opts: { method?: string; headers?: Record<string, string>; body?: Uint8Array | string } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.end(opts.body);
    else req.end();
  });
}

export function upload(base: string, name: string, body: Uint8Array | string, headers: Record<string, string> = {}): Promise<HttpResult> {
  return http(`${base}/Files/${name}`, { method: 'PUT', body, headers });
}

type Msg = Record<string, any>;

/** A test AppWebsocket client. */
export class WsClient {
  readonly pushes: Msg[] = [];
  private waiters = new Map<string, (m: Msg) => void>();
  private next: ((m: Msg) => void)[] = [];
  private n = 0;
  closed = false;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as Msg;
      const w = m.src !== undefined ? this.waiters.get(m.src) : undefined;
      if (w && m.mt.endsWith('Result')) {
        this.waiters.delete(m.src);
        w(m);
      } else if (this.next.length > 0 && m.mt.endsWith('Result')) {
        this.next.shift()!(m);
      } else {
        this.pushes.push(m);
      }
    });
    ws.on('close', () => { this.closed = true; });
  }

  static open(base: string): Promise<WsClient> {
    const ws = new WebSocket(base.replace(/^http/, 'ws'));
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new WsClient(ws)));
      ws.once('error', reject);
    });
  }

  /** Sends without src and takes the next result frame. */
  raw(m: Msg | string): Promise<Msg> {
    return new Promise((resolve) => {
      this.next.push(resolve);
      this.ws.send(typeof m === 'string' ? m : JSON.stringify(m));
    });
  }

  request(m: Msg): Promise<Msg> {
    const src = `s${++this.n}`;
    return new Promise((resolve) => {
      this.waiters.set(src, resolve);
      this.ws.send(JSON.stringify({ ...m, src }));
    });
  }

  async waitPush(pred: (m: Msg) => boolean, ms = 3000): Promise<Msg> {
    const t0 = Date.now();
    for (;;) {
      const hit = this.pushes.find(pred);
      if (hit) return hit;
      if (Date.now() - t0 > ms) throw new Error(`no matching push within ${ms} ms; got ${JSON.stringify(this.pushes)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.ws.close();
  }
}

export interface LoginAs {
  app?: string;
  sip: string;
  appobj?: string | null;
  domain?: string;
  password?: string;
  withInfo?: boolean;
  info?: Record<string, unknown>;
}

/** Challenge + AppLogin with a digest as the PBX would compute it. */
export async function login(base: string, who: LoginAs): Promise<{ client: WsClient; result: Msg }> {
  const client = await WsClient.open(base);
  const ch = await client.request({ mt: 'AppChallenge' });
  const app = who.app ?? 'innovaphone-recordings';
  const domain = who.domain ?? 'example.com';
  const info = who.withInfo === false ? undefined : who.info ?? { appobj: who.appobj ?? 'recordings', cn: who.sip, apps: [{ name: who.appobj ?? 'recordings' }] };
  const guid = '0123456789abcdef0123456789abcdef';
  const digest = loginDigest({ app, domain, sip: who.sip, guid, dn: who.sip, infoJson: info === undefined ? undefined : JSON.stringify(info), challenge: ch.challenge }, who.password ?? PASSWORD);
  const result = await client.request({ mt: 'AppLogin', app, domain, sip: who.sip, guid, dn: who.sip, digest, ...(info ? { info } : {}), pbxObj: who.appobj ?? 'recordings' });
  return { client, result };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
