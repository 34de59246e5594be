import { randomBytes } from 'node:crypto';

/** Checkmarks of an App object (reference §3.5 `pseudo.app`; keys as the 14r1 template writes them). */
export const APP_FLAGS = ['web', 'websocket', 'hidden', 'pbx', 'pbxsignal', 'epsignal', 'messages', 'tableusers', 'admin', 'services', 'rcc'] as const;
export type AppFlag = (typeof APP_FLAGS)[number];
export type AppSettings = { url: string } & Partial<Record<AppFlag, boolean>>;

/** PBX API id offered on the App object's connection per checkmark (reference §1.9 table). */
export const FLAG_API: Partial<Record<AppFlag, string>> = {
  admin: 'PbxAdminApi', pbx: 'PbxApi', pbxsignal: 'PbxSignal', epsignal: 'EpSignal', messages: 'PbxMessages',
  tableusers: 'PbxTableUsers', rcc: 'RCC', services: 'Services',
};

/** One PBX object as the simulator keeps it: users, config templates and App objects. */
export interface PbxObject {
  guid: string;
  /** Long Name */
  cn: string;
  /** Name (h323 / SIP user part) */
  h323: string;
  dn?: string;
  e164?: string;
  /** cleartext password (14r1 semantics of UpdateObject `pwd`) */
  pwd?: string;
  hide?: boolean;
  critical?: boolean;
  /** comma-separated App-object names this object may use (users, templates) or reach (App objects) */
  apps?: string;
  /** config template (cn) a user takes its settings from */
  config?: string;
  pseudo?: { type: 'app'; app: AppSettings } | { type: 'config' };
  /** licences assigned to this object, e.g. App(innovaphone-recorder) */
  lics?: string[];
}

export interface LicenseInfo { name: string; count: number }

/** Errors of the PbxAdminApi simulation: returned as `error` in the result, never thrown to the socket. */
export class PbxError extends Error {}

function newGuid(): string {
  return randomBytes(16).toString('hex');
}

