import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { http, login, makePcap, startTestServer, upload, type TestServer, type WsClient } from './helpers.js';

const DAY = 86_400_000;
let srv: TestServer;
let admin: WsClient;

let db: TestDatabase | null = null;

// The domain rules run over both stores: the service must not depend on which one is behind it.
function setup(kind: 'sqlite' | 'postgres'): void {
  beforeEach(async () => {
    db = kind === 'postgres' ? await createTestDatabase() : null;
    srv = await startTestServer(db ? { DATABASE_URL: db.url } : {});
    admin = (await login(srv.url, { sip: 'admin', app: 'innovaphone-recordingsadmin', appobj: 'recordingsadmin' })).client;
    await admin.request({ mt: 'SetSettings', licenses: ['alice', 'bob', 'carol', 'dave'] });
  });
  afterEach(async () => {
    admin.close();
    await srv.stop();
    await db?.drop();
  });
}

const G_IN = '11111111111111111111111111110001';
const G_OUT = '22222222222222222222222222220002';
const nowPcap = (): Uint8Array => makePcap(3, Math.floor(srv.clock.t / 1000));

async function put(name: string): Promise<any> {
  expect((await upload(srv.url, name, nowPcap())).status).toBe(201);
  const all = (await admin.request({ mt: 'ListRecordings', limit: 200 })).items as any[];
  return all.find((r) => r.fileName === name);
}

function postCdr(xml: string): Promise<{ status: number; body: Buffer }> {
  return http(`${srv.url}/cdr`, { method: 'POST', body: xml, headers: { 'Content-Type': 'text/xml' } });
}

// Incoming trunk call into a waiting queue: carol is alerted but does not answer, bob answers first, dave later.
const cdrIncomingQueue = `<?xml version="1.0" encoding="utf-8"?>
<cdrs>
<cdr guid="aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01" sys="PBX" pbx="master" cn="Trunk" e164="" h323="trunk" dir="to" utc="1768046400" id="c1">
 <user pseudo="trunk"/>
 <event msg="setup-to" time="10" type="ext" e164="0301234567" conf="${G_IN}"/>
 <event msg="conn-to" time="12"/>
</cdr>
<cdr guid="aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa02" cn="Queue" e164="300" h323="queue" dir="to" utc="1768046400" id="c2">
 <user pseudo="waiting"/>
 <event msg="setup-from" time="10" type="ext" e164="0301234567" conf="${G_IN}"/>
</cdr>
<cdr guid="aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa03" cn="Carol" e164="203" h323="carol" dir="to" utc="1768046401" id="c3">
 <event msg="setup-from" time="11" type="ext" e164="0301234567" dn="Caller &amp; Co" conf="${G_IN}"/>
 <event msg="alert-from" time="11"/>
 <event msg="rel-from" time="14" cause="16"/>
</cdr>
<cdr guid="aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa05" cn="Dave" e164="204" h323="dave" dir="to" utc="1768046402" id="c5">
 <event msg="setup-from" time="11" type="ext" e164="0301234567" conf="${G_IN}"/>
 <event msg="conn-from" time="30"/>
</cdr>
<cdr guid="aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa04" cn="Bob" e164="202" h323="bob" dir="to" utc="1768046402" id="c4">
 <event msg="setup-from" time="11" type="ext" e164="0301234567" dn="Caller &amp; Co" conf="${G_IN}"/>
 <event msg="conn-from" time="20"/>
 <event msg="rel-to" time="60" cause="16"/>
</cdr>
</cdrs>`;

