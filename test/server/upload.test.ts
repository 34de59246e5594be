import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { GUID1, MAC1, http, login, makePcap, sleep, startTestServer, upload, type TestServer } from './helpers.js';

let srv: TestServer;
let auth: TestServer;
const CAP = 64 * 1024;
beforeAll(async () => {
  srv = await startTestServer({}, { uploadCapBytes: CAP, uploadIdleMs: 1500 });
  auth = await startTestServer({ RECORDINGS_UPLOAD_USER: 'phone', RECORDINGS_UPLOAD_PASSWORD: 's3cret' });
});
afterAll(async () => { await srv.stop(); await auth.stop(); });

const name = (n: number, user = 'alice'): string => `${GUID1.slice(0, 30)}${String(n).padStart(2, '0')}-${MAC1}-${n}--${user}.pcap`;

async function listAll(base: string, sip = 'admin'): Promise<any[]> {
  const { client } = await login(base, { sip, app: 'innovaphone-recordingsadmin', appobj: 'recordingsadmin' });
  const r = await client.request({ mt: 'ListRecordings', limit: 200 });
  client.close();
  return r.items;
}

describe('PUT Files/<name>.pcap', () => {
  it('stores a Content-Length upload (201), parses the name and inspects the capture', async () => {
    const r = await upload(srv.url, name(1), makePcap(25));
    expect(r.status).toBe(201);
    const items = await listAll(srv.url);
    const rec = items.find((x) => x.fileName === name(1));
    expect(rec).toMatchObject({ confGuid: `${GUID1.slice(0, 30)}01`, deviceMac: MAC1, serial: 1, regName: 'alice', ownerSip: 'alice', complete: true, licensed: true });
    expect(rec.size).toBe(makePcap(25).length);
  });

  it('stores what the decoder core\'s info path reports (start time, duration, codecs, streams)', async () => {
    const items = await listAll(srv.url);
    const rec = items.find((x) => x.fileName === name(1));
    const { client } = await login(srv.url, { sip: 'alice' });
    const d = (await client.request({ mt: 'GetRecording', id: rec.id })).recording;
    client.close();
    expect(d.warnings).toEqual([]);
    expect(d.startTime).toBe(1_700_000_000_000);
    expect(d.codecs).toEqual(['PCMA']);
    expect(d.streams).toHaveLength(2);
    expect(d.durationMs).toBeGreaterThanOrEqual(480);
  });

  it('accepts a chunked body', async () => {
    const bytes = makePcap(10);
    const r = await new Promise<number>((resolve, reject) => {
      const sock = connect(srv.port, '127.0.0.1', () => {
        const path = new URL(`${srv.url}/Files/${name(2)}`).pathname;
        sock.write(`PUT ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`);
        for (let o = 0; o < bytes.length; o += 700) {
          const c = bytes.subarray(o, o + 700);
          sock.write(`${c.length.toString(16)}\r\n`);
          sock.write(c);
          sock.write('\r\n');
        }
        sock.write('0\r\n\r\n');
      });
      sock.on('data', (d) => { resolve(Number(/HTTP\/1\.1 (\d+)/.exec(d.toString())?.[1])); sock.destroy(); });
      sock.on('error', reject);
    });
    expect(r).toBe(201);
    const rec = (await listAll(srv.url)).find((x) => x.fileName === name(2));
    expect(rec).toMatchObject({ complete: true, size: bytes.length });
  });

  it('a chunked upload that stalls and is cut keeps what arrived, flagged incomplete', async () => {
    const bytes = makePcap(40);
    const part = bytes.subarray(0, 3000);
    await new Promise<void>((resolve, reject) => {
      const sock = connect(srv.port, '127.0.0.1', async () => {
        const path = new URL(`${srv.url}/Files/${name(3)}`).pathname;
        sock.write(`PUT ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`);
        sock.write(`${part.length.toString(16)}\r\n`);
        sock.write(part);
        sock.write('\r\n');
        await sleep(300);
        sock.destroy(); // the phone lost power mid-call
        resolve();
      });
      sock.on('error', reject);
    });
    let rec: any;
    for (let i = 0; i < 50 && !rec; i++) {
      await sleep(100);
      rec = (await listAll(srv.url)).find((x) => x.fileName === name(3));
    }
    expect(rec).toMatchObject({ complete: false, size: 3000 });
  });

  it('a stream that goes silent is cut by the idle timer and kept as partial', async () => {
    const bytes = makePcap(40);
    const sock = connect(srv.port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    const path = new URL(`${srv.url}/Files/${name(4)}`).pathname;
    sock.write(`PUT ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: ${bytes.length}\r\n\r\n`);
    sock.write(bytes.subarray(0, 2000));
    let rec: any;
    for (let i = 0; i < 60 && !rec; i++) {
      await sleep(100);
      rec = (await listAll(srv.url)).find((x) => x.fileName === name(4));
    }
    sock.destroy();
    expect(rec).toMatchObject({ complete: false, size: 2000 });
  });

  it('the same name again replaces atomically (204) and keeps id, note and protection', async () => {
    const n = name(5);
    expect((await upload(srv.url, n, makePcap(5))).status).toBe(201);
    const first = (await listAll(srv.url)).find((x) => x.fileName === n);
    const { client } = await login(srv.url, { sip: 'admin', app: 'innovaphone-recordingsadmin', appobj: 'recordingsadmin' });
    await client.request({ mt: 'SetNote', id: first.id, note: 'keep me' });
    client.close();
    const r = await upload(srv.url, n, makePcap(30));
    expect(r.status).toBe(204);
    const all = (await listAll(srv.url)).filter((x) => x.fileName === n);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id: first.id, note: 'keep me', size: makePcap(30).length, complete: true });
  });

  it('refuses traversal and odd names with 400', async () => {
    for (const bad of ['..%2F..%2Fetc%2Fpasswd.pcap', '%2E%2E%2Fx.pcap', 'a%5Cb.pcap', 'x%00.pcap', 'notes.txt', '.hidden.pcap', '%ZZ.pcap']) {
      const r = await upload(srv.url, bad, makePcap(2));
      expect(r.status, bad).toBe(400);
    }
    const r = await http(`${srv.url}/Files/../../x.pcap`, { method: 'PUT', body: makePcap(2) });
    expect([400, 404]).toContain(r.status);
    expect((await listAll(srv.url)).some((x) => /passwd|x\.pcap$/.test(x.fileName))).toBe(false);
  });

  it('refuses non-PCAP content with 415 and indexes nothing', async () => {
    const r = await upload(srv.url, name(6), 'GET / HTTP/1.0\r\n\r\nthis is not a capture');
    expect(r.status).toBe(415);
    const e = await upload(srv.url, name(7), '');
    expect(e.status).toBe(415);
    const items = await listAll(srv.url);
    expect(items.some((x) => x.fileName === name(6) || x.fileName === name(7))).toBe(false);
  });

  it('refuses bodies over the cap with 413 (declared and streamed)', async () => {
    const big = new Uint8Array(CAP + 1000);
    big.set(makePcap(1).subarray(0, 24));
    expect((await upload(srv.url, name(8), big)).status).toBe(413);
    const streamed = await new Promise<number>((resolve, reject) => {
      const sock = connect(srv.port, '127.0.0.1', () => {
        const path = new URL(`${srv.url}/Files/${name(9)}`).pathname;
        sock.write(`PUT ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`);
        for (let o = 0; o < big.length; o += 8192) {
          const c = big.subarray(o, o + 8192);
          sock.write(`${c.length.toString(16)}\r\n`);
          sock.write(c);
          sock.write('\r\n');
        }
      });
      sock.on('data', (d) => { resolve(Number(/HTTP\/1\.1 (\d+)/.exec(d.toString())?.[1])); sock.destroy(); });
      sock.on('error', reject);
    });
    expect(streamed).toBe(413);
    const items = await listAll(srv.url);
    expect(items.some((x) => x.fileName === name(8) || x.fileName === name(9))).toBe(false);
  });

  it('answers WebDAV OPTIONS and refuses other methods on Files/', async () => {
    const o = await http(`${srv.url}/Files/`, { method: 'OPTIONS' });
    expect(o.status).toBe(200);
    expect(o.headers.dav).toBe('1');
    expect((await http(`${srv.url}/Files/${name(1)}`)).status).toBe(405);
    const pf = await http(`${srv.url}/Files/`, { method: 'PROPFIND', headers: { Depth: '1' } });
    expect(pf.status).toBe(207);
    expect(pf.body.toString()).toMatch(/<D:collection\/>/);
    expect(pf.body.toString()).not.toMatch(/\.pcap/);
    expect((await http(`${srv.url}/Files`, { method: 'MKCOL' })).status).toBe(405);
  });
});

