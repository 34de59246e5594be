// What the plugin does, without any DOM: read the App objects of this instance with their
// password check, templates, settings and licences; save, fix, delete. Elements only call this.
import type { AppObjectConfigInfo, DeleteMode } from '../../src/shared/messages.js';
import type { AppConnection, ManagerConsumer } from './host-types.js';
import * as M from './messages.js';
import { managerRequest, request } from './pbx-client.js';

type Msg = Record<string, unknown>;

export interface AppObjectRow {
  guid: string;
  title: string;
  sip: string;
  url: string;
  type: M.ObjectType;
  /** the App object's WebSocket to the instance is up (only meaningful with the Websocket checkmark) */
  connected: boolean;
  checkmarks: M.Checkmarks;
  /** true: its password matches the instance; false: it differs; null: could not be checked */
  passwordOk: boolean | null;
  reports: string;
  /** the rest of the object's Apps list, kept as it is */
  otherApps: string[];
  templates: string[];
  config: AppObjectConfigInfo;
}

const TYPE_ORDER: Record<M.ObjectType, number> = { user: 0, panel: 1, admin: 2 };

export interface Template { guid: string; cn: string; apps: string[] }
export interface ReportsApp { sip: string; title: string }
export interface LicenseCount { used: number; count: number }

export interface ManagerState {
  objects: AppObjectRow[];
  templates: Template[];
  reports: ReportsApp[];
  license: LicenseCount | null;
}

export interface UserHit { h323: string; cn: string; e164?: string }

export interface ModelContext {
  pbx: AppConnection;
  manager: ManagerConsumer;
  /** provider of the manager API (`item.ap`) */
  ap: string;
  /** the instance connection; null while it is not logged in */
  instance: () => AppConnection | null;
  base: string;
  path: string;
  domain: string;
}

export class ManagerModel {
  private state: ManagerState = { objects: [], templates: [], reports: [], license: null };

  constructor(private readonly ctx: ModelContext) {}

  get current(): ManagerState {
    return this.state;
  }

  private pbx(msg: Msg): Promise<Msg> {
    return request(this.ctx.pbx, 'pbx', msg);
  }

  private inst(msg: Msg): Promise<Msg> {
    const c = this.ctx.instance();
    if (!c) return Promise.reject(new Error('instance not connected'));
    return request(c, 'instance', msg);
  }

  async load(): Promise<ManagerState> {
    const [ours, all, templates, license, configs] = await Promise.all([
      this.pbx(M.getAppObjects(this.ctx.base)),
      this.pbx(M.getAppObjects()),
      this.loadTemplates(),
      this.pbx(M.getAppLics()).then(readLicense, () => null),
      this.ctx.instance() ? this.inst(M.listAppObjectConfigs()).then((r) => (r.configs as AppObjectConfigInfo[]) ?? []) : Promise.resolve(null),
    ]);
    const reports = ((all.objects as Msg[]) ?? [])
      .filter((o) => typeof o.url === 'string' && (o.url as string).replace(/\/+$/, '').endsWith('/' + M.REPORTS_APP))
      .map((o) => ({ sip: String(o.sip), title: String(o.title ?? o.sip) }));
    const list = ((ours.objects as Msg[]) ?? []).filter((o) => typeof o.url === 'string' && M.typeOfUrl(o.url as string) !== null);
    const objects = await Promise.all(list.map(async (o): Promise<AppObjectRow> => {
      const sip = String(o.sip);
      const detail = await this.pbx(M.getObjectByGuid(String(o.guid)));
      const app = ((detail.pseudo as Msg | undefined)?.app ?? {}) as Msg;
      const type = M.typeOfUrl(String(o.url))!;
      return {
        guid: String(o.guid), title: String(o.title ?? detail.cn ?? sip), sip, url: String(o.url), type,
        connected: o.connected === true,
        checkmarks: { websocket: app.websocket === true, admin: app.admin === true, services: app.services === true },
        passwordOk: await this.checkPassword(sip),
        reports: M.splitApps(detail.apps).find((a) => reports.some((r) => r.sip === a)) ?? '',
        otherApps: M.splitApps(detail.apps).filter((a) => !reports.some((r) => r.sip === a)),
        templates: templates.filter((t) => t.apps.includes(sip)).map((t) => t.cn),
        config: configs ? M.configOf(configs, sip) : M.configOf([], sip),
      };
    }));
    // User objects first: they are what users reach the app through; then the panel, then admin.
    objects.sort((a, b) => (a.type === b.type ? a.title.localeCompare(b.title) : TYPE_ORDER[a.type] - TYPE_ORDER[b.type]));
    this.state = { objects, templates, reports, license };
    return this.state;
  }

