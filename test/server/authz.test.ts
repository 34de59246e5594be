import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../../src/server/domain/handlers.js';
import { http, login, makePcap, startTestServer, upload, type TestServer, type WsClient } from './helpers.js';

let srv: TestServer;
let alice: WsClient, bob: WsClient, carol: WsClient, admin: WsClient, pbx: WsClient, plugin: WsClient;
let a1: string, b1: string, u1: string;

const nm = (i: number, user: string): string => `${'ab'.repeat(15)}${String(i).padStart(2, '0')}-0090330000${String(i).padStart(2, '0')}-1--${user}.pcap`;

beforeAll(async () => {
  srv = await startTestServer();
  admin = (await login(srv.url, { sip: 'admin', app: 'innovaphone-recordingsadmin', appobj: 'recordingsadmin' })).client;
  await admin.request({ mt: 'SetSettings', licenses: ['alice', 'bob', 'carol'] });
  await admin.request({ mt: 'SetAppObjectConfig', appObject: 'recordings-team', accessList: ['bob'] });
  expect((await upload(srv.url, nm(1, 'alice'), makePcap(3))).status).toBe(201);
  expect((await upload(srv.url, nm(2, 'bob'), makePcap(3))).status).toBe(201);
  expect((await upload(srv.url, nm(3, 'mallory'), makePcap(3))).status).toBe(201);
  const all = (await admin.request({ mt: 'ListRecordings' })).items as any[];
  a1 = all.find((r) => r.ownerSip === 'alice').id;
  b1 = all.find((r) => r.ownerSip === 'bob').id;
  u1 = all.find((r) => r.ownerSip === 'mallory').id;
  alice = (await login(srv.url, { sip: 'alice', appobj: 'recordings' })).client;
  bob = (await login(srv.url, { sip: 'bob', appobj: 'recordings' })).client;
  carol = (await login(srv.url, { sip: 'carol', appobj: 'recordings-team' })).client;
  pbx = (await login(srv.url, { sip: 'recordings', appobj: 'recordings', info: { appobj: 'recordings', pbx: 'master' } })).client;
  plugin = (await login(srv.url, { sip: '', app: '-', appobj: null, withInfo: false })).client;
});
afterAll(async () => { for (const c of [alice, bob, carol, admin, pbx, plugin]) c?.close(); await srv.stop(); });

const ids = (r: any): string[] => (r.items as any[]).map((x) => x.id).sort();

