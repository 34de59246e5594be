// Admin status (Reports/CDR link, licence count), the trace-log tail and the audit action filter,
// against the real server with real HTTP and WebSocket clients.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTraceTail, TRACE_RESULT_MAX, TRACE_SCAN_MAX, TRACE_TEXT_MAX } from '../../src/server/trace-tail.js';
import { GUID1, MAC1, http, login, makePcap, startTestServer, upload, type TestServer, type WsClient } from './helpers.js';

const AUTH = { Authorization: `Basic ${Buffer.from('dev:secret').toString('base64')}` };
const CDR = `<?xml version="1.0" encoding="utf-8"?>
<cdrs><cdr guid="aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01" sys="PBX" pbx="master" cn="Alice" e164="201" h323="alice" dir="from" utc="1768046400" id="c1">
<event msg="setup-from" time="0" conf="${GUID1}"/><event msg="conn-to" time="3"/></cdr>
<cdr guid="aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa02" sys="PBX" pbx="master" cn="Bob" e164="202" h323="bob" dir="to" utc="1768046400" id="c2">
<event msg="setup-to" time="0" conf="${GUID1}"/></cdr></cdrs>`;

let srv: TestServer;
let admin: WsClient;
beforeAll(async () => {
  srv = await startTestServer({ RECORDINGS_UPLOAD_USER: 'dev', RECORDINGS_UPLOAD_PASSWORD: 'secret', RECORDINGS_LICENSES: 'alice,bob' });
  admin = (await login(srv.url, { sip: 'admin', app: 'innovaphone-recordingsadmin' })).client;
});
afterAll(async () => { admin?.close(); await srv?.stop(); });

const status = async () => (await admin.request({ mt: 'GetSettings' })).status;

describe('admin status: Reports/CDR link', () => {
  it('reports nothing received, then the last accepted post (when, from where, which PBX) and the last refusal with its reason', async () => {
    expect((await status()).cdr).toEqual({ since: srv.clock.t, received: 0, lastAt: null, lastFrom: null, lastPbx: null, lastError: null });

    srv.clock.t += 60_000;
    expect((await http(`${srv.url}/cdr`, { method: 'POST', body: CDR })).status).toBe(401);
    let cdr = (await status()).cdr;
    expect(cdr.lastError).toMatchObject({ at: srv.clock.t, reason: 'unauthorized', detail: 'no credentials sent' });
    expect(cdr.lastError.from).toMatch(/127\.0\.0\.1/);
    expect(cdr.received).toBe(0);

    srv.clock.t += 60_000;
    const ok = await http(`${srv.url}/cdr`, { method: 'POST', body: CDR, headers: AUTH });
    expect(ok.status).toBe(200);
    cdr = (await status()).cdr;
    expect(cdr).toMatchObject({ received: 2, lastAt: srv.clock.t, lastPbx: 'master' });
    expect(cdr.lastFrom).toMatch(/127\.0\.0\.1/);
    expect(cdr.lastError.reason).toBe('unauthorized'); // the older refusal stays visible

    srv.clock.t += 60_000;
    expect((await http(`${srv.url}/cdr`, { method: 'POST', body: '<cdrs><cdr guid="x"', headers: AUTH })).status).toBe(400);
    cdr = (await status()).cdr;
    expect(cdr.lastError).toMatchObject({ at: srv.clock.t, reason: 'malformed' });
    expect(cdr.lastError.detail.length).toBeGreaterThan(0);
    expect(cdr).toMatchObject({ received: 2, lastAt: srv.clock.t - 60_000 });

    const wrong = { Authorization: `Basic ${Buffer.from('dev:nope').toString('base64')}` };
    expect((await http(`${srv.url}/cdr`, { method: 'POST', body: CDR, headers: wrong })).status).toBe(401);
    expect((await status()).cdr.lastError).toMatchObject({ reason: 'unauthorized', detail: 'wrong user or password' });
  });
});

