// The plugin's model over scripted PBX, manager and instance connections: which password path a
// save takes (copyPwd / fresh pwd + SetInstancePassword / none), template grants on rename and
// delete, and errors that name the side and the request.
import { describe, expect, it } from 'vitest';
import type { AppConnection, ManagerConsumer } from '../../plugin/src/host-types.js';
import { ManagerModel } from '../../plugin/src/manager-model.js';
import type { AppObjectForm } from '../../plugin/src/messages.js';
import { RequestError } from '../../plugin/src/pbx-client.js';

type Msg = Record<string, any>;
const base = 'http://ap/example.com/recordings';

/** A connection whose replies come from `answer`; every request is recorded in `sent`. */
function scripted(answer: (m: Msg) => Msg | undefined): AppConnection & { sent: Msg[] } {
  const sent: Msg[] = [];
  const conn = {
    domain: 'example.com', sent,
    send() {}, login() {},
    Src: class {
      src = `s${sent.length}`;
      constructor(private readonly handler: (m: Msg) => void) {}
      send(m: Msg) {
        sent.push(m);
        const r = answer(m);
        if (r) queueMicrotask(() => this.handler({ ...r, src: this.src }));
      }
      close() {}
    },
  };
  return conn as unknown as AppConnection & { sent: Msg[] };
}

function managerOf(answer: (m: Msg) => Msg): ManagerConsumer & { sent: Msg[] } {
  const sent: Msg[] = [];
  return {
    sent,
    Src: class {
      src = 'm';
      constructor(private readonly handler: (o: { msg: Msg }) => void) {}
      send(m: Msg) { sent.push(m); queueMicrotask(() => this.handler({ msg: answer(m) })); }
      close() {}
    },
  } as unknown as ManagerConsumer & { sent: Msg[] };
}

/** A PBX with the given App objects (sip → password ok?) and two templates. */
function setup(objects: { sip: string; ok: boolean; app?: string }[], pbxError?: (m: Msg) => string | undefined) {
  const templates: Record<string, string> = { Standard: objects.map((o) => o.sip).join(','), Supervisors: '' };
  const pbx = scripted((m) => {
    const err = pbxError?.(m);
    if (err) return { mt: `${m.mt}Result`, error: err };
    switch (m.mt) {
      case 'GetAppObjects': return { mt: 'GetAppObjectsResult', objects: objects.map((o) => ({ title: o.sip, sip: o.sip, guid: `g-${o.sip}`, url: `${base}/${o.app ?? 'innovaphone-recordings'}`, connected: true })) };
      case 'GetObject': return m.cn ? { mt: 'GetObjectResult', guid: `t-${m.cn}`, cn: m.cn, apps: templates[m.cn] } : { mt: 'GetObjectResult', guid: m.guid, apps: '', pseudo: { type: 'app', app: { websocket: true } } };
      case 'GetConfigObjects': return { mt: 'GetConfigObjectsResult', objects: [{ cn: 'Standard' }, { cn: 'Supervisors' }] };
      case 'GetAppLics': return { mt: 'GetAppLicsResult', lic: [{ name: 'App(innovaphone-recorder)', count: 5, used: 2 }] };
      case 'GetAppLogin': return { mt: 'GetAppLoginResult', app: m.app, domain: 'example.com', digest: objects.find((o) => o.sip === m.app)?.ok ? 'good' : 'bad' };
      default: return { mt: `${m.mt}Result` };
    }
  });
  const instance = scripted((m) => {
    if (m.mt === 'AppCheckLogin') return { mt: 'AppCheckLoginResult', ok: m.digest === 'good' };
    if (m.mt === 'ListAppObjectConfigs') return { mt: 'ListAppObjectConfigsResult', configs: [] };
    return { mt: `${m.mt}Result`, config: {} };
  });
  const manager = managerOf((m) => ({ mt: `${m.mt}Result` }));
  const model = new ManagerModel({ pbx, manager, ap: 'ap', instance: () => instance, base, path: 'example.com/recordings', domain: 'example.com' });
  return { pbx, instance, manager, model };
}

const form = (over: Partial<AppObjectForm> = {}): AppObjectForm => ({
  type: 'user', title: 'Recordings', name: 'rec2', checkmarks: { websocket: true, admin: true, services: true }, reports: '',
  templates: ['Supervisors'], accessList: ['bob'], deleteMode: 'permanent', ...over,
});

