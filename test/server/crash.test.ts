import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { PASSWORD, http, login, makePcap } from './helpers.js';

// The real command, as `npm start` runs it (dist/ is compiled by the test global setup).
function spawnServer(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/recordings.mjs', 'serve'], {
    env: { ...process.env, PORT: '0', RECORDINGS_DATA_DIR: dir, RECORDINGS_PASSWORD: PASSWORD, RECORDINGS_DEMO: '0', RECORDINGS_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const t = setTimeout(() => reject(new Error(`server did not start: ${out} ${err}`)), 30_000);
    child.stderr!.on('data', (d) => { err += d; });
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on port (\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve({ child, url: `http://127.0.0.1:${m[1]}/example.com/recordings` });
      }
    });
    child.once('exit', (code) => { clearTimeout(t); reject(new Error(`server exited ${code}: ${err}`)); });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'rec-crash-'));
let child: ChildProcess | null = null;
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const nameOf = (i: number): string => `${'c0ffee'.padEnd(30, '0')}${String(i).padStart(2, '0')}-009033000001-${i}--alice.pcap`;

describe('SIGKILL during 20 concurrent uploads', () => {
  it('after restart every completed upload is listed and playable, nothing half-indexed', async () => {
    const first = await spawnServer(dir);
    child = first.child;
    const bodies = Array.from({ length: 20 }, (_, i) => makePcap(20 + i * 3));
    const completed = new Set<number>();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) {
      inFlight.push(new Promise<void>((resolve) => {
        const slow = i % 2 === 1;
        const req = request(`${first.url}/Files/${nameOf(i)}`, { method: 'PUT', headers: slow ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(bodies[i].length) } }, (res) => {
          if (res.statusCode === 201) completed.add(i);
          res.resume();
          res.on('end', () => resolve());
          res.on('error', () => resolve());
        });
        req.on('error', () => resolve());
        if (slow) req.write(bodies[i].subarray(0, Math.floor(bodies[i].length / 2))); // the rest never comes
        else req.end(bodies[i]);
      }));
    }
    // wait until the fast half is answered, then kill while the slow half is mid-body
    for (let k = 0; k < 200 && completed.size < 10; k++) await new Promise((r) => setTimeout(r, 25));
    expect(completed.size).toBe(10);
    first.child.kill('SIGKILL');
    await Promise.all(inFlight);

    const second = await spawnServer(dir);
    child = second.child;
    const { client } = await login(second.url, { sip: 'admin', app: 'innovaphone-recordingsadmin', appobj: 'recordingsadmin' });
    const items = (await client.request({ mt: 'ListRecordings', limit: 200 })).items as any[];
    const listed = new Map(items.map((r) => [r.fileName, r]));
    for (const i of completed) expect(listed.has(nameOf(i)), `completed ${i} listed`).toBe(true);
    for (const r of items) {
      const i = Number(/-(\d+)--alice\.pcap$/.exec(r.fileName)![1]);
      expect(r.complete, r.fileName).toBe(true);
      expect(r.size).toBe(bodies[i].length);
      // inspected at ingest: the decoder core found the two G.711 A-law streams
      expect(r.codecs).toEqual(['PCMA']);
      expect(r.durationMs).toBeGreaterThan(0);
      const t = await client.request({ mt: 'GetDownloadToken', id: r.id, purpose: 'play' });
      const d = await http(t.url);
      expect(d.status).toBe(200);
      expect(d.body.equals(Buffer.from(bodies[i])), `bytes of ${r.fileName}`).toBe(true);
    }
    expect(items.length).toBe(completed.size);
    client.close();
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
    child = null;
  });
});