  /** Only the connection flags (GetAppObjects): cheap enough to poll while the list is shown. */
  async refreshConnections(): Promise<ManagerState> {
    const r = await this.pbx(M.getAppObjects(this.ctx.base));
    const up = new Map(((r.objects as Msg[]) ?? []).map((o) => [String(o.sip), o.connected === true]));
    this.state = { ...this.state, objects: this.state.objects.map((o) => ({ ...o, connected: up.get(o.sip) ?? false })) };
    return this.state;
  }

  private async loadTemplates(): Promise<Template[]> {
    const cns: string[] = [];
    let more: string | undefined;
    do {
      const r = await this.pbx(M.getConfigObjects(more));
      for (const o of (r.objects as Msg[]) ?? []) cns.push(String(o.cn));
      more = typeof r.more === 'string' && r.more !== '' ? r.more : undefined;
    } while (more);
    return Promise.all(cns.map(async (cn) => {
      const o = await this.pbx(M.getObjectByCn(cn));
      return { guid: String(o.guid), cn, apps: M.splitApps(o.apps) };
    }));
  }

  /** GetAppLogin on the PBX, AppCheckLogin on the instance (reference §3.6 step 2). */
  async checkPassword(sip: string): Promise<boolean | null> {
    if (!this.ctx.instance()) return null;
    const challenge = M.randomChallenge();
    try {
      const login = await this.pbx(M.getAppLogin(sip, challenge));
      const r = await this.inst(M.appCheckLogin(login, challenge, this.ctx.domain));
      return r.ok === true;
    } catch {
      return null;
    }
  }

  /** An object whose password matches the instance: the copyPwd source. */
  private goodSource(except?: string): string | undefined {
    return this.state.objects.find((o) => o.passwordOk === true && o.sip !== except)?.sip;
  }

  /** Creates or updates an App object, its template grants and its instance settings. Returns true when a new instance password was set. */
  async save(form: M.AppObjectForm): Promise<boolean> {
    const before = form.guid ? this.state.objects.find((o) => o.guid === form.guid) : undefined;
    let password: { copyPwd?: string; pwd?: string } = {};
    if (!before || before.passwordOk !== true) {
      const copyPwd = this.goodSource(before?.sip);
      password = copyPwd ? { copyPwd } : { pwd: M.randomPassword(16) };
    }
    await this.pbx(M.updateAppObject(form, this.ctx.base, password, before?.otherApps ?? []));
    for (const t of this.state.templates) {
      const next = M.templateApps(t.apps, form.name, form.templates.includes(t.cn), before?.sip);
      if (next) await this.pbx(M.updateTemplate(t, next));
    }
    if (password.pwd) await managerRequest(this.ctx.manager, this.ctx.ap, M.setInstancePassword(this.ctx.path, password.pwd));
    await this.inst(M.setAppObjectConfig(form.name, form.accessList, form.deleteMode));
    return password.pwd !== undefined;
  }

  /** Makes an object's password match the instance again. Returns true when a new instance password was set. */
  async fixPassword(row: AppObjectRow): Promise<boolean> {
    const copyPwd = this.goodSource(row.sip);
    const password = copyPwd ? { copyPwd } : { pwd: M.randomPassword(16) };
    await this.pbx(M.updatePassword(row.guid, password));
    if (password.pwd) await managerRequest(this.ctx.manager, this.ctx.ap, M.setInstancePassword(this.ctx.path, password.pwd));
    return password.pwd !== undefined;
  }

  /** Withdraws the object from every template, then deletes it. */
  async remove(row: AppObjectRow): Promise<void> {
    for (const t of this.state.templates) {
      const next = M.templateApps(t.apps, row.sip, false);
      if (next) await this.pbx(M.updateTemplate(t, next));
    }
    await this.pbx(M.deleteObject(row.guid));
  }

  /** PBX users whose long name or name starts with `text` (SearchUsers pages by cn). */
  async searchUsers(text: string): Promise<UserHit[]> {
    const r = await this.pbx(M.searchUsers(text));
    const key = text.toLowerCase();
    return ((r.user as Msg[]) ?? [])
      .map((u) => ({ h323: String(u.h323), cn: String(u.cn ?? u.h323), ...(typeof u.e164 === 'string' ? { e164: u.e164 } : {}) }))
      .filter((u) => key === '' || u.cn.toLowerCase().startsWith(key) || u.h323.toLowerCase().startsWith(key) || (u.e164 ?? '').startsWith(key));
  }

  /** The name is free, or belongs to the object being edited. */
  async nameFree(name: string, guid?: string): Promise<boolean> {
    try {
      const o = await this.pbx({ api: 'PbxAdminApi', mt: 'GetObject', h323: name });
      return o.guid === guid;
    } catch {
      return true;
    }
  }
}

function readLicense(r: Msg): LicenseCount | null {
  const l = ((r.lic as Msg[]) ?? []).find((x) => x.name === M.LICENSE);
  return l ? { used: Number(l.used ?? 0), count: Number(l.count ?? 0) } : null;
}

export type { DeleteMode };
