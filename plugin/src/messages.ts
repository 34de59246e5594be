// Building and reading the plugin's messages. Field lists follow reference §3.3 – §3.6 (PbxAdminApi,
// manager API, AppCheckLogin) and docs/protocol.md (the instance's App-object settings). Pure
// functions: unit-tested in test/plugin/messages.test.ts against those field lists.
import type { AppObjectConfigInfo, DeleteMode } from '../../src/shared/messages.js';
import type { PluginItem } from './host-types.js';

type Msg = Record<string, unknown>;

export const USER_APP = 'innovaphone-recordings';
export const ADMIN_APP = 'innovaphone-recordingsadmin';
/** The softphone panel page (innovaphone-recordings-latest.htm): the service treats its logins as user logins. */
export const PANEL_APP = 'innovaphone-recordings-latest';
export const REPORTS_APP = 'innovaphone-reporting';
export const LICENSE = 'App(innovaphone-recorder)';

export type ObjectType = 'user' | 'admin' | 'panel';

const APP_OF_TYPE: Record<ObjectType, string> = { user: USER_APP, admin: ADMIN_APP, panel: PANEL_APP };

/** Checkmarks a Recordings App object carries (reference §3.5: Websocket, Admin, Services for the user object). */
export interface Checkmarks { websocket: boolean; admin: boolean; services: boolean }

export const DEFAULT_CHECKMARKS: Record<ObjectType, Checkmarks> = {
  user: { websocket: true, admin: true, services: true },
  // The admin UI talks to the instance itself; the PBX connection comes from the user object.
  admin: { websocket: false, admin: false, services: false },
  // The panel shows the user's own recordings like the user app, so it needs the same APIs.
  panel: { websocket: true, admin: true, services: true },
};

const DEFAULT_NAMING: Record<ObjectType, { name: string; title: string }> = {
  user: { name: 'recordings', title: 'Recordings' },
  admin: { name: 'recordingsadmin', title: 'Recordings Admin' },
  panel: { name: 'recordingspanel', title: 'Recordings Panel' },
};

/** Name and title proposed for a new object when `existing` objects of its type are there already (2nd gets …2). */
export function defaultNaming(type: ObjectType, existing: number): { name: string; title: string } {
  const d = DEFAULT_NAMING[type];
  return { name: existing ? `${d.name}${existing + 1}` : d.name, title: d.title };
}

/** Instance base URL (`http(s)://ap/<domain>/<instance>`): 14r1 `httpsUri`, else the 13r1 `uri`, minus the file. */
export function instanceBase(item: PluginItem): string {
  const u = item.httpsUri ?? item.uri;
  return u.slice(0, u.lastIndexOf('/'));
}

/** Webserver path `<domain>/<instance>` for the manager API (14r1 from `apUri`, 13r1 from `uri`). */
export function instancePath(item: PluginItem): string {
  if (item.apUri) return item.apUri.slice(0, item.apUri.lastIndexOf('/'));
  return item.uri.slice(item.uri.indexOf('/', 8) + 1, item.uri.lastIndexOf('/'));
}

/** WebSocket URL of the plugin's own instance connection: "ws" + uri without "http" (reference §3.3). */
export function instanceSocketUrl(item: PluginItem): string {
  return 'ws' + item.uri.slice(4);
}

export function appUrl(base: string, type: ObjectType): string {
  return `${base}/${APP_OF_TYPE[type]}`;
}

/** Type from the URL's last segment; null for anything that is not one of our three apps. */
export function typeOfUrl(url: string): ObjectType | null {
  const last = url.replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop() ?? '';
  const name = last.replace(/\.htm$/, '');
  return (Object.keys(APP_OF_TYPE) as ObjectType[]).find((t) => APP_OF_TYPE[t] === name) ?? null;
}