describe('ManagerModel', () => {
  it('loads rows with password state, template grants, licences', async () => {
    const { model } = setup([{ sip: 'rec', ok: true }, { sip: 'old', ok: false }]);
    const s = await model.load();
    expect(s.objects.map((o) => [o.sip, o.passwordOk, o.templates])).toEqual([['old', false, ['Standard']], ['rec', true, ['Standard']]]);
    expect(s.license).toEqual({ used: 2, count: 5 });
  });

  it('recognises softphone panel objects by URL, lists them after user and before admin objects, skips foreign apps', async () => {
    const { model } = setup([
      { sip: 'adm', ok: true, app: 'innovaphone-recordingsadmin' }, { sip: 'panel', ok: true, app: 'innovaphone-recordings-latest' },
      { sip: 'rep', ok: true, app: 'innovaphone-reporting' }, { sip: 'rec', ok: true },
    ]);
    const s = await model.load();
    expect(s.objects.map((o) => [o.sip, o.type, o.url])).toEqual([
      ['rec', 'user', `${base}/innovaphone-recordings`],
      ['panel', 'panel', `${base}/innovaphone-recordings-latest`],
      ['adm', 'admin', `${base}/innovaphone-recordingsadmin`],
    ]);
  });

  it('a new softphone panel object: -latest URL, password copied, access list and delete mode saved on the instance', async () => {
    const { model, pbx, manager, instance } = setup([{ sip: 'rec', ok: true }]);
    await model.load();
    expect(await model.save(form({ type: 'panel', name: 'recordingspanel', accessList: ['bob', '202'], deleteMode: 'recoverable' }))).toBe(false);
    expect(pbx.sent.find((m) => m.mt === 'UpdateObject')).toMatchObject({
      h323: 'recordingspanel', copyPwd: 'rec',
      pseudo: { type: 'app', app: { url: `${base}/innovaphone-recordings-latest`, websocket: true, admin: true, services: true } },
    });
    expect(manager.sent).toEqual([]);
    expect(instance.sent.at(-1)).toEqual({ mt: 'SetAppObjectConfig', appObject: 'recordingspanel', accessList: ['bob', '202'], deleteMode: 'recoverable' });
  });

  it('a new object copies the password of a good one: no SetInstancePassword', async () => {
    const { model, pbx, manager, instance } = setup([{ sip: 'rec', ok: true }]);
    await model.load();
    expect(await model.save(form())).toBe(false);
    const upd = pbx.sent.filter((m) => m.mt === 'UpdateObject');
    expect(upd[0]).toMatchObject({ h323: 'rec2', copyPwd: 'rec' });
    expect(upd[0]).not.toHaveProperty('pwd');
    expect(upd[1]).toEqual({ api: 'PbxAdminApi', mt: 'UpdateObject', guid: 't-Supervisors', cn: 'Supervisors', apps: 'rec2' });
    expect(upd).toHaveLength(2);
    expect(manager.sent).toEqual([]);
    expect(instance.sent.at(-1)).toEqual({ mt: 'SetAppObjectConfig', appObject: 'rec2', accessList: ['bob'], deleteMode: 'permanent' });
  });

  it('without a good object: a fresh pwd on the object, then the same one by SetInstancePassword', async () => {
    const { model, pbx, manager } = setup([{ sip: 'old', ok: false }]);
    await model.load();
    expect(await model.save(form())).toBe(true);
    const pwd = pbx.sent.find((m) => m.mt === 'UpdateObject')!.pwd;
    expect(pwd).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(manager.sent).toEqual([{ mt: 'SetInstancePassword', path: 'example.com/recordings', pwd }]);
  });

  it('editing a good object sends no password; a rename moves its template grant', async () => {
    const { model, pbx } = setup([{ sip: 'rec', ok: true }]);
    await model.load();
    await model.save(form({ guid: 'g-rec', name: 'rec-new', templates: ['Standard'] }));
    const upd = pbx.sent.filter((m) => m.mt === 'UpdateObject');
    expect(upd[0]).toMatchObject({ guid: 'g-rec', h323: 'rec-new' });
    expect(upd[0]).not.toHaveProperty('pwd');
    expect(upd[0]).not.toHaveProperty('copyPwd');
    expect(upd[1]).toMatchObject({ cn: 'Standard', apps: 'rec-new' });
  });

  it('fixing a drifted password copies from a good object; deleting withdraws grants first', async () => {
    const { model, pbx, manager } = setup([{ sip: 'rec', ok: true }, { sip: 'old', ok: false }]);
    const s = await model.load();
    expect(await model.fixPassword(s.objects.find((o) => o.sip === 'old')!)).toBe(false);
    expect(pbx.sent.at(-1)).toMatchObject({ mt: 'UpdateObject', guid: 'g-old', copyPwd: 'rec' });
    expect(manager.sent).toEqual([]);
    await model.remove(s.objects.find((o) => o.sip === 'old')!);
    expect(pbx.sent.slice(-2).map((m) => [m.mt, m.apps ?? m.guid])).toEqual([['UpdateObject', 'rec'], ['DeleteObject', 'g-old']]);
  });

  it('a refused request becomes a RequestError naming the side, the request and the reason', async () => {
    const { model } = setup([{ sip: 'rec', ok: true }], (m) => (m.mt === 'UpdateObject' && m.h323 ? 'the name "rec2" is in use' : undefined));
    await model.load();
    const e = await model.save(form()).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RequestError);
    expect(e).toMatchObject({ channel: 'pbx', request: 'UpdateObject', reason: 'the name "rec2" is in use' });
  });

  it('without an instance connection passwords are "not checked" and configs default', async () => {
    const { pbx, manager } = setup([{ sip: 'rec', ok: true }]);
    const model = new ManagerModel({ pbx, manager, ap: 'ap', instance: () => null, base, path: 'example.com/recordings', domain: 'example.com' });
    const s = await model.load();
    expect(s.objects[0]).toMatchObject({ passwordOk: null, config: { accessList: [], deleteMode: 'recoverable' } });
  });
});
