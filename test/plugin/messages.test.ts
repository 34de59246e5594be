// The plugin's messages against the field lists of reference §3.3 – §3.6 (PbxAdminApi, manager API,
// AppCheckLogin) and docs/protocol.md, plus the helpers that derive URLs and paths from `item`.
import { describe, expect, it } from 'vitest';
import * as M from '../../plugin/src/messages.js';
import { de, en, format, TYPE_TEXT } from '../../plugin/src/texts.js';

const item13 = { ap: 'ap', uri: 'https://ap.example.com/example.com/recordings/innovaphone.recordingsmanager' };
const item14 = { ...item13, apUri: 'example.com/recordings/innovaphone.recordingsmanager', httpsUri: 'https://ap.example.com/example.com/recordings/innovaphone.recordingsmanager' };
const base = 'https://ap.example.com/example.com/recordings';

const form = (over: Partial<M.AppObjectForm> = {}): M.AppObjectForm => ({
  type: 'user', title: ' Recordings ', name: ' recordings ', checkmarks: { ...M.DEFAULT_CHECKMARKS.user }, reports: 'reports',
  templates: ['Standard'], accessList: ['bob'], deleteMode: 'recoverable', ...over,
});

describe('item → instance URL, path, socket (reference §3.2, §3.3)', () => {
  it('derives the same base and path from a 13r1 and a 14r1 item', () => {
    expect(M.instanceBase(item13)).toBe(base);
    expect(M.instanceBase(item14)).toBe(base);
    expect(M.instancePath(item13)).toBe('example.com/recordings');
    expect(M.instancePath(item14)).toBe('example.com/recordings');
  });
  it('opens the instance connection at "ws" + uri.slice(4)', () => {
    expect(M.instanceSocketUrl(item13)).toBe('wss://ap.example.com/example.com/recordings/innovaphone.recordingsmanager');
    expect(M.instanceSocketUrl({ ap: 'ap', uri: 'http://h:1/d/i/x' })).toBe('ws://h:1/d/i/x');
  });
  it('recognises the type from the URL’s last segment only', () => {
    expect(M.typeOfUrl(`${base}/innovaphone-recordings`)).toBe('user');
    expect(M.typeOfUrl(`${base}/innovaphone-recordingsadmin`)).toBe('admin');
    expect(M.typeOfUrl(`${base}/innovaphone-recordings.htm`)).toBe('user');
    expect(M.typeOfUrl(`${base}/innovaphone-recordings/`)).toBe('user');
    expect(M.typeOfUrl('https://x/innovaphone-recordings/other')).toBeNull();
    expect(M.typeOfUrl(`${base}/innovaphone-reporting`)).toBeNull();
    expect(M.appUrl(base, 'admin')).toBe(`${base}/innovaphone-recordingsadmin`);
  });
  it('recognises the softphone panel type (…/innovaphone-recordings-latest) and builds its URL', () => {
    expect(M.typeOfUrl(`${base}/innovaphone-recordings-latest`)).toBe('panel');
    expect(M.typeOfUrl(`${base}/innovaphone-recordings-latest.htm?name=x`)).toBe('panel');
    expect(M.typeOfUrl(`${base}/innovaphone-recordings-latest/`)).toBe('panel');
    expect(M.typeOfUrl(`${base}/innovaphone-recordings-latest2`)).toBeNull();
    expect(M.typeOfUrl(`${base}/innovaphone-recordings-latest/x`)).toBeNull();
    expect(M.appUrl(base, 'panel')).toBe(`${base}/innovaphone-recordings-latest`);
    expect(M.appUrl(base, 'user')).toBe(`${base}/innovaphone-recordings`);
    for (const t of ['user', 'admin', 'panel'] as const) expect(M.typeOfUrl(M.appUrl(base, t))).toBe(t);
  });
  it('proposes names per type: recordings, recordingspanel, recordingsadmin, then numbered', () => {
    expect(M.defaultNaming('user', 0)).toEqual({ name: 'recordings', title: 'Recordings' });
    expect(M.defaultNaming('panel', 0)).toEqual({ name: 'recordingspanel', title: 'Recordings Panel' });
    expect(M.defaultNaming('panel', 1)).toEqual({ name: 'recordingspanel2', title: 'Recordings Panel' });
    expect(M.defaultNaming('admin', 2)).toEqual({ name: 'recordingsadmin3', title: 'Recordings Admin' });
    for (const t of ['user', 'admin', 'panel'] as const) expect(M.NAME_RE.test(M.defaultNaming(t, 9).name)).toBe(true);
  });
});