export function splitApps(apps: unknown): string[] {
  return typeof apps === 'string' ? apps.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

// ---- PbxAdminApi ---------------------------------------------------------------------------------

export const getAppObjects = (uri?: string): Msg => ({ api: 'PbxAdminApi', mt: 'GetAppObjects', ...(uri !== undefined ? { uri } : {}) });
export const getConfigObjects = (more?: string): Msg => ({ api: 'PbxAdminApi', mt: 'GetConfigObjects', limit: 50, ...(more ? { more } : {}) });
export const getObjectByCn = (cn: string): Msg => ({ api: 'PbxAdminApi', mt: 'GetObject', cn });
export const getObjectByGuid = (guid: string): Msg => ({ api: 'PbxAdminApi', mt: 'GetObject', guid });
export const deleteObject = (guid: string): Msg => ({ api: 'PbxAdminApi', mt: 'DeleteObject', guid });
export const getAppLogin = (sip: string, challenge: string): Msg => ({ api: 'PbxAdminApi', mt: 'GetAppLogin', app: sip, challenge });
export const getAppLics = (): Msg => ({ api: 'PbxAdminApi', mt: 'GetAppLics' });
/** Users from `cn` on (the API pages by the last cn; includeMatch keeps an exact hit), at most 20. */
export const searchUsers = (cn: string): Msg => ({ api: 'PbxAdminApi', mt: 'SearchUsers', cn, includeMatch: true, limit: 20 });

export interface AppObjectForm {
  /** existing object; absent = create */
  guid?: string;
  type: ObjectType;
  title: string;
  name: string;
  checkmarks: Checkmarks;
  /** h323 of the Reports App object written to the object's Apps list; '' = none */
  reports: string;
  /** config template cns whose users may use the object */
  templates: string[];
  accessList: string[];
  deleteMode: DeleteMode;
}

/**
 * UpdateObject for a Recordings App object (reference §3.5): cn = title, h323 = name, hidden from
 * LDAP, the App URL of the type and the checkmarks, the Reports app in `apps` next to `otherApps`. The password:
 * `copyPwd` from an object known to match the instance, else a fresh `pwd` (followed by
 * SetInstancePassword); neither when an edited object's password already matches.
 */
export function updateAppObject(form: AppObjectForm, base: string, password: { copyPwd?: string; pwd?: string }, otherApps: string[] = []): Msg {
  const m: Msg = {
    api: 'PbxAdminApi', mt: 'UpdateObject', cn: form.title.trim(), h323: form.name.trim(), hide: true,
    // The Apps tab may hold more than the Reports app (set elsewhere): those entries stay.
    apps: [...otherApps.filter((a) => a !== form.reports), ...(form.reports ? [form.reports] : [])].join(','),
    pseudo: { type: 'app', app: { url: appUrl(base, form.type), ...form.checkmarks } },
  };
  if (form.guid) m.guid = form.guid;
  if (password.copyPwd) m.copyPwd = password.copyPwd;
  else if (password.pwd) m.pwd = password.pwd;
  return m;
}

/** A password fix: copy from a good object, or a fresh one (followed by SetInstancePassword). */
export function updatePassword(guid: string, password: { copyPwd?: string; pwd?: string }): Msg {
  const m: Msg = { api: 'PbxAdminApi', mt: 'UpdateObject', guid };
  if (password.copyPwd) m.copyPwd = password.copyPwd;
  else m.pwd = password.pwd;
  return m;
}

/** A template's new Apps list with `name` granted or withdrawn (and `oldName` withdrawn after a rename); null = unchanged. */
export function templateApps(current: string[], name: string, grant: boolean, oldName?: string): string[] | null {
  let next = current.filter((a) => a !== oldName || oldName === name);
  const has = next.includes(name);
  if (grant && !has) next = [...next, name];
  if (!grant && has) next = next.filter((a) => a !== name);
  return next.length === current.length && next.every((a, i) => a === current[i]) ? null : next;
}

export const updateTemplate = (t: { guid: string; cn: string }, apps: string[]): Msg =>
  ({ api: 'PbxAdminApi', mt: 'UpdateObject', guid: t.guid, cn: t.cn, apps: apps.join(',') });

// ---- manager API, instance -------------------------------------------------------------------------

export const getInstanceLogin = (path: string, app: string, challenge: string): Msg => ({ mt: 'GetInstanceLogin', path, app, challenge });
export const setInstancePassword = (path: string, pwd: string): Msg => ({ mt: 'SetInstancePassword', path, pwd });
/** Checks a digest from GetAppLogin against the instance password (reference §1.3, §3.4). */
export const appCheckLogin = (r: { app?: unknown; domain?: unknown; digest?: unknown }, challenge: string, fallbackDomain: string): Msg =>
  ({ mt: 'AppCheckLogin', app: r.app, domain: typeof r.domain === 'string' ? r.domain : fallbackDomain, challenge, digest: r.digest });
export const listAppObjectConfigs = (): Msg => ({ mt: 'ListAppObjectConfigs' });
export const setAppObjectConfig = (appObject: string, accessList: string[], deleteMode: DeleteMode): Msg =>
  ({ mt: 'SetAppObjectConfig', appObject, accessList, deleteMode });

export function configOf(configs: AppObjectConfigInfo[], name: string): AppObjectConfigInfo {
  return configs.find((c) => c.appObject === name) ?? { appObject: name, accessList: [], deleteMode: 'recoverable', updatedAt: null };
}

// ---- validation ------------------------------------------------------------------------------------

export const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const ACCESS_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/;
const ACCESS_NUMBER_RE = /^\+?[0-9*#]{1,32}$/;
export const ACCESS_MAX = 1000;

/**
 * Access-list entries from typed text: split at commas, semicolons and line breaks, duplicates
 * dropped; every entry must be a user name (h323) or a number. Invalid entries (a display name
 * with a space, stray characters) are reported, not dropped or split into guesses.
 */
export function parseAccessEntries(text: string): { entries: string[]; invalid: string[] } {
  const entries: string[] = [];
  const invalid: string[] = [];
  for (const raw of text.split(/[,;\n]+/)) {
    const e = raw.trim();
    if (e === '') continue;
    if (!ACCESS_NAME_RE.test(e) && !ACCESS_NUMBER_RE.test(e)) invalid.push(e);
    else if (!entries.includes(e)) entries.push(e);
  }
  return { entries, invalid };
}

/** 16 characters from an unambiguous alphabet, from the browser's CSPRNG (like innovaphone.Manager.randomPwd(16)). */
export function randomPassword(length = 16, random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let out = '';
  // Rejection sampling keeps every character equally likely.
  while (out.length < length) {
    for (const b of random(length * 2)) {
      if (b < 256 - (256 % alphabet.length) && out.length < length) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}

/** A fresh challenge for the password check: 16 digits (the template uses a fixed "1234"; a fresh one proves more). */
export function randomChallenge(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  return [...random(16)].map((b) => String(b % 10)).join('');
}