describe('who sees what', () => {
  it('each user lists only their own; the access list adds extensions; unlicensed owners are hidden', async () => {
    expect(ids(await alice.request({ mt: 'ListRecordings' }))).toEqual([a1]);
    expect(ids(await bob.request({ mt: 'ListRecordings' }))).toEqual([b1]);
    expect(ids(await carol.request({ mt: 'ListRecordings' }))).toEqual([b1]);
    expect(ids(await admin.request({ mt: 'ListRecordings' }))).toEqual([a1, b1, u1].sort());
    const u = (await admin.request({ mt: 'GetRecording', id: u1 })).recording;
    expect(u.licensed).toBe(false);
  });

  it('filtering by an owner outside the allowed set is refused', async () => {
    expect(await alice.request({ mt: 'ListRecordings', filter: { owner: 'bob' } })).toMatchObject({ error: 'forbidden' });
    expect(ids(await carol.request({ mt: 'ListRecordings', filter: { owner: 'bob' } }))).toEqual([b1]);
  });

  const perRecording: [string, (id: string) => Record<string, unknown>][] = [
    ['GetRecording', (id) => ({ mt: 'GetRecording', id })],
    ['ProtectRecording', (id) => ({ mt: 'ProtectRecording', id, protected: true })],
    ['DeleteRecording', (id) => ({ mt: 'DeleteRecording', id })],
    ['SetNote', (id) => ({ mt: 'SetNote', id, note: 'mine now' })],
    ['GetDownloadToken', (id) => ({ mt: 'GetDownloadToken', id })],
  ];

  for (const [mt, make] of perRecording) {
    it(`${mt}: refused for another user's recording, for an unlicensed one, and without access-list entry`, async () => {
      expect(await alice.request(make(b1)), 'alice→bob').toMatchObject({ mt: `${mt}Result`, error: 'not-found' });
      expect(await bob.request(make(a1)), 'bob→alice').toMatchObject({ error: 'not-found' });
      expect(await carol.request(make(a1)), 'carol→alice (not on list)').toMatchObject({ error: 'not-found' });
      expect(await admin.request({ mt: 'GetRecording', id: u1 })).not.toHaveProperty('error');
      const mallory = (await login(srv.url, { sip: 'mallory' })).client;
      expect(await mallory.request(make(u1)), 'unlicensed owner').toMatchObject({ error: 'not-found' });
      mallory.close();
    });
  }

  it('allowed cells work: owner and access-list user on b1', async () => {
    expect((await bob.request({ mt: 'SetNote', id: b1, note: 'bob note' })).recording.note).toBe('bob note');
    expect((await carol.request({ mt: 'GetRecording', id: b1 })).recording.note).toBe('bob note');
    expect((await carol.request({ mt: 'GetDownloadToken', id: b1 })).token).toBeTruthy();
  });

  const adminOnly = [
    { mt: 'SetSettings', retentionDays: 5 }, { mt: 'GetSettings' }, { mt: 'RestoreRecording', id: 'x' },
    { mt: 'ListRecycleBin' }, { mt: 'PurgeRecording', id: 'x' }, { mt: 'RunRetention' },
    { mt: 'GetAppObjectConfig' }, { mt: 'SetAppObjectConfig', accessList: ['alice'] }, { mt: 'ListAppObjectConfigs' },
  ];
  it('user apps cannot change settings or use admin/plugin messages', async () => {
    for (const m of adminOnly) {
      expect(await alice.request(m), m.mt).toMatchObject({ mt: `${m.mt}Result`, error: 'forbidden' });
    }
    expect(await alice.request({ mt: 'DeleteRecording', id: a1, mode: 'permanent' })).toMatchObject({ error: 'forbidden' });
    expect(await alice.request({ mt: 'ListLogs', actor: 'bob' })).toMatchObject({ error: 'forbidden' });
    expect((await admin.request({ mt: 'GetSettings' })).settings.retentionDays).toBe(0);
  });

  it('the PBX connection and the plugin get only their own messages', async () => {
    for (const m of [{ mt: 'ListRecordings' }, { mt: 'GetRecording', id: a1 }, { mt: 'SetSettings', pbxName: 'x' }]) {
      expect(await pbx.request(m), `pbx ${m.mt}`).toMatchObject({ error: 'forbidden' });
      expect(await plugin.request(m), `plugin ${m.mt}`).toMatchObject({ error: 'forbidden' });
    }
    const c = await plugin.request({ mt: 'SetAppObjectConfig', appObject: 'recordings', deleteMode: 'permanent' });
    expect(c.config).toMatchObject({ appObject: 'recordings', deleteMode: 'permanent' });
    await plugin.request({ mt: 'SetAppObjectConfig', appObject: 'recordings', deleteMode: 'recoverable' });
  });

  it('users see only their own activity in the log; admins see all', async () => {
    const own = await bob.request({ mt: 'ListLogs' });
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((e: any) => e.actor === 'bob')).toBe(true);
    const all = await admin.request({ mt: 'ListLogs' });
    expect(new Set(all.items.map((e: any) => e.actor))).toEqual(new Set(['admin', 'bob', 'carol', 'plugin:example.com', 'system']));
  });

  it('download tokens are bound to one recording; forged or missing tokens get 401', async () => {
    const t = await alice.request({ mt: 'GetDownloadToken', id: a1 });
    const ok = await http(t.url);
    expect(ok.status).toBe(200);
    expect(ok.body.equals(Buffer.from(makePcap(3)))).toBe(true);
    expect((await http(`${srv.url}/download/${b1}?token=${encodeURIComponent(t.token)}`)).status).toBe(401);
    expect((await http(`${srv.url}/download/${a1}`)).status).toBe(401);
    expect((await http(`${srv.url}/download/${a1}?token=${encodeURIComponent(t.token.slice(0, -2) + 'AA')}`)).status).toBe(401);
  });

  it('live pushes reach only those who may see the recording', async () => {
    await alice.request({ mt: 'SubscribeRecordings' });
    await carol.request({ mt: 'SubscribeRecordings' });
    await admin.request({ mt: 'SubscribeRecordings' });
    expect((await upload(srv.url, nm(4, 'bob'), makePcap(2))).status).toBe(201);
    const pc = await carol.waitPush((m) => m.mt === 'RecordingAdded');
    expect(pc.recording.ownerSip).toBe('bob');
    await admin.waitPush((m) => m.mt === 'RecordingAdded' && m.recording.id === pc.recording.id);
    expect(alice.pushes.filter((m) => m.mt === 'RecordingAdded')).toEqual([]);
    expect((await bob.request({ mt: 'ProtectRecording', id: pc.recording.id, protected: true })).recording.protected).toBe(true);
    await carol.waitPush((m) => m.mt === 'RecordingUpdated' && m.recording.protected === true);
    expect(alice.pushes).toEqual([]);
  });
});

describe('the full peer-kind × message matrix', () => {
  const sample = (mt: string): Record<string, unknown> => {
    const byMt: Record<string, Record<string, unknown>> = {
      GetRecording: { id: 'nope' }, ProtectRecording: { id: 'nope', protected: false }, DeleteRecording: { id: 'nope' },
      RestoreRecording: { id: 'nope' }, PurgeRecording: { id: 'nope' }, SetNote: { id: 'nope', note: '' },
      GetDownloadToken: { id: 'nope' }, GetAppObjectConfig: { appObject: 'matrix' }, SetAppObjectConfig: { appObject: 'matrix' },
      SetSettings: {},
    };
    return { mt, ...(byMt[mt] ?? {}) };
  };
  it('every cell not in PERMISSIONS is refused with forbidden; every allowed cell is not', async () => {
    const peers = { user: alice, admin, pbx, plugin } as const;
    let refused = 0;
    for (const mt of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) {
      for (const [kind, client] of Object.entries(peers)) {
        const r = await client.request(sample(mt));
        expect(r.mt, `${kind} ${mt}`).toBe(`${mt}Result`);
        if ((PERMISSIONS[mt] as readonly string[]).includes(kind)) {
          expect(r.error, `${kind} ${mt}`).not.toBe('forbidden');
        } else {
          expect(r.error, `${kind} ${mt}`).toBe('forbidden');
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThanOrEqual(40);
  });
});