describe('PbxAdminApi requests (reference §3.4, §3.5)', () => {
  it('GetAppObjects filters by the instance URL; GetObject, DeleteObject, GetAppLogin, GetAppLics, SearchUsers carry the documented fields', () => {
    expect(M.getAppObjects(base)).toEqual({ api: 'PbxAdminApi', mt: 'GetAppObjects', uri: base });
    expect(M.getAppObjects()).toEqual({ api: 'PbxAdminApi', mt: 'GetAppObjects' });
    expect(M.getConfigObjects()).toEqual({ api: 'PbxAdminApi', mt: 'GetConfigObjects', limit: 50 });
    expect(M.getConfigObjects('Standard')).toEqual({ api: 'PbxAdminApi', mt: 'GetConfigObjects', limit: 50, more: 'Standard' });
    expect(M.getObjectByCn('Standard')).toEqual({ api: 'PbxAdminApi', mt: 'GetObject', cn: 'Standard' });
    expect(M.deleteObject('g1')).toEqual({ api: 'PbxAdminApi', mt: 'DeleteObject', guid: 'g1' });
    expect(M.getAppLogin('recordings', '1234')).toEqual({ api: 'PbxAdminApi', mt: 'GetAppLogin', app: 'recordings', challenge: '1234' });
    expect(M.getAppLics()).toEqual({ api: 'PbxAdminApi', mt: 'GetAppLics' });
    expect(M.searchUsers('Bo')).toEqual({ api: 'PbxAdminApi', mt: 'SearchUsers', cn: 'Bo', includeMatch: true, limit: 20 });
  });

  it('UpdateObject of a new user App object: cn, h323, hide, URL + Websocket/Admin/Services, Reports in apps, fresh pwd', () => {
    expect(M.updateAppObject(form(), base, { pwd: 'P'.repeat(16) })).toEqual({
      api: 'PbxAdminApi', mt: 'UpdateObject', cn: 'Recordings', h323: 'recordings', hide: true, apps: 'reports', pwd: 'P'.repeat(16),
      pseudo: { type: 'app', app: { url: `${base}/innovaphone-recordings`, websocket: true, admin: true, services: true } },
    });
  });

  it('UpdateObject of a softphone panel App object: the -latest URL with the user object’s checkmarks', () => {
    expect(M.DEFAULT_CHECKMARKS.panel).toEqual(M.DEFAULT_CHECKMARKS.user);
    const m = M.updateAppObject(form({ type: 'panel', title: 'Panel', name: 'recordingspanel', checkmarks: { ...M.DEFAULT_CHECKMARKS.panel } }), base, { copyPwd: 'recordings' });
    expect(m).toEqual({
      api: 'PbxAdminApi', mt: 'UpdateObject', cn: 'Panel', h323: 'recordingspanel', hide: true, apps: 'reports', copyPwd: 'recordings',
      pseudo: { type: 'app', app: { url: `${base}/innovaphone-recordings-latest`, websocket: true, admin: true, services: true } },
    });
  });

  it('copyPwd wins over pwd; an edit keeps the guid and sends no password when none is given', () => {
    const m = M.updateAppObject(form({ guid: 'g7', type: 'admin', checkmarks: { ...M.DEFAULT_CHECKMARKS.admin }, reports: '' }), base, { copyPwd: 'recordings', pwd: 'ignored' });
    expect(m).toMatchObject({ guid: 'g7', copyPwd: 'recordings', apps: '', pseudo: { type: 'app', app: { url: `${base}/innovaphone-recordingsadmin`, websocket: false, admin: false, services: false } } });
    expect(m).not.toHaveProperty('pwd');
    expect(M.updateAppObject(form({ reports: 'reports2' }), base, {}, ['other', 'reports2']).apps).toBe('other,reports2');
    expect(M.updateAppObject(form({ reports: '' }), base, {}, ['other']).apps).toBe('other');
    const edit = M.updateAppObject(form({ guid: 'g7' }), base, {});
    expect(edit).not.toHaveProperty('pwd');
    expect(edit).not.toHaveProperty('copyPwd');
    expect(M.updatePassword('g7', { copyPwd: 'good' })).toEqual({ api: 'PbxAdminApi', mt: 'UpdateObject', guid: 'g7', copyPwd: 'good' });
    expect(M.updatePassword('g7', { pwd: 'new-pass' })).toEqual({ api: 'PbxAdminApi', mt: 'UpdateObject', guid: 'g7', pwd: 'new-pass' });
  });

  it('template grants: UpdateObject{guid, cn, apps} with the comma list; unchanged lists send nothing; a rename moves the grant', () => {
    expect(M.templateApps(['a', 'b'], 'rec', true)).toEqual(['a', 'b', 'rec']);
    expect(M.templateApps(['a', 'rec'], 'rec', true)).toBeNull();
    expect(M.templateApps(['a', 'rec'], 'rec', false)).toEqual(['a']);
    expect(M.templateApps(['a'], 'rec', false)).toBeNull();
    expect(M.templateApps(['old', 'a'], 'new', true, 'old')).toEqual(['a', 'new']);
    expect(M.templateApps(['old', 'a'], 'new', false, 'old')).toEqual(['a']);
    expect(M.updateTemplate({ guid: 'g', cn: 'Standard' }, ['a', 'rec'])).toEqual({ api: 'PbxAdminApi', mt: 'UpdateObject', guid: 'g', cn: 'Standard', apps: 'a,rec' });
    expect(M.splitApps(' a, b ,,c')).toEqual(['a', 'b', 'c']);
    expect(M.splitApps(undefined)).toEqual([]);
  });
});

