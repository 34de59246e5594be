import { loginDigest } from '../ws/digest.js';
import { PbxError } from './store.js';

/**
 * The App Platform Manager's side of one instance, as the simulator plays it: it knows the
 * instance's path and password and can set a new one (reference §6.1: the manager owns the
 * instance password).
 */
export interface InstanceControl {
  /** http(s) URL of the instance directory, e.g. http://127.0.0.1:8080/example.com/recordings */
  baseUrl: string;
  password(): string;
  setPassword(pwd: string): Promise<void>;
}

/** One plugin the AP offers (reference §3.1 `plugins.json` entry). */
export interface PluginEntry { js: string; icon: string; lang: string; domains?: boolean }

/** `<domain>/<instance>`: the webserver path the manager API messages name (reference §3.3). */
export function instancePath(baseUrl: string): string {
  const u = new URL(baseUrl);
  return u.pathname.replace(/^\/+|\/+$/g, '');
}

type Msg = Record<string, unknown>;

/**
 * The `com.innovaphone.manager` client API (reference §3.1, §3.3): ManagerControls lists the
 * plugins, GetInstanceLogin signs a login for the instance, SetInstancePassword sets its password.
 */
export async function handleManagerApi(m: Msg, inst: InstanceControl, plugins: PluginEntry[], ap: { sip: string; dn: string; domain: string }): Promise<Msg> {
  const mt = String(m.mt);
  const reply: Msg = { mt: `${mt}Result` };
  const path = instancePath(inst.baseUrl);
  const checkPath = (): void => {
    if (m.path !== path) throw new PbxError(`no instance at path "${String(m.path)}" (this AP has "${path}")`);
  };
  try {
    switch (mt) {
      case 'ManagerControls':
        reply.protocol = new URL(inst.baseUrl).protocol.replace(':', '');
        reply.ap = ap.sip;
        reply.apDn = ap.dn;
        reply.host = new URL(inst.baseUrl).host;
        reply.controls = plugins.map((p) => ({ api: 'com.innovaphone.manager', uri: `${inst.baseUrl}/${p.js}.js`, png: `${inst.baseUrl}/${p.icon}`, lang: `${inst.baseUrl}/${p.lang}.js` }));
        break;
      case 'GetInstanceLogin': {
        checkPath();
        if (typeof m.challenge !== 'string' || m.challenge === '') throw new PbxError('GetInstanceLogin needs challenge');
        const app = typeof m.app === 'string' ? m.app : '';
        const fields = { app, domain: ap.domain, sip: 'pbx-manager', guid: '00000000000000000000000000000000', dn: 'PBX Manager' };
        Object.assign(reply, fields, { digest: loginDigest({ ...fields, challenge: m.challenge }, inst.password()) });
        break;
      }
      case 'SetInstancePassword': {
        checkPath();
        if (typeof m.pwd !== 'string' || m.pwd.length < 8 || m.pwd.length > 64 || /[\s:]/.test(m.pwd)) {
          throw new PbxError('the password must be 8 to 64 characters without spaces or ":"');
        }
        await inst.setPassword(m.pwd);
        break;
      }
      default:
        throw new PbxError(`${mt} is not simulated`);
    }
  } catch (e) {
    if (!(e instanceof PbxError) && !(e instanceof Error && e.name === 'InstancePasswordError')) throw e;
    reply.error = e.message;
  }
  return reply;
}