// Outgoing trunk call: alice dials out.
const cdrOutgoing = `<cdr guid="aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa11" cn="Alice" e164="201" h323="alice" dir="from" utc="1768046400" id="o1">
 <event msg="setup-to" time="5" type="ext" e164="0897654321" conf="${G_OUT}"/>
 <event msg="alert-to" time="6" type="ext" e164="0897654321"/>
 <event msg="conn-to" time="8"/>
 <event msg="rel-to" time="40" cause="16"/>
</cdr>
<cdr guid="aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa12" cn="Trunk" h323="trunk" dir="from" utc="1768046400" id="o2"><user pseudo="trunk"/>
 <event msg="setup-from" time="5" e164="201" conf="${G_OUT}"/>
</cdr>`;

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`${kind} store`, () => {
    setup(kind);
    describe('owner resolution and call information', () => {
      it('gateway recording first, CDR later: the first answering user of an incoming queue call owns it', async () => {
        const rec = await put(`${G_IN}-009033aabbcc-1.pcap`);
        expect(rec).toMatchObject({ ownerSip: null, hasCallInfo: false, licensed: false });
        const r = await postCdr(cdrIncomingQueue);
        expect(r.status).toBe(200);
        expect(JSON.parse(r.body.toString())).toEqual({ cdrs: 5, recordings: 1 });
        const d = (await admin.request({ mt: 'GetRecording', id: rec.id })).recording;
        expect(d).toMatchObject({ ownerSip: 'bob', ownerNumber: '202', direction: 'in', remoteNumber: '0301234567', remoteName: 'Caller & Co', hasCallInfo: true, licensed: true });
        expect(d.callInfo).toHaveLength(5);
        expect(d.summary).toMatchObject({ ownerSip: 'bob', external: true, connected: true });
        const bob = (await login(srv.url, { sip: 'bob' })).client;
        expect((await bob.request({ mt: 'ListRecordings' })).items.map((x: any) => x.id)).toEqual([rec.id]);
        bob.close();
      });

      it('CDR first, recording later: outgoing trunk calls belong to the caller', async () => {
        expect((await postCdr(cdrOutgoing)).status).toBe(200);
        const rec = await put(`${G_OUT}-009033aabbcc-7.pcap`);
        expect(rec).toMatchObject({ ownerSip: 'alice', ownerNumber: '201', direction: 'out', remoteNumber: '0897654321', hasCallInfo: true });
      });

      it('the user named in the file name wins when one of the CDRs is theirs', async () => {
        expect((await postCdr(cdrIncomingQueue)).status).toBe(200);
        const rec = await put(`${G_IN}-009033000004-2--dave.pcap`);
        expect(rec).toMatchObject({ ownerSip: 'dave', direction: 'in' });
      });

      it('no call information: GetRecording says so (callInfo null)', async () => {
        const rec = await put(`${'3'.repeat(32)}-009033000004-2--alice.pcap`);
        const d = (await admin.request({ mt: 'GetRecording', id: rec.id })).recording;
        expect(d.callInfo).toBeNull();
        expect(d.hasCallInfo).toBe(false);
      });

      it('malformed CDR XML gets 400, nothing stored', async () => {
        const r = await postCdr('<cdr guid="x"><event msg="a"></cdr>');
        expect(r.status).toBe(400);
        expect(r.body.toString()).toMatch(/malformed CDR XML/);
      });
    });

    describe('delete modes, recycle bin, protect, retention', () => {
      it('recoverable delete goes to the recycle bin; restore brings it back; protected refuses', async () => {
        const rec = await put(`${'4'.repeat(32)}-009033000004-1--alice.pcap`);
        const alice = (await login(srv.url, { sip: 'alice' })).client;
        expect((await alice.request({ mt: 'ProtectRecording', id: rec.id, protected: true })).recording.protected).toBe(true);
        expect(await alice.request({ mt: 'DeleteRecording', id: rec.id })).toMatchObject({ error: 'protected' });
        expect(await admin.request({ mt: 'PurgeRecording', id: rec.id })).toMatchObject({ error: 'protected' });
        await alice.request({ mt: 'ProtectRecording', id: rec.id, protected: false });
        expect(await alice.request({ mt: 'DeleteRecording', id: rec.id })).toMatchObject({ id: rec.id, mode: 'recoverable' });
        expect((await alice.request({ mt: 'ListRecordings' })).items).toEqual([]);
        expect(await alice.request({ mt: 'GetRecording', id: rec.id })).toMatchObject({ error: 'not-found' });
        const bin = await admin.request({ mt: 'ListRecycleBin' });
        expect(bin.items.map((x: any) => x.id)).toEqual([rec.id]);
        expect(bin.items[0]).toMatchObject({ state: 'deleted', deletedBy: 'alice' });
        expect((await admin.request({ mt: 'RestoreRecording', id: rec.id })).recording.state).toBe('active');
        expect((await alice.request({ mt: 'ListRecordings' })).items).toHaveLength(1);
        const logs = (await admin.request({ mt: 'ListLogs', recordingId: rec.id })).items.map((e: any) => `${e.actor}:${e.action}`);
        expect(logs).toEqual(['admin:restore', 'alice:delete', 'alice:unprotect', 'alice:protect']);
        alice.close();
      });

      it('permanent delete mode of the App object removes the recording for good', async () => {
        await admin.request({ mt: 'SetAppObjectConfig', appObject: 'recordings', deleteMode: 'permanent' });
        const rec = await put(`${'5'.repeat(32)}-009033000004-1--alice.pcap`);
        const alice = (await login(srv.url, { sip: 'alice' })).client;
        expect(await alice.request({ mt: 'DeleteRecording', id: rec.id })).toMatchObject({ mode: 'permanent' });
        expect((await admin.request({ mt: 'ListRecycleBin' })).items).toEqual([]);
        expect(await admin.request({ mt: 'GetRecording', id: rec.id })).toMatchObject({ error: 'not-found' });
        alice.close();
      });

      it('retention purges old unprotected recordings and expired recycle-bin items, never protected ones', async () => {
        const old = await put(`${'6'.repeat(32)}-009033000004-1--alice.pcap`);
        const kept = await put(`${'7'.repeat(32)}-009033000004-1--alice.pcap`);
        const binned = await put(`${'8'.repeat(32)}-009033000004-1--alice.pcap`);
        await admin.request({ mt: 'ProtectRecording', id: kept.id, protected: true });
        await admin.request({ mt: 'DeleteRecording', id: binned.id });
        expect(await admin.request({ mt: 'SetSettings', retentionDays: 11001 })).toMatchObject({ error: 'bad-request' });
        expect(await admin.request({ mt: 'SetSettings', retentionDays: -1 })).toMatchObject({ error: 'bad-request' });
        await admin.request({ mt: 'SetSettings', retentionDays: 0 });
        srv.clock.t += 40 * DAY;
        // 0 = scheduled deletion off: active ones stay, the recycle bin still expires (30 days)
        expect((await admin.request({ mt: 'RunRetention' })).purged).toBe(1);
        expect((await admin.request({ mt: 'ListRecycleBin' })).items).toEqual([]);
        expect((await admin.request({ mt: 'ListRecordings' })).items).toHaveLength(2);
        await admin.request({ mt: 'SetSettings', retentionDays: 50 });
        expect((await admin.request({ mt: 'RunRetention' })).purged).toBe(0);
        srv.clock.t += 11 * DAY;
        expect((await admin.request({ mt: 'RunRetention' })).purged).toBe(1);
        const left = (await admin.request({ mt: 'ListRecordings' })).items.map((x: any) => x.id);
        expect(left).toEqual([kept.id]);
        expect(left).not.toContain(old.id);
        const logs = (await admin.request({ mt: 'ListLogs', actor: 'system' })).items.filter((e: any) => e.action === 'purge');
        expect(logs.map((e: any) => e.details.reason).sort()).toEqual(['recycle-bin-expiry', 'retention']);
      });
    });

    describe('licensing, PBX link, settings, trace', () => {
      it('with the configured list: unlicensed owners are kept, hidden and reported; changing the list re-checks', async () => {
        const z = await put(`${'9'.repeat(32)}-009033000004-1--zed.pcap`);
        expect(z.licensed).toBe(false);
        const st = (await admin.request({ mt: 'GetSettings' })).status;
        expect(st).toMatchObject({ licenseSource: 'list', unlicensedOwners: ['zed'], unlicensedRecordings: 1, pbxNameMissing: true, pbxConnected: false });
        await admin.request({ mt: 'SetSettings', licenses: ['alice', 'zed'] });
        expect((await admin.request({ mt: 'GetRecording', id: z.id })).recording.licensed).toBe(true);
      });

      it('a user whose licence is withdrawn loses their recordings live (kept for the admin)', async () => {
        const a = await put(`${'9'.repeat(31)}8-009033000004-1--alice.pcap`);
        const alice = (await login(srv.url, { sip: 'alice' })).client;
        await alice.request({ mt: 'SubscribeRecordings' });
        await admin.request({ mt: 'SetSettings', licenses: ['bob'] });
        const p = await alice.waitPush((m) => m.mt === 'RecordingDeleted');
        expect(p.id).toBe(a.id);
        expect((await alice.request({ mt: 'ListRecordings' })).items).toEqual([]);
        expect((await admin.request({ mt: 'GetRecording', id: a.id })).recording).toMatchObject({ licensed: false, state: 'active' });
        alice.close();
      });

      it('with a PBX connected: CheckAppLic goes over the PBX connection; its loss is reported', async () => {
        await admin.request({ mt: 'SetSettings', pbxName: 'master' });
        const pbx = (await login(srv.url, { sip: 'recordings', appobj: 'recordings', info: { appobj: 'recordings', pbx: 'master' } })).client;
        const asked: string[] = [];
        pbx.ws.on('message', (d) => {
          const m = JSON.parse(d.toString());
          if (m.api === 'PbxAdminApi' && m.mt === 'CheckAppLic') {
            expect(m.lic).toBe('App(innovaphone-recorder)');
            asked.push(m.h323);
            pbx.ws.send(JSON.stringify({ api: 'PbxAdminApi', mt: 'CheckAppLicResult', src: m.src, ok: m.h323 === 'carol' }));
          }
        });
        pbx.ws.send(JSON.stringify({ mt: 'PbxInfo', domain: 'example.com', pbx: 'master', pbxDns: 'pbx.example.com', apis: ['PbxAdminApi'] }));
        await new Promise((r) => setTimeout(r, 100));
        const c = await put(`${'a'.repeat(32)}-009033000004-1--carol.pcap`);
        const a = await put(`${'b'.repeat(32)}-009033000004-1--alice.pcap`);
        expect(c.licensed).toBe(true);
        expect(a.licensed).toBe(false); // alice is on the list, but the PBX says no
        expect(asked).toEqual(expect.arrayContaining(['carol', 'alice']));
        const st = (await admin.request({ mt: 'GetSettings' })).status;
        expect(st).toMatchObject({ licenseSource: 'pbx', pbxConnected: true, pbx: 'master', pbxNameMissing: false, unlicensedOwners: ['alice'] });
        pbx.close();
        await new Promise((r) => setTimeout(r, 100));
        const lost = (await admin.request({ mt: 'GetSettings' })).status;
        expect(lost).toMatchObject({ pbxConnected: false, licenseSource: 'list', pbxLostAt: srv.clock.t });
        const link = (await admin.request({ mt: 'ListLogs', actor: 'system' })).items.filter((e: any) => e.action === 'pbx-link');
        expect(link.map((e: any) => e.details.state)).toEqual(['lost', 'connected']);
      });

      it('a PBX with another name than the configured one is not used', async () => {
        await admin.request({ mt: 'SetSettings', pbxName: 'master' });
        const pbx = (await login(srv.url, { sip: 'recordings', appobj: 'recordings', info: { appobj: 'recordings', pbx: 'slave' } })).client;
        pbx.ws.send(JSON.stringify({ mt: 'PbxInfo', pbx: 'slave', apis: ['PbxAdminApi'] }));
        await new Promise((r) => setTimeout(r, 100));
        expect((await admin.request({ mt: 'GetSettings' })).status).toMatchObject({ pbxConnected: false, licenseSource: 'list' });
        pbx.close();
      });

      it('trace levels change what is logged', async () => {
        await admin.request({ mt: 'SetSettings', trace: { recording: 'off' } });
        const before = srv.trace.ring.length;
        await put(`${'c'.repeat(32)}-009033000004-1--alice.pcap`);
        expect(srv.trace.ring.slice(before).filter((l) => l.category === 'recording')).toEqual([]);
        await admin.request({ mt: 'SetSettings', trace: { recording: 'debug' } });
        await put(`${'d'.repeat(32)}-009033000004-1--alice.pcap`);
        const lines = srv.trace.ring.slice(before).filter((l) => l.category === 'recording').map((l) => l.text);
        expect(lines.some((t) => t.startsWith('upload started'))).toBe(true);
        expect(lines.some((t) => t.startsWith('stored'))).toBe(true);
        expect(await admin.request({ mt: 'SetSettings', trace: { recording: 'verbose' } })).toMatchObject({ error: 'bad-request' });
        const logs = (await admin.request({ mt: 'ListLogs', actor: 'admin' })).items;
        expect(logs.filter((e: any) => e.action === 'settings')).toHaveLength(3);
      });
    });
  });
}
