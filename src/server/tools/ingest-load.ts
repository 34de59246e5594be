/**
 * Ingest load test (issue 3 "Prove it"): N simulated phones stream chunked PUT uploads at
 * 2 × 50 RTP packets/s each against a real `recordings serve` child process on loopback, then
 * every upload is checked (201, listed, byte count) and the server's peak RSS is read from /proc.
 * Usage: node dist/server/tools/ingest-load.js [--phones 1000] [--seconds 60] [--database-url postgres://…]
 * Prints one JSON line with the figures.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { loginDigest } from '../ws/digest.js';

const PASSWORD = 'ingest-load';
const PACKETS_PER_SIDE = 50;
const TICK_MS = 100;

function pcapHeader(): Buffer {
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2c3d4, 0);
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeUInt32LE(65535, 16);
  h.writeUInt32LE(101, 20); // LINKTYPE_RAW: IPv4 without a link header
  return h;
}

/** One pcap record: IPv4/UDP/RTP with 160 bytes of G.711 A-law (checksums left 0: allowed for UDP over IPv4). */
function rtpRecord(tMs: number, local: boolean, seq: number): Buffer {
  const payload = 160;
  const rtpLen = 12 + payload;
  const udpLen = 8 + rtpLen;
  const ipLen = 20 + udpLen;
  const r = Buffer.alloc(16 + ipLen);
  r.writeUInt32LE(Math.floor(tMs / 1000), 0);
  r.writeUInt32LE((tMs % 1000) * 1000, 4);
  r.writeUInt32LE(ipLen, 8);
  r.writeUInt32LE(ipLen, 12);
  const ip = 16;
  r[ip] = 0x45;
  r.writeUInt16BE(ipLen, ip + 2);
  r[ip + 8] = 64;
  r[ip + 9] = 17;
  r.set(local ? [10, 0, 0, 1] : [10, 0, 0, 2], ip + 12);
  r.set(local ? [10, 0, 0, 2] : [10, 0, 0, 1], ip + 16);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += r.readUInt16BE(ip + i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  r.writeUInt16BE(~sum & 0xffff, ip + 10);
  const udp = ip + 20;
  r.writeUInt16BE(local ? 16386 : 16388, udp);
  r.writeUInt16BE(local ? 16388 : 16386, udp + 2);
  r.writeUInt16BE(udpLen, udp + 4);
  const rtp = udp + 8;
  r[rtp] = 0x80;
  r[rtp + 1] = 8;
  r.writeUInt16BE(seq & 0xffff, rtp + 2);
  r.writeUInt32LE(seq * 160, rtp + 4);
  r.writeUInt32BE(local ? 0x1111 : 0x2222, rtp + 8);
  r.fill(0xd5, rtp + 12);
  return r;
}

interface Phone { name: string; sent: number; status: number | null; error: string | null }

export interface IngestLoadResult {
  phones: number;
  seconds: number;
  created: number;
  listed: number;
  sizeMismatches: number;
  failed: number;
  peakRssMb: number;
  bytesPerPhone: number;
}

function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : -1;
  } catch {
    return -1;
  }
}

