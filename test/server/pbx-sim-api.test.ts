// The PBX simulator against the real service: PbxAdminApi object store semantics, the manager API
// (GetInstanceLogin logs the plugin in, SetInstancePassword changes the live instance password),
// App-object connections following their password, and users logging in through App objects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, login, makePcap, upload } from './helpers.js';
import { Peer, managerPeer, startSimWithServer, userThroughAppObject, type SimWithServer } from './pbx-sim-helpers.js';

let env: SimWithServer;
let pbx: Peer;
const admin = (m: Record<string, unknown>): Promise<Record<string, any>> => pbx.request({ api: 'PbxAdminApi', ...m });
const manager = (m: Record<string, unknown>): Promise<Record<string, any>> => pbx.request({ api: 'com.innovaphone.manager', ...m });
const path = 'example.com/recordings';

beforeAll(async () => {
  env = await startSimWithServer();
  pbx = await managerPeer(env.sim);
});
afterAll(async () => {
  pbx?.close();
  await env?.stop();
});

async function pluginSession(): Promise<Peer> {
  const inst = await Peer.open(`${env.srv.url}/innovaphone.recordingsmanager`);
  const ch = await inst.request({ mt: 'AppChallenge' });
  const login = await manager({ mt: 'GetInstanceLogin', path, app: '-', challenge: ch.challenge });
  expect(login.error).toBeUndefined();
  const r = await inst.request({ mt: 'AppLogin', app: login.app, domain: login.domain, sip: login.sip, guid: login.guid, dn: login.dn, digest: login.digest, pbxObj: '-' });
  expect(r.ok).toBe(true);
  return inst;
}

describe('plugin files under the instance path', () => {
  it('serves the names a PBX Manager expects, and plugins.json lists them', async () => {
    const list = JSON.parse((await http(`${env.srv.url}/plugins.json`)).body.toString());
    expect(list).toEqual({ plugins: [{ js: 'innovaphone.recordingsmanager', icon: 'innovaphone.recordingsmanager.png', lang: 'innovaphone.recordingsmanagertexts', domains: false }] });
    for (const [f, type] of [['innovaphone.recordingsmanager.js', 'text/javascript'], ['innovaphone.recordingsmanagertexts.js', 'text/javascript'],
      ['innovaphone.recordingsmanager.css', 'text/css'], ['innovaphone.recordingsmanager.png', 'image/png']] as const) {
      const r = await http(`${env.srv.url}/${f}`);
      expect(r.status, f).toBe(200);
      expect(String(r.headers['content-type'])).toContain(type);
    }
    const texts = (await http(`${env.srv.url}/innovaphone.recordingsmanagertexts.js`)).body.toString();
    expect(texts).toContain('recordingsmanagertexts');
    expect(texts).toContain('"pluginTitle"');
  });

  it('ManagerControls hands out the plugin URIs under the instance', async () => {
    const r = await manager({ mt: 'ManagerControls' });
    expect(r.controls).toEqual([{ api: 'com.innovaphone.manager', uri: `${env.srv.url}/innovaphone.recordingsmanager.js`, png: `${env.srv.url}/innovaphone.recordingsmanager.png`, lang: `${env.srv.url}/innovaphone.recordingsmanagertexts.js` }]);
  });
});

describe('PbxAdminApi object store', () => {
  it('creates, reads, renames-by-cn and deletes objects with UpdateObject semantics, refusing with reasons', async () => {
    const created = await admin({ mt: 'UpdateObject', cn: 'Test App', h323: 'test-app', pwd: 'secret-123', hide: true, pseudo: { type: 'app', app: { url: 'http://x.invalid/d/i/innovaphone-recordings', websocket: false } } });
    expect(created.guid).toMatch(/^[0-9a-f]{32}$/);
    const o = await admin({ mt: 'GetObject', guid: created.guid });
    expect(o).toMatchObject({ cn: 'Test App', h323: 'test-app', hide: true, pseudo: { type: 'app', app: { url: 'http://x.invalid/d/i/innovaphone-recordings', websocket: false } } });
    expect(o.pwd).toBeUndefined();
    expect((await admin({ mt: 'UpdateObject', cn: 'Other', h323: 'test-app' })).error).toMatch(/name "test-app" is in use/);
    expect((await admin({ mt: 'UpdateObject', guid: '*', cn: 'Test App', apps: 'reports' })).guid).toBeUndefined();
    expect((await admin({ mt: 'GetObject', h323: 'test-app' })).apps).toBe('reports');
    await admin({ mt: 'UpdateObject', guid: created.guid, hide: -1 });
    expect(await admin({ mt: 'GetObject', h323: 'test-app' })).not.toHaveProperty('hide');
    expect((await admin({ mt: 'UpdateObject', guid: created.guid, hide: 'yes' })).error).toMatch(/"hide" must be true, false or an integer/);
    expect((await admin({ mt: 'UpdateObject', cn: 'Bad', h323: 'has space' })).error).toMatch(/not a valid name/);
    expect((await admin({ mt: 'UpdateObject', cn: 'X', h323: 'x1', copyPwd: 'nobody' })).error).toMatch(/copyPwd: no object "nobody"/);
    expect((await admin({ mt: 'UpdateObject', cn: 'X', h323: 'x1', copyPwd: 'alice' })).error).toMatch(/user objects/);
    expect(await admin({ mt: 'DeleteObject', guid: created.guid })).not.toHaveProperty('error');
    expect((await admin({ mt: 'DeleteObject', guid: created.guid })).error).toMatch(/no object/);
    expect((await admin({ mt: 'Frobnicate' })).error).toMatch(/not simulated/);
  });

  it('pages config templates and users, counts licences', async () => {
    const t = await admin({ mt: 'GetConfigObjects', limit: 1 });
    expect(t.objects).toEqual([{ cn: 'Standard', config: [] }]);
    expect(t.more).toBe('Standard');
    expect((await admin({ mt: 'GetConfigObjects', more: t.more })).objects).toEqual([{ cn: 'Supervisors', config: [] }]);
    const u = await admin({ mt: 'SearchUsers', cn: 'Bob Brown', includeMatch: true, limit: 2 });
    expect(u.user.map((x: any) => x.h323)).toEqual(['bob', 'carol']);
    expect((await admin({ mt: 'SearchUsers', cn: 'Bob Brown', limit: 2 })).user.map((x: any) => x.h323)).toEqual(['carol', 'dave']);
    const lics = await admin({ mt: 'GetAppLics' });
    expect(lics.lic).toEqual([expect.objectContaining({ name: 'App(innovaphone-recorder)', count: 10, used: 5 })]);
    expect((await admin({ mt: 'CheckAppLic', h323: 'alice', lic: 'App(innovaphone-recorder)' })).ok).toBe(true);
  });
});