describe('manager API and instance messages (reference §3.3, §1.3; docs/protocol.md)', () => {
  it('GetInstanceLogin{path, app, challenge}, SetInstancePassword{path, pwd}', () => {
    expect(M.getInstanceLogin('example.com/recordings', '-', '42')).toEqual({ mt: 'GetInstanceLogin', path: 'example.com/recordings', app: '-', challenge: '42' });
    expect(M.setInstancePassword('example.com/recordings', 'pw')).toEqual({ mt: 'SetInstancePassword', path: 'example.com/recordings', pwd: 'pw' });
  });
  it('AppCheckLogin{app, domain, challenge, digest} from a GetAppLoginResult, domain from the PBX when the result has none', () => {
    expect(M.appCheckLogin({ app: 'rec', domain: 'pbx.dom', digest: 'ab' }, '99', 'x')).toEqual({ mt: 'AppCheckLogin', app: 'rec', domain: 'pbx.dom', challenge: '99', digest: 'ab' });
    expect(M.appCheckLogin({ app: 'rec', digest: 'ab' }, '99', 'example.com').domain).toBe('example.com');
  });
  it('SetAppObjectConfig and the default config of an App object the instance has not seen', () => {
    expect(M.setAppObjectConfig('rec', ['bob', '202'], 'permanent')).toEqual({ mt: 'SetAppObjectConfig', appObject: 'rec', accessList: ['bob', '202'], deleteMode: 'permanent' });
    expect(M.listAppObjectConfigs()).toEqual({ mt: 'ListAppObjectConfigs' });
    expect(M.configOf([], 'x')).toEqual({ appObject: 'x', accessList: [], deleteMode: 'recoverable', updatedAt: null });
  });
});

describe('validation and secrets', () => {
  it('access-list entries are names or numbers; invalid ones are reported, duplicates dropped', () => {
    expect(M.parseAccessEntries('bob, 202;carol\n+49301234, bob')).toEqual({ entries: ['bob', '202', 'carol', '+49301234'], invalid: [] });
    expect(M.parseAccessEntries('bob, Bob Brown, a/b, -x')).toEqual({ entries: ['bob'], invalid: ['Bob Brown', 'a/b', '-x'] });
    expect(M.parseAccessEntries('  ')).toEqual({ entries: [], invalid: [] });
    expect(M.NAME_RE.test('recordings-2')).toBe(true);
    expect(M.NAME_RE.test('with space')).toBe(false);
  });
  it('passwords are 16 characters of the alphabet, unbiased by rejection; challenges are 16 digits', () => {
    const p = M.randomPassword();
    expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]{16}$/);
    expect(M.randomPassword()).not.toBe(p);
    // bytes ≥ 228 (= 256 − 256 % 57) are rejected, so an all-255 source alone never completes a character
    let calls = 0;
    const pw = M.randomPassword(4, (n) => (++calls === 1 ? new Uint8Array(n).fill(255) : new Uint8Array(n).fill(0)));
    expect(pw).toBe('AAAA');
    expect(calls).toBe(2);
    expect(M.randomChallenge()).toMatch(/^\d{16}$/);
  });
});

describe('texts', () => {
  it('de has every key of en, non-empty, with the same placeholders', () => {
    for (const k of Object.keys(en) as (keyof typeof en)[]) {
      expect(de[k], k).toBeTruthy();
      expect((de[k].match(/\$\d/g) ?? []).sort(), k).toEqual((en[k].match(/\$\d/g) ?? []).sort());
    }
    expect(format(de, 'licenses', 3, 10)).toBe('App(innovaphone-recorder)-Lizenzen: 3 von 10 belegt');
    expect(format(undefined, 'pluginTitle')).toBe('Recordings');
  });
  it('every object type has its name in en and de', () => {
    expect((['user', 'admin', 'panel'] as const).map((t) => format(en, TYPE_TEXT[t]))).toEqual(['User', 'Admin', 'Softphone panel']);
    expect((['user', 'admin', 'panel'] as const).map((t) => format(de, TYPE_TEXT[t]))).toEqual(['Benutzer', 'Admin', 'Softphone-Panel']);
    expect(format(de, 'addPanel')).toBe('Softphone-Panel-App-Objekt hinzufügen');
  });
});