describe('admin status: licence count', () => {
  it('without a PBX: unknown count with the reason, licensed owners counted from the recordings', async () => {
    for (const [n, who] of [[1, 'alice'], [2, 'alice'], [3, 'bob'], [4, 'zed']] as const) {
      expect((await upload(srv.url, `${'c'.repeat(31)}${n}-${MAC1}-${n}--${who}.pcap`, makePcap(2), AUTH)).status).toBe(201);
    }
    const st = await status();
    expect(st.licenseCount).toEqual({ granted: null, used: null, unknownReason: 'no-pbx', licensedOwners: 2 });
    expect(st.unlicensedOwners).toEqual(['zed']);
  });

  it('with a PBX: GetAppLics gives granted/used of App(innovaphone-recorder); a PBX without it, or one that does not answer, is named as such', async () => {
    let answer: ((m: any) => Record<string, unknown> | null) = () => null;
    const pbx = (await login(srv.url, { sip: 'recordings', appobj: 'recordings', info: { appobj: 'recordings', pbx: 'master' } })).client;
    pbx.ws.on('message', (d) => {
      const m = JSON.parse(d.toString());
      if (m.api !== 'PbxAdminApi') return;
      if (m.mt === 'CheckAppLic') pbx.ws.send(JSON.stringify({ api: 'PbxAdminApi', mt: 'CheckAppLicResult', src: m.src, ok: m.h323 !== 'zed' }));
      if (m.mt === 'GetAppLics') {
        const r = answer(m);
        if (r) pbx.ws.send(JSON.stringify({ api: 'PbxAdminApi', mt: 'GetAppLicsResult', src: m.src, ...r }));
      }
    });
    pbx.ws.send(JSON.stringify({ mt: 'PbxInfo', domain: 'example.com', pbx: 'master', apis: ['PbxAdminApi'] }));
    await new Promise((r) => setTimeout(r, 150));

    answer = () => ({ lic: [{ name: 'App(innovaphone-users)', count: 50, used: 1 }, { name: 'App(innovaphone-recorder)', version: '', count: 25, used: 7, local: 25, slaves: 0, key: '' }] });
    let st = await status();
    expect(st.licenseSource).toBe('pbx');
    expect(st.licenseCount).toEqual({ granted: 25, used: 7, unknownReason: null, licensedOwners: 2 });

    answer = () => ({ lic: [{ name: 'App(innovaphone-users)', count: 50, used: 1 }] });
    expect((await status()).licenseCount).toMatchObject({ granted: null, used: null, unknownReason: 'not-on-pbx' });

    answer = () => null; // the PBX stays silent: the status still answers, after the 3 s limit
    st = await status();
    expect(st.licenseCount).toMatchObject({ granted: null, unknownReason: 'no-answer', licensedOwners: 2 });
    pbx.close();
    await new Promise((r) => setTimeout(r, 100));

    const noApi = (await login(srv.url, { sip: 'recordings', appobj: 'recordings', info: { appobj: 'recordings', pbx: 'master' } })).client;
    noApi.ws.send(JSON.stringify({ mt: 'PbxInfo', domain: 'example.com', pbx: 'master', apis: [] }));
    await new Promise((r) => setTimeout(r, 150));
    expect((await status()).licenseCount.unknownReason).toBe('no-admin-api');
    noApi.close();
  }, 15_000);
});