describe('manager API and App-object connections against the service', () => {
  it('GetInstanceLogin logs the plugin in; a wrong path is refused with the reason', async () => {
    const inst = await pluginSession();
    const r = await inst.request({ mt: 'SetAppObjectConfig', appObject: 'team', accessList: ['bob'], deleteMode: 'permanent' });
    expect(r.config).toMatchObject({ appObject: 'team', accessList: ['bob'], deleteMode: 'permanent' });
    expect((await inst.request({ mt: 'ListRecordings' })).error).toBe('forbidden');
    const odd = await inst.request({ mt: 'SetAppObjectConfig', appObject: 'team', accessList: ['bob', 'Bob Brown'] });
    expect(odd.errorText).toContain('"Bob Brown" is not');
    expect((await inst.request({ mt: 'GetAppObjectConfig', appObject: 'team' })).config.accessList).toEqual(['bob']);
    inst.close();
    expect((await manager({ mt: 'GetInstanceLogin', path: 'example.com/other', app: '-', challenge: '1' })).error).toMatch(/no instance at path/);
  });

  it('an App object connects with the instance password, drops with a wrong one, and the password check tells them apart', async () => {
    const inst = await pluginSession();
    const good = await admin({ mt: 'UpdateObject', cn: 'Recordings', h323: 'rec-a', pwd: env.srv.config.password, hide: true,
      pseudo: { type: 'app', app: { url: `${env.srv.url}/innovaphone-recordings`, websocket: true, admin: true, services: true } } });
    await expect.poll(async () => (await admin({ mt: 'GetAppObjects', uri: env.srv.url })).objects.find((o: any) => o.sip === 'rec-a')?.connected, { timeout: 10_000 }).toBe(true);
    const check = async (sip: string): Promise<boolean> => {
      const l = await admin({ mt: 'GetAppLogin', app: sip, challenge: '5550123' });
      return (await inst.request({ mt: 'AppCheckLogin', app: l.app, domain: l.domain, challenge: '5550123', digest: l.digest })).ok;
    };
    expect(await check('rec-a')).toBe(true);
    await admin({ mt: 'UpdateObject', guid: good.guid, pwd: 'not-the-instance-pw' });
    expect(await check('rec-a')).toBe(false);
    await expect.poll(async () => (await admin({ mt: 'GetAppObjects', uri: env.srv.url })).objects[0].connected, { timeout: 10_000 }).toBe(false);
    // SetInstancePassword: the live service takes the new one, the object carrying it reconnects.
    const pwd = 'Fresh-Pass-1234567';
    await admin({ mt: 'UpdateObject', guid: good.guid, pwd });
    expect((await manager({ mt: 'SetInstancePassword', path, pwd })).error).toBeUndefined();
    expect(await check('rec-a')).toBe(true);
    await expect.poll(async () => (await admin({ mt: 'GetAppObjects', uri: env.srv.url })).objects[0].connected, { timeout: 10_000 }).toBe(true);
    expect((await manager({ mt: 'SetInstancePassword', path, pwd: 'short' })).error).toMatch(/8 to 64/);
    inst.close();
    await admin({ mt: 'DeleteObject', guid: good.guid });
  });

  it('a user logs in only through an App object granted to them; access list and delete mode apply', async () => {
    const obj = await admin({ mt: 'UpdateObject', cn: 'Team recordings', h323: 'team', copyPwd: undefined, pwd: 'x', hide: true,
      pseudo: { type: 'app', app: { url: `${env.srv.url}/innovaphone-recordings` } } });
    // Give it the instance's current password through a known-good object, as the plugin does.
    const ok = await admin({ mt: 'UpdateObject', cn: 'Good', h323: 'good', pwd: (await currentInstancePassword()), pseudo: { type: 'app', app: { url: `${env.srv.url}/innovaphone-recordingsadmin` } } });
    await admin({ mt: 'UpdateObject', guid: obj.guid, copyPwd: 'good' });
    await expect(userThroughAppObject(env.sim, env.srv.url, 'alice', 'team')).rejects.toThrow(/alice has no access to the App object "team"/);
    const std = await admin({ mt: 'GetObject', cn: 'Standard' });
    await admin({ mt: 'UpdateObject', guid: std.guid, cn: 'Standard', apps: 'team' });
    expect((await upload(env.srv.url, `${'a'.repeat(32)}-009033000001-1--alice.pcap`, makePcap(2))).status).toBe(201);
    expect((await upload(env.srv.url, `${'b'.repeat(32)}-009033000001-2--bob.pcap`, makePcap(2))).status).toBe(201);
    expect((await upload(env.srv.url, `${'c'.repeat(32)}-009033000001-3--carol.pcap`, makePcap(2))).status).toBe(201);
    const { service, login, result } = await userThroughAppObject(env.sim, env.srv.url, 'alice', 'team');
    expect(result.ok).toBe(true);
    expect(login.info).toMatchObject({ appobj: 'team', appurl: `${env.srv.url}/innovaphone-recordings`, cn: 'Alice Adams' });
    // "team" has access list [bob] and delete mode permanent from the earlier test.
    const items = (await service.request({ mt: 'ListRecordings' })).items as any[];
    expect(items.map((r) => r.ownerSip).sort()).toEqual(['alice', 'bob']);
    const del = await service.request({ mt: 'DeleteRecording', id: items.find((r) => r.ownerSip === 'bob').id });
    expect(del.mode).toBe('permanent');
    service.close();
    await admin({ mt: 'DeleteObject', guid: ok.guid });
    await admin({ mt: 'DeleteObject', guid: obj.guid });
  });
});

