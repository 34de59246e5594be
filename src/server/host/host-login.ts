import type { DemoUser } from '../config.js';
import { APP_ADMIN, APP_USER, type LoginInfo, type LoginMessage } from '../../shared/messages.js';
import { loginDigest } from '../ws/digest.js';

/**
 * What myApps would post into the app's iframe after the PBX approved the login
 * (reference §1.6): the digest is computed with the instance password, as the PBX does
 * with the App object's password.
 */
export function makeLogin(user: DemoUser, app: typeof APP_USER | typeof APP_ADMIN, challenge: string, domain: string, baseUrl: string, password: string): LoginMessage {
  const info: LoginInfo = {
    appobj: user.appobj,
    appdn: user.appobj,
    appurl: `${baseUrl}/${app}`,
    cn: user.dn,
    apps: [{ name: user.appobj }],
  };
  const infoJson = JSON.stringify(info);
  const digest = loginDigest({ app, domain, sip: user.sip, guid: user.guid, dn: user.dn, infoJson, challenge }, password);
  return { mt: 'Login', app, domain, sip: user.sip, guid: user.guid, dn: user.dn, info, digest, pbxObj: user.appobj };
}