describe('upload authentication', () => {
  it('401 with WWW-Authenticate without or with wrong credentials; 201 with the right ones', async () => {
    const none = await upload(auth.url, name(1), makePcap(3));
    expect(none.status).toBe(401);
    expect(String(none.headers['www-authenticate'])).toMatch(/^Basic realm=/);
    const wrong = await upload(auth.url, name(1), makePcap(3), { Authorization: `Basic ${Buffer.from('phone:nope').toString('base64')}` });
    expect(wrong.status).toBe(401);
    const otherUser = await upload(auth.url, name(1), makePcap(3), { Authorization: `Basic ${Buffer.from('tablet:s3cret').toString('base64')}` });
    expect(otherUser.status).toBe(401);
    expect(await listAll(auth.url)).toEqual([]);
    const ok = await upload(auth.url, name(1), makePcap(3), { Authorization: `Basic ${Buffer.from('phone:s3cret').toString('base64')}` });
    expect(ok.status).toBe(201);
  });
});

describe('shutdown during an upload', () => {
  it('keeps what arrived as a partial recording, visible after restart', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'rec-shut-'));
    const one = await startTestServer({ RECORDINGS_DATA_DIR: dir });
    const bytes = makePcap(30);
    const sock = connect(one.port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    sock.on('error', () => {});
    sock.write(`PUT ${new URL(`${one.url}/Files/${name(20)}`).pathname} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`);
    sock.write(`${(1500).toString(16)}\r\n`);
    sock.write(bytes.subarray(0, 1500));
    sock.write('\r\n');
    await sleep(200);
    await one.close(); // graceful stop (SIGTERM) while the phone is still streaming
    const two = await startTestServer({ RECORDINGS_DATA_DIR: dir });
    const rec = (await listAll(two.url)).find((x) => x.fileName === name(20));
    expect(rec).toMatchObject({ complete: false, size: 1500 });
    await two.stop();
    rmSync(dir, { recursive: true, force: true });
  });
});
