import { LICENSE_NAME } from '../../shared/messages.js';
import { PbxStore } from './store.js';

export interface SeedOptions {
  domain: string;
  pbx: string;
  /** users holding App(innovaphone-recorder); "*" = all */
  licensed: string[];
  /** App(innovaphone-recorder) licences installed on the PBX */
  licenseCount: number;
}

/** Demo users of the simulated PBX; their myApps password is `<name>-pw`. */
export const SIM_USERS = [
  { h323: 'alice', cn: 'Alice Adams', e164: '201', config: 'Standard' },
  { h323: 'bob', cn: 'Bob Brown', e164: '202', config: 'Standard' },
  { h323: 'carol', cn: 'Carol Clark', e164: '203', config: 'Supervisors' },
  { h323: 'dave', cn: 'Dave Davis', e164: '204', config: 'Standard' },
  { h323: 'erin', cn: 'Erin Evans', e164: '205', config: 'Supervisors' },
] as const;

/**
 * A small PBX: two config templates (Standard, Supervisors), five users, a Reports App object
 * (the drop-down of the plugin lists it) and the App(innovaphone-recorder) licences.
 */
export function seedStore(o: SeedOptions): PbxStore {
  const store = new PbxStore(o.domain, o.pbx, [{ name: LICENSE_NAME, count: o.licenseCount }]);
  store.add({ cn: 'Standard', h323: 'tpl-standard', pseudo: { type: 'config' }, apps: '' });
  store.add({ cn: 'Supervisors', h323: 'tpl-supervisors', pseudo: { type: 'config' }, apps: '' });
  const all = o.licensed.includes('*');
  for (const u of SIM_USERS) {
    store.add({ ...u, dn: u.cn, pwd: `${u.h323}-pw`, lics: all || o.licensed.includes(u.h323) ? [LICENSE_NAME] : [] });
  }
  store.add({
    cn: 'Reports', h323: 'reports', hide: true, pwd: 'reports-instance-pw',
    pseudo: { type: 'app', app: { url: `http://reports.invalid/${o.domain}/reporting/innovaphone-reporting`, websocket: false } },
  });
  return store;
}
