import { loginDigest } from '../ws/digest.js';
import { APP_FLAGS, PbxError, type AppSettings, type PbxObject, type PbxStore } from './store.js';

type Msg = Record<string, unknown>;

/** What the PbxAdminApi needs besides the store: the live state of App-object connections. */
export interface AdminApiContext {
  /** the App object's WebSocket to its service is up */
  connected(h323: string): boolean;
}

const str = (m: Msg, k: string): string | undefined => (typeof m[k] === 'string' ? (m[k] as string) : undefined);

/** Last URL segment: the app's HTML name (innovaphone-recordings …). */
export function appNameOfUrl(url: string): string {
  const clean = url.split(/[?#]/)[0]!.replace(/\/+$/, '');
  return clean.slice(clean.lastIndexOf('/') + 1);
}

function objectView(o: PbxObject): Msg {
  const v: Msg = { guid: o.guid, cn: o.cn, h323: o.h323 };
  if (o.dn !== undefined) v.dn = o.dn;
  if (o.e164 !== undefined) v.e164 = o.e164;
  if (o.hide !== undefined) v.hide = o.hide;
  if (o.critical !== undefined) v.critical = o.critical;
  if (o.apps !== undefined) v.apps = o.apps;
  if (o.config !== undefined) v.config = o.config;
  if (o.pseudo !== undefined) v.pseudo = o.pseudo;
  return v;
}

/** Validates the `pseudo` of an UpdateObject: only App objects and config templates are simulated. */
function parsePseudo(p: unknown): PbxObject['pseudo'] {
  if (typeof p !== 'object' || p === null) throw new PbxError('"pseudo" must be an object');
  const q = p as Msg;
  if (q.type === 'config') return { type: 'config' };
  if (q.type !== 'app') throw new PbxError(`pseudo type "${String(q.type)}" is not simulated (app, config)`);
  const a = q.app as Msg | undefined;
  if (typeof a !== 'object' || a === null || typeof a.url !== 'string' || !/^https?:\/\/\S+$/.test(a.url)) {
    throw new PbxError('an App object needs pseudo.app.url (http or https)');
  }
  const app: AppSettings = { url: a.url };
  for (const f of APP_FLAGS) {
    if (a[f] === undefined) continue;
    if (typeof a[f] !== 'boolean') throw new PbxError(`pseudo.app.${f} must be true or false`);
    app[f] = a[f] as boolean;
  }
  return { type: 'app', app };
}

function needUpdatePatch(m: Msg): Partial<PbxObject> & { copyPwd?: string } {
  const patch: Partial<PbxObject> & { copyPwd?: string } = {};
  for (const k of ['cn', 'h323', 'dn', 'e164', 'apps', 'config', 'pwd', 'copyPwd'] as const) {
    if (m[k] === undefined || m[k] === null) continue;
    if (typeof m[k] !== 'string') throw new PbxError(`"${k}" must be a string`);
    (patch as Msg)[k] = m[k];
  }
  for (const k of ['hide', 'critical'] as const) {
    if (m[k] === undefined) continue;
    // An integer instead of a boolean removes the value (the object inherits it from its template).
    if (typeof m[k] === 'number') patch[k] = null as unknown as undefined;
    else if (typeof m[k] !== 'boolean') throw new PbxError(`"${k}" must be true, false or an integer (remove)`);
    else patch[k] = m[k] as boolean;
  }
  if (m.pseudo !== undefined) patch.pseudo = parsePseudo(m.pseudo);
  if (patch.pwd !== undefined && patch.pwd.length > 64) throw new PbxError('"pwd" is longer than 64 characters');
  return patch;
}

function findObject(store: PbxStore, m: Msg): PbxObject {
  const guid = str(m, 'guid'), cn = str(m, 'cn'), h323 = str(m, 'h323');
  const o = guid ? store.byGuid(guid) : h323 ? store.byH323(h323) : cn ? store.byCn(cn) : undefined;
  if (!o) throw new PbxError(guid || h323 || cn ? `no object ${guid ?? h323 ?? cn}` : 'guid, h323 or cn needed');
  return o;
}

/** The answer to one PbxAdminApi request (reference §3.4), `src` and `api` echoed. */
export function handleAdminApi(store: PbxStore, m: Msg, ctx: AdminApiContext): Msg {
  const mt = String(m.mt);
  const reply: Msg = { api: 'PbxAdminApi', mt: `${mt}Result` };
  if (typeof m.src === 'string') reply.src = m.src;
  try {
    Object.assign(reply, answer(store, mt, m, ctx));
  } catch (e) {
    if (!(e instanceof PbxError)) throw e;
    reply.error = e.message;
  }
  return reply;
}

function answer(store: PbxStore, mt: string, m: Msg, ctx: AdminApiContext): Msg {
  switch (mt) {
    case 'GetAppObjects': {
      const uri = str(m, 'uri') ?? '';
      const objects = store.appObjects()
        .filter((o) => o.pseudo.app.url.startsWith(uri))
        .map((o) => ({ title: o.cn, app: appNameOfUrl(o.pseudo.app.url), url: o.pseudo.app.url, connected: ctx.connected(o.h323), guid: o.guid, sip: o.h323, pseudo: 'app' }));
      return { objects };
    }
    case 'GetConfigObjects': {
      const limit = Math.min(50, Math.max(1, typeof m.limit === 'number' ? m.limit : 50));
      const after = str(m, 'more');
      const all = store.templates().filter((t) => after === undefined || t.cn.localeCompare(after) > 0);
      const page = all.slice(0, limit);
      const r: Msg = { objects: page.map((t) => ({ cn: t.cn, config: [] })) };
      if (all.length > limit) r.more = page[page.length - 1]!.cn;
      return r;
    }
    case 'GetObject':
      return objectView(findObject(store, m));
    case 'UpdateObject': {
      const { obj, created } = store.update(needUpdatePatch(m), str(m, 'guid'));
      return created ? { guid: obj.guid } : {};
    }
    case 'DeleteObject': {
      const guid = str(m, 'guid');
      if (!guid) throw new PbxError('DeleteObject needs guid');
      store.delete(guid);
      return {};
    }
    case 'GetAppLogin': {
      const app = str(m, 'app'), challenge = str(m, 'challenge');
      if (!app || !challenge) throw new PbxError('GetAppLogin needs app and challenge');
      const o = store.byH323(app);
      if (!o || o.pseudo?.type !== 'app') throw new PbxError(`no App object "${app}"`);
      return { app, domain: store.domain, digest: loginDigest({ app, domain: store.domain, challenge }, o.pwd ?? '') };
    }
    case 'SearchUsers': {
      const cn = str(m, 'cn') ?? '';
      const limit = Math.min(20, Math.max(1, typeof m.limit === 'number' ? m.limit : 20));
      const include = m.includeMatch === true;
      const key = cn.toLowerCase();
      const user = store.users()
        .filter((u) => { const c = u.cn.toLowerCase().localeCompare(key); return c > 0 || (include && c === 0); })
        .slice(0, limit)
        .map((u) => ({ cn: u.cn, dn: u.dn ?? u.cn, guid: u.guid, h323: u.h323, ...(u.e164 ? { e164: u.e164 } : {}) }));
      return { user };
    }
    case 'GetAppLics':
      return { lic: store.licenses.map((l) => ({ name: l.name, version: '', count: l.count, used: store.licenseUse(l.name), local: l.count, slaves: 0, key: '' })) };
    case 'CheckAppLic': {
      const lic = str(m, 'lic');
      if (!lic) throw new PbxError('CheckAppLic needs lic');
      const u = findObject(store, m);
      const known = store.licenses.find((l) => l.name === lic);
      return { ok: known !== undefined && store.hasLicense(u, lic) };
    }
    default:
      throw new PbxError(`${mt} is not simulated`);
  }
}