export async function runIngestLoad(phones: number, seconds: number, databaseUrl?: string): Promise<IngestLoadResult & { store: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'rec-load-'));
  const bin = fileURLToPath(new URL('../../../bin/recordings.mjs', import.meta.url));
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: { ...process.env, PORT: '0', RECORDINGS_HOST: '127.0.0.1', RECORDINGS_DATA_DIR: dir, RECORDINGS_PASSWORD: PASSWORD, RECORDINGS_DEMO: '0', RECORDINGS_UPLOAD_IDLE_S: '60', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /listening on port (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (c) => reject(new Error(`server exited ${c}`)));
    });
    const base = `http://127.0.0.1:${port}/example.com/recordings`;
    const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
    const list: Phone[] = [];
    const done: Promise<void>[] = [];
    const reqs: ReturnType<typeof request>[] = [];
    const t0 = Date.now();
    for (let i = 0; i < phones; i++) {
      const p: Phone = { name: `${(0x10000000 + i).toString(16).padStart(32, '0')}-009033${(i + 1).toString(16).padStart(6, '0')}-1--user${i}.pcap`, sent: 0, status: null, error: null };
      list.push(p);
      const req = request(`${base}/Files/${p.name}`, { method: 'PUT', agent, headers: { 'Transfer-Encoding': 'chunked' } });
      done.push(new Promise<void>((resolve) => {
        req.on('response', (res) => { p.status = res.statusCode ?? 0; res.resume(); res.on('end', resolve); });
        req.on('error', (e) => { p.error = e.message; resolve(); });
      }));
      const h = pcapHeader();
      req.write(h);
      p.sent += h.length;
      reqs.push(req);
    }
    const ticks = Math.round((seconds * 1000) / TICK_MS);
    const perTick = (PACKETS_PER_SIDE * TICK_MS) / 1000;
    for (let k = 0; k < ticks; k++) {
      const due = t0 + (k + 1) * TICK_MS;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      for (let i = 0; i < phones; i++) {
        const parts: Buffer[] = [];
        for (let j = 0; j < perTick; j++) {
          const seq = k * perTick + j;
          const tMs = 1_768_000_000_000 + seq * 20;
          parts.push(rtpRecord(tMs, true, seq), rtpRecord(tMs + 1, false, seq));
        }
        const chunk = Buffer.concat(parts);
        reqs[i].write(chunk);
        list[i].sent += chunk.length;
      }
    }
    for (const r of reqs) r.end();
    await Promise.all(done);
    const peak = peakRssMb(child.pid!);

    const sizes = await listSizes(base.replace(/^http/, 'ws'));
    let listed = 0;
    let mismatches = 0;
    for (const p of list) {
      const s = sizes.get(p.name);
      if (s === undefined) continue;
      listed++;
      if (s !== p.sent) mismatches++;
    }
    return {
      store: databaseUrl ? 'postgres' : 'sqlite',
      phones, seconds,
      created: list.filter((p) => p.status === 201).length,
      listed, sizeMismatches: mismatches,
      failed: list.filter((p) => p.status !== 201).length,
      peakRssMb: peak,
      bytesPerPhone: list[0]?.sent ?? 0,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** file name → size of every stored recording, via an admin login. */
async function listSizes(wsUrl: string): Promise<Map<string, number>> {
  const ws = new WebSocket(wsUrl);
  const out = new Map<string, number>();
  await new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ mt: 'AppChallenge' })));
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as Record<string, any>;
      if (m.mt === 'AppChallengeResult') {
        const b = { app: 'innovaphone-recordingsadmin', domain: 'example.com', sip: 'admin', guid: '', dn: 'admin' };
        ws.send(JSON.stringify({ mt: 'AppLogin', ...b, digest: loginDigest({ ...b, challenge: m.challenge }, PASSWORD) }));
      } else if (m.mt === 'AppLoginResult') {
        if (!m.ok) return reject(new Error(`login: ${m.errorText}`));
        ws.send(JSON.stringify({ mt: 'ListRecordings', limit: 200, src: 'l' }));
      } else if (m.mt === 'ListRecordingsResult') {
        if (m.error) return reject(new Error(m.errorText));
        for (const r of m.items) out.set(r.fileName, r.size);
        if (m.more) ws.send(JSON.stringify({ mt: 'ListRecordings', limit: 200, cursor: m.cursor, src: 'l' }));
        else { ws.close(); resolve(); }
      }
    });
  });
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { phones: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '60' }, 'database-url': { type: 'string' } } });
  const r = await runIngestLoad(Number(values.phones), Number(values.seconds), values['database-url']);
  process.stdout.write(JSON.stringify(r) + '\n');
}