describe('enforcement at user login', () => {
  it('an App object opens only the app its URL names', async () => {
    const password = await currentInstancePassword();
    const info = { appobj: 'team', appurl: `${env.srv.url}/innovaphone-recordings`, cn: 'Alice', apps: [{ name: 'team' }] };
    const asAdmin = await login(env.srv.url, { app: 'innovaphone-recordingsadmin', sip: 'alice', appobj: 'team', password, info });
    expect(asAdmin.result.errorText).toBe('the App object "team" opens innovaphone-recordings, not innovaphone-recordingsadmin');
    asAdmin.client.close();
    const asUser = await login(env.srv.url, { app: 'innovaphone-recordings', sip: 'alice', appobj: 'team', password, info });
    expect(asUser.result.ok).toBe(true);
    asUser.client.close();
  });
});

describe('softphone panel App object', () => {
  it('a user logs in through an App object whose URL ends in innovaphone-recordings-latest and lists their recordings', async () => {
    const good = await admin({ mt: 'UpdateObject', cn: 'Good2', h323: 'good2', pwd: (await currentInstancePassword()), pseudo: { type: 'app', app: { url: `${env.srv.url}/innovaphone-recordingsadmin` } } });
    const panel = await admin({ mt: 'UpdateObject', cn: 'Recordings panel', h323: 'panel', pwd: 'x', hide: true,
      pseudo: { type: 'app', app: { url: `${env.srv.url}/innovaphone-recordings-latest` } } });
    await admin({ mt: 'UpdateObject', guid: panel.guid, copyPwd: 'good2' });
    const std = await admin({ mt: 'GetObject', cn: 'Standard' });
    await admin({ mt: 'UpdateObject', guid: std.guid, cn: 'Standard', apps: 'panel' });
    expect((await upload(env.srv.url, `${'d'.repeat(32)}-009033000001-4--alice.pcap`, makePcap(2))).status).toBe(201);
    const { service, login: l, result } = await userThroughAppObject(env.sim, env.srv.url, 'alice', 'panel');
    expect(l).toMatchObject({ app: 'innovaphone-recordings-latest', info: { appobj: 'panel' } });
    expect(result.ok).toBe(true);
    const items = (await service.request({ mt: 'ListRecordings', filter: { owner: 'alice' } })).items as any[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((r) => r.ownerSip === 'alice')).toBe(true);
    expect((await service.request({ mt: 'ListRecycleBin' })).error).toBe('forbidden');
    service.close();
    await admin({ mt: 'DeleteObject', guid: panel.guid });
    await admin({ mt: 'DeleteObject', guid: good.guid });
  });
});

async function currentInstancePassword(): Promise<string> {
  const { readFileSync } = await import('node:fs');
  return readFileSync(`${env.srv.dir}/instance-password`, 'utf8').trim();
}