function splitApps(apps: string | undefined): string[] {
  return (apps ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * The simulator's object store: a few users, config templates, App objects and the licences of
 * the PBX. Listeners hear about every change (the App-object links reconnect on them).
 */
export class PbxStore {
  private readonly objects = new Map<string, PbxObject>();
  readonly licenses: LicenseInfo[];
  private readonly listeners = new Set<(o: PbxObject, change: 'updated' | 'deleted') => void>();

  constructor(readonly domain: string, readonly pbx: string, licenses: LicenseInfo[]) {
    this.licenses = licenses;
  }

  onChange(fn: (o: PbxObject, change: 'updated' | 'deleted') => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(o: PbxObject, change: 'updated' | 'deleted'): void {
    for (const l of this.listeners) l(o, change);
  }

  all(): PbxObject[] {
    return [...this.objects.values()];
  }

  byGuid(guid: string): PbxObject | undefined {
    return this.objects.get(guid);
  }

  byH323(h323: string): PbxObject | undefined {
    return this.all().find((o) => o.h323 === h323);
  }

  byCn(cn: string): PbxObject | undefined {
    return this.all().find((o) => o.cn === cn);
  }

  users(): PbxObject[] {
    return this.all().filter((o) => o.pseudo === undefined).sort((a, b) => a.cn.localeCompare(b.cn));
  }

  templates(): PbxObject[] {
    return this.all().filter((o) => o.pseudo?.type === 'config').sort((a, b) => a.cn.localeCompare(b.cn));
  }

  appObjects(): (PbxObject & { pseudo: { type: 'app'; app: AppSettings } })[] {
    return this.all().filter((o): o is PbxObject & { pseudo: { type: 'app'; app: AppSettings } } => o.pseudo?.type === 'app');
  }

  /** Adds an object directly (seeding, tests); the PbxAdminApi path is `update`. */
  add(o: Omit<PbxObject, 'guid'> & { guid?: string }): PbxObject {
    const obj: PbxObject = { ...o, guid: o.guid ?? newGuid() };
    if (this.byH323(obj.h323)) throw new PbxError(`the name "${obj.h323}" is in use`);
    this.objects.set(obj.guid, obj);
    this.emit(obj, 'updated');
    return obj;
  }

  /** Sets an object's password directly (tests: an App object that drifted from the instance). */
  setPassword(h323: string, pwd: string): void {
    const o = this.byH323(h323);
    if (!o) throw new PbxError(`no object "${h323}"`);
    o.pwd = pwd;
    this.emit(o, 'updated');
  }

  /**
   * UpdateObject semantics (reference §3.4): guid empty = create, "*" = identify by cn, "?" = by cn
   * or create; present properties change, absent ones stay. Returns the object and whether it is new.
   */
  update(patch: Partial<PbxObject> & { copyPwd?: string }, guid: string | undefined): { obj: PbxObject; created: boolean } {
    let target: PbxObject | undefined;
    if (guid === '*' || guid === '?') {
      if (typeof patch.cn !== 'string' || patch.cn === '') throw new PbxError(`guid "${guid}" needs cn`);
      target = this.byCn(patch.cn);
      if (!target && guid === '*') throw new PbxError(`no object with cn "${patch.cn}"`);
    } else if (guid !== undefined && guid !== '') {
      target = this.byGuid(guid);
      if (!target) throw new PbxError(`no object with guid ${guid}`);
    }
    const created = !target;
    if (created) {
      if (typeof patch.h323 !== 'string' || patch.h323 === '') throw new PbxError('a new object needs a name (h323)');
      if (typeof patch.cn !== 'string' || patch.cn === '') throw new PbxError('a new object needs a long name (cn)');
    }
    if (patch.h323 !== undefined) {
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(patch.h323)) throw new PbxError(`"${patch.h323}" is not a valid name (letters, digits, . _ -)`);
      const other = this.byH323(patch.h323);
      if (other && other !== target) throw new PbxError(`the name "${patch.h323}" is in use`);
    }
    let pwd = patch.pwd;
    if (patch.copyPwd !== undefined && patch.copyPwd !== null && patch.copyPwd !== '') {
      const src = this.byH323(patch.copyPwd);
      if (!src) throw new PbxError(`copyPwd: no object "${patch.copyPwd}"`);
      if (src.pseudo === undefined) throw new PbxError('copyPwd: passwords of user objects cannot be copied');
      pwd = src.pwd;
    }
    const obj: PbxObject = target ?? { guid: newGuid(), cn: patch.cn!, h323: patch.h323! };
    for (const k of ['cn', 'h323', 'dn', 'e164', 'hide', 'critical', 'apps', 'config', 'pseudo', 'lics'] as const) {
      if (patch[k] === null) delete (obj as unknown as Record<string, unknown>)[k];
      else if (patch[k] !== undefined) (obj as unknown as Record<string, unknown>)[k] = patch[k];
    }
    if (pwd !== undefined) obj.pwd = pwd;
    this.objects.set(obj.guid, obj);
    this.emit(obj, 'updated');
    return { obj, created };
  }

  delete(guid: string): void {
    const o = this.objects.get(guid);
    if (!o) throw new PbxError(`no object with guid ${guid}`);
    this.objects.delete(guid);
    this.emit(o, 'deleted');
  }

  /** App objects a user may use: its own Apps list plus its config template's. */
  grantsOf(user: PbxObject): string[] {
    const tpl = user.config ? this.byCn(user.config) : undefined;
    return [...new Set([...splitApps(user.apps), ...splitApps(tpl?.apps)])];
  }

  /** A licence of `name` is assigned to the user directly or through its template. */
  hasLicense(user: PbxObject, name: string): boolean {
    const tpl = user.config ? this.byCn(user.config) : undefined;
    return (user.lics ?? []).includes(name) || (tpl?.lics ?? []).includes(name);
  }

  licenseUse(name: string): number {
    return this.users().filter((u) => this.hasLicense(u, name)).length;
  }
}

export { splitApps };
