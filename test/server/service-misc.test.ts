import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loginDigest } from '../../src/server/ws/digest.js';
import { demoDataDir } from '../../src/server/demo-seed.js';
import { PASSWORD, http, login, startTestServer, WsClient, type TestServer } from './helpers.js';

describe('demo data on first start', () => {
  it('seeds src/server/demo-data once; RECORDINGS_DEMO=0 seeds nothing', async () => {
    const demoFiles = readdirSync(demoDataDir()).filter((f) => f.endsWith('.pcap')).sort();
    expect(demoFiles.length).toBeGreaterThanOrEqual(2);
    const s = await startTestServer({ RECORDINGS_DEMO: '1' });
    const { client } = await login(s.url, { sip: 'admin', app: 'innovaphone-recordingsadmin', appobj: 'recordingsadmin' });
    const items = (await client.request({ mt: 'ListRecordings' })).items as any[];
    expect(items.map((r) => r.fileName).sort()).toEqual(demoFiles);
    expect(items.every((r) => r.licensed && r.complete && r.ownerSip)).toBe(true);
    // their call information (demo-data/calls.xml) gives parties and direction, as a PBX's CDRs would
    const byName = Object.fromEntries(items.map((r) => [r.fileName.slice(0, 8), r]));
    expect(byName['4f1c2a9e']).toMatchObject({ direction: 'out', remoteName: 'Zoe Zander', ownerSip: 'alice' });
    expect(byName['0c1d2e3f']).toMatchObject({ direction: 'in', remoteName: 'Yusuf Yilmaz', ownerSip: 'bob' });
    expect(byName['9a8b7c6d']).toMatchObject({ direction: 'in', remoteName: 'Xenia Xu', ownerSip: 'alice' });
    // …without pretending a PBX posted them: the Reports link still has seen nothing
    const status = (await client.request({ mt: 'GetSettings' })) as any;
    expect(status.status.cdr).toMatchObject({ received: 0, lastAt: null });
    client.close();
    // a user of the demo directory sees their own demo recordings through the normal rules
    const alice = (await login(s.url, { sip: 'alice' })).client;
    const mine = (await alice.request({ mt: 'ListRecordings' })).items as any[];
    expect(mine.length).toBe(demoFiles.filter((f) => f.endsWith('--alice.pcap')).length);
    alice.close();
    const carol = (await login(s.url, { sip: 'carol', appobj: 'recordings-team' })).client;
    expect((await carol.request({ mt: 'ListRecordings' })).items).toHaveLength(demoFiles.length);
    carol.close();
    await s.stop();
    const none = await startTestServer({ RECORDINGS_DEMO: '0' });
    const c2 = (await login(none.url, { sip: 'admin', app: 'innovaphone-recordingsadmin', appobj: 'recordingsadmin' })).client;
    expect((await c2.request({ mt: 'ListRecordings' })).items).toEqual([]);
    c2.close();
    await none.stop();
  });
});

describe('AppWebsocket housekeeping and HTTP surface', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer({}, { webDir: '/nonexistent-web-dir' }); });
  afterAll(async () => { await s.stop(); });

  it('CheckBuild never asks for a reload; AppCheckLogin checks an App object password', async () => {
    const c = await WsClient.open(s.url);
    expect(await c.request({ mt: 'CheckBuild', url: 'http://x/example.com/recordings/innovaphone-recordings.htm' })).toEqual({ mt: 'CheckBuildResult', src: 's1' });
    const good = loginDigest({ app: 'recordings', domain: 'example.com', challenge: '1234' }, PASSWORD);
    expect((await c.request({ mt: 'AppCheckLogin', app: 'recordings', domain: 'example.com', challenge: '1234', digest: good })).ok).toBe(true);
    const bad = loginDigest({ app: 'recordings', domain: 'example.com', challenge: '1234' }, 'other');
    expect((await c.request({ mt: 'AppCheckLogin', app: 'recordings', domain: 'example.com', challenge: '1234', digest: bad })).ok).toBe(false);
    c.close();
  });

  it('the PBX connection gets AppInfoResult; unknown PBX messages are answered with an error', async () => {
    const { client } = await login(s.url, { sip: 'recordings', appobj: 'recordings' });
    expect(await client.request({ mt: 'AppInfo', app: 'innovaphone-recordings' })).toMatchObject({ mt: 'AppInfoResult', info: { hidden: false } });
    expect(await client.request({ mt: 'Whatever' })).toMatchObject({ mt: 'WhateverResult', error: 'forbidden' });
    client.close();
  });

  it('WebSocket upgrades outside the instance are refused', async () => {
    await expect(WsClient.open(s.url.replace('/recordings', '/other'))).rejects.toThrow();
  });

  it('a clear 503 page when the web app is not built; the host page and root redirect', async () => {
    const r = await http(`${s.url}/innovaphone-recordings.htm`);
    expect(r.status).toBe(503);
    expect(r.body.toString()).toMatch(/npm run build/);
    const root = await http(s.url.replace('/example.com/recordings', '/'));
    expect(root.status).toBe(302);
    expect(root.headers.location).toBe('/example.com/recordings/host.htm');
    expect((await http(`${s.url}/host.htm`)).status).toBe(200);
    const users = JSON.parse((await http(`${s.url}/host/users`)).body.toString());
    expect(users.map((u: any) => u.sip)).toContain('alice');
  });

  it('host login: a Login the server accepts; admin app only for admin users', async () => {
    const c = await WsClient.open(s.url);
    const ch = await c.request({ mt: 'AppChallenge' });
    const r = await http(`${s.url}/host/login`, { method: 'POST', body: JSON.stringify({ user: 'alice', app: 'innovaphone-recordings', challenge: ch.challenge }) });
    expect(r.status).toBe(200);
    const l = JSON.parse(r.body.toString());
    expect(l).toMatchObject({ mt: 'Login', app: 'innovaphone-recordings', sip: 'alice', pbxObj: 'recordings', info: { appobj: 'recordings' } });
    const { mt: _mt, ...rest } = l;
    expect(await c.request({ mt: 'AppLogin', ...rest })).toMatchObject({ ok: true });
    c.close();
    const deny = await http(`${s.url}/host/login`, { method: 'POST', body: JSON.stringify({ user: 'alice', app: 'innovaphone-recordingsadmin', challenge: '1' }) });
    expect(deny.status).toBe(403);
  });
});

describe('static files of the built app', () => {
  it('serves files, .htm falls back to .html, refuses traversal, 404 for missing', async () => {
    const web = mkdtempSync(join(tmpdir(), 'rec-static-'));
    writeFileSync(join(web, 'innovaphone-recordings.html'), '<!doctype html><title>user app</title>');
    writeFileSync(join(web, 'app.js'), 'export {};');
    writeFileSync(join(tmpdir(), 'outside-secret.txt'), 'secret');
    const s = await startTestServer({}, { webDir: web });
    const page = await http(`${s.url}/innovaphone-recordings.htm`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body.toString()).toMatch(/user app/);
    expect((await http(`${s.url}/app.js`)).headers['content-type']).toMatch(/javascript/);
    expect((await http(`${s.url}/nope.js`)).status).toBe(404);
    const trav = await http(`${s.url}/%2e%2e/outside-secret.txt`);
    expect([400, 404]).toContain(trav.status);
    expect(trav.body.toString()).not.toMatch(/secret/);
    expect((await http(`${s.url}/..%2Foutside-secret.txt`)).status).toBe(400);
    await s.stop();
    rmSync(web, { recursive: true, force: true });
  });
});