describe('GetTraceLog (admin)', () => {
  it('returns the tail of trace.log newest first, paged backwards, filtered by level and category; refuses users and bad fields', async () => {
    await new Promise((r) => setTimeout(r, 300)); // the PBX-loss line of the test before is written after its close
    await admin.request({ mt: 'SetSettings', trace: { recording: 'debug', callInfo: 'info', license: 'debug', ui: 'error', converting: 'error' } });
    for (let i = 0; i < 5; i++) srv.trace.info('recording', `marker info ${i}`);
    srv.trace.error('callInfo', 'marker error');
    srv.trace.debug('license', 'marker debug');
    const first = await admin.request({ mt: 'GetTraceLog', limit: 3 });
    expect(first.lines.map((l: any) => l.text)).toEqual(['marker debug', 'marker error', 'marker info 4']);
    expect(first.lines[0]).toEqual({ at: srv.clock.t, category: 'license', level: 'debug', text: 'marker debug' });
    expect(first.size).toBeGreaterThan(0);
    expect(first.before).toBeGreaterThan(0);
    const second = await admin.request({ mt: 'GetTraceLog', limit: 2, before: first.before });
    expect(second.lines.map((l: any) => l.text)).toEqual(['marker info 3', 'marker info 2']);

    const errors = await admin.request({ mt: 'GetTraceLog', level: 'error', limit: 500 });
    expect(errors.lines.length).toBeGreaterThan(0);
    expect(errors.lines.every((l: any) => l.level === 'error')).toBe(true);
    expect(errors.lines.map((l: any) => l.text)).toContain('marker error');
    const lic = await admin.request({ mt: 'GetTraceLog', category: 'recording', level: 'info', limit: 500 });
    expect(lic.lines.every((l: any) => l.category === 'recording' && l.level !== 'debug')).toBe(true);
    expect(lic.lines.filter((l: any) => l.text.startsWith('marker info')).length).toBe(5);

    expect(await admin.request({ mt: 'GetTraceLog', level: 'off' })).toMatchObject({ error: 'bad-request', errorText: expect.stringContaining('"level"') });
    expect(await admin.request({ mt: 'GetTraceLog', limit: 501 })).toMatchObject({ error: 'bad-request', errorText: expect.stringContaining('"limit"') });
    expect(await admin.request({ mt: 'GetTraceLog', category: 'cdr' })).toMatchObject({ error: 'bad-request' });
    const alice = (await login(srv.url, { sip: 'alice' })).client;
    expect(await alice.request({ mt: 'GetTraceLog' })).toMatchObject({ error: 'forbidden' });
    alice.close();
  });
});

