import { createHash } from 'node:crypto';
import { loginDigest } from '../ws/digest.js';
import { appNameOfUrl } from './admin-api.js';
import { PbxError, type PbxObject, type PbxStore } from './store.js';

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** `response` of the myApps client's digest Login (reference §1.12). */
export function clientLoginResponse(type: string, domain: string, username: string, password: string, nonce: string, challenge: string): string {
  return sha256(`innovaphoneAppClient:${type}:${domain}:${username}:${password}:${nonce}:${challenge}`);
}

/** `digest` of LoginResult, proving the PBX knows the password too (reference §1.12). */
export function loginResultDigest(domain: string, username: string, password: string, nonce: string, challenge: string, infoJson: string): string {
  return sha256(`innovaphoneAppClient:loginresult:${domain}:${username}:${password}:${nonce}:${challenge}:${infoJson}`);
}

/** The App-object name from `AppGetLogin.app` (a SIP URI `name@domain` or a bare name). */
function appObjectName(app: string): string {
  return app.replace(/^sips?:/, '').split('@')[0]!;
}

/**
 * What the PBX answers to `AppGetLogin` (reference §1.6): checks the App object exists and the
 * user may use it (its Apps list or its template's), then signs `info` with the object's password.
 */
export function appGetLogin(store: PbxStore, user: PbxObject, app: string, challenge: string): Record<string, unknown> {
  const name = appObjectName(app);
  const o = store.byH323(name);
  if (!o || o.pseudo?.type !== 'app') throw new PbxError(`no App object "${name}"`);
  if (!store.grantsOf(user).includes(o.h323)) throw new PbxError(`${user.h323} has no access to the App object "${o.h323}"`);
  const apps = store.appObjects().filter((a) => store.grantsOf(user).includes(a.h323)).map((a) => ({ name: a.h323 }));
  const info = { appobj: o.h323, appdn: o.cn, appurl: o.pseudo.app.url, cn: user.cn, apps };
  const fields = { app: appNameOfUrl(o.pseudo.app.url), domain: store.domain, sip: user.h323, guid: user.guid, dn: user.dn ?? user.cn };
  const digest = loginDigest({ ...fields, infoJson: JSON.stringify(info), challenge }, o.pwd ?? '');
  return { ...fields, pbxObj: o.h323, info, digest };
}