describe('readTraceTail', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'trace-tail-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const line = (i: number, level = 'info', cat = 'recording') => `2026-01-10T12:00:${String(i % 60).padStart(2, '0')}.000Z ${cat} ${level} line ${i} ü\n`;

  it('pages through a file larger than one read chunk without losing or repeating a line', async () => {
    const f = join(dir, 'big.log');
    let text = '';
    for (let i = 0; i < 5000; i++) text += line(i, i % 3 === 0 ? 'error' : 'info');
    writeFileSync(f, text);
    const seen: string[] = [];
    let before: number | null | undefined;
    let pages = 0;
    do {
      const p = await readTraceTail(f, { before: before ?? undefined, limit: 377 });
      seen.push(...p.lines.map((l) => l.text));
      before = p.before;
      pages++;
    } while (before !== null && pages < 100);
    expect(seen).toHaveLength(5000);
    expect(seen[0]).toBe('line 4999 ü');
    expect(seen[4999]).toBe('line 0 ü');
    expect(new Set(seen).size).toBe(5000);

    // filtered pages only count matching lines
    const errs = await readTraceTail(f, { limit: 10, level: 'error' });
    expect(errs.lines.map((l) => l.text)).toEqual([4998, 4995, 4992, 4989, 4986, 4983, 4980, 4977, 4974, 4971].map((i) => `line ${i} ü`));
  });

  it('a page of long lines stops at the character budget (the result frame stays small) and the next page continues', async () => {
    const f = join(dir, 'long.log');
    let text = '';
    for (let i = 0; i < 400; i++) text += `2026-01-10T12:00:00.000Z ui info ${String(i).padStart(4, '0')} ${'z'.repeat(1500)}\n`;
    writeFileSync(f, text);
    const p1 = await readTraceTail(f, { limit: 500 });
    expect(p1.lines.length).toBeLessThan(400);
    expect(JSON.stringify(p1).length).toBeLessThan(TRACE_RESULT_MAX + 48 * 1024);
    const p2 = await readTraceTail(f, { limit: 500, before: p1.before! });
    expect(p2.lines[0]!.text.slice(0, 4)).toBe(String(400 - p1.lines.length - 1).padStart(4, '0'));
  });

  it('missing file: empty; foreign lines kept as text (hidden by filters); long lines cut; a giant line does not stall paging', async () => {
    expect(await readTraceTail(join(dir, 'none.log'), { limit: 10 })).toEqual({ lines: [], before: null, size: 0 });
    const f = join(dir, 'odd.log');
    writeFileSync(f, line(1) + 'not a trace line\n' + `2026-01-10T12:00:00.000Z ui info ${'x'.repeat(5000)}\n` + line(2, 'debug'));
    const all = await readTraceTail(f, { limit: 10 });
    expect(all.lines.map((l) => l.level)).toEqual(['debug', 'info', null, 'info']);
    expect(all.lines[1]!.text).toHaveLength(TRACE_TEXT_MAX);
    expect(all.lines[1]!.text.endsWith('…')).toBe(true);
    expect(all.lines[2]).toEqual({ at: null, category: null, level: null, text: 'not a trace line' });
    expect(all.before).toBeNull();
    expect((await readTraceTail(f, { limit: 10, level: 'debug' })).lines).toHaveLength(3);

    const g = join(dir, 'giant.log');
    writeFileSync(g, line(1));
    appendFileSync(g, 'y'.repeat(TRACE_SCAN_MAX + 100_000) + '\n');
    appendFileSync(g, line(2));
    const p1 = await readTraceTail(g, { limit: 10 });
    expect(p1.lines[0]!.text).toBe('line 2 ü');
    expect(p1.before).not.toBeNull();
    let before = p1.before;
    const texts = p1.lines.map((l) => l.text);
    for (let i = 0; i < 5 && before !== null; i++) {
      const p = await readTraceTail(g, { limit: 10, before: before! });
      expect(p.before === null || p.before < before!).toBe(true); // always moves back
      texts.push(...p.lines.map((l) => l.text));
      before = p.before;
    }
    expect(before).toBeNull();
    expect(texts[texts.length - 1]).toBe('line 1 ü');
  });
});

describe('ListLogs action filter', () => {
  it('admins and users filter by action; the filter combines with actor; a bad value is refused', async () => {
    const id = (await admin.request({ mt: 'ListRecordings', filter: { owner: 'alice' } })).items[0].id;
    const alice = (await login(srv.url, { sip: 'alice' })).client;
    await alice.request({ mt: 'GetDownloadToken', id, purpose: 'play' });
    await alice.request({ mt: 'ProtectRecording', id, protected: true });
    await admin.request({ mt: 'GetDownloadToken', id, purpose: 'play' });
    const plays = (await admin.request({ mt: 'ListLogs', action: 'play' })).items;
    expect(plays.map((e: any) => e.actor)).toEqual(['admin', 'alice']);
    expect((await admin.request({ mt: 'ListLogs', action: 'play', actor: 'alice' })).items).toHaveLength(1);
    expect((await admin.request({ mt: 'ListLogs', action: 'settings' })).items.every((e: any) => e.action === 'settings')).toBe(true);
    const own = (await alice.request({ mt: 'ListLogs', action: 'protect' })).items;
    expect(own.map((e: any) => [e.actor, e.action])).toEqual([['alice', 'protect']]);
    expect(await admin.request({ mt: 'ListLogs', action: 7 })).toMatchObject({ error: 'bad-request', errorText: expect.stringContaining('"action"') });
    expect(await admin.request({ mt: 'ListLogs', action: 'x'.repeat(65) })).toMatchObject({ error: 'bad-request' });
    alice.close();
  });
});
