import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { InstancePassword, InstancePasswordError, PASSWORD_FILE, writeInstancePassword } from './instance-password.js';
import type { InstanceControl } from './pbx-sim/manager-api.js';
import { seedStore, SIM_USERS } from './pbx-sim/seed.js';
import { startPbxSim } from './pbx-sim/server.js';

const USAGE = `recordings pbx-sim [options]

A stand-in innovaphone PBX (with the App Platform Manager's part) for trying Recordings without
one. It follows docs of the real protocols (../shared/reference/innovaphone-platform.md):

  PBX Manager page   http://127.0.0.1:<port>/manager.htm – loads the instance's PBX Manager plugin
                     through its constructor plugin.innovaphone.recordingsmanager(start, item, app)
  App objects        every App object with the Websocket checkmark connects to its service
                     (AppChallenge, AppLogin with the object's password, PbxInfo) and answers
                     the service's PbxAdminApi requests (CheckAppLic …)
  PbxAdminApi        on ws://…/PBX0/APPS/websocket: GetAppObjects, GetConfigObjects, GetObject,
                     UpdateObject, DeleteObject, GetAppLogin, SearchUsers, GetAppLics, CheckAppLic
  manager API        ManagerControls, GetInstanceLogin, SetInstancePassword (writes the instance
                     password file in the data dir; the running service picks it up)
  myApps client      ws://…/PBX0/APPCLIENT/<build>/websocket: user Login (digest), AppGetLogin

Users (myApps password <name>-pw): ${SIM_USERS.map((u) => `${u.h323} (${u.e164}, ${u.config})`).join(', ')}.
Config templates: Standard, Supervisors. App objects at start: Reports, PBX Manager, and --appobj.
GET /objects.json shows the object store. State lives in memory only.

Options:
  --url <ws-or-http-url>  the Recordings instance (default ws://127.0.0.1:$PORT/$RECORDINGS_DOMAIN/
                          $RECORDINGS_INSTANCE from the same environment as serve)
  --port <n>              port of the simulated PBX (default 8090; 0 = any free port)
  --pbx <name>            PBX name sent in PbxInfo (default master)
  --appobj <name>         create a user App object <name> for the instance at start, with the
                          instance password and the Websocket/Admin/Services checkmarks
                          (default recordings; --appobj= for none)
  --licensed <list>       users holding App(innovaphone-recorder), comma-separated, * = all (default *)
  --licenses <n>          App(innovaphone-recorder) licences installed (default 10)
  --cdr <file.xml>        POST this CDR XML file to the instance first
  --help                  this text

The instance password comes from RECORDINGS_PASSWORD or the data dir (RECORDINGS_DATA_DIR), as for
serve; SetInstancePassword is refused while RECORDINGS_PASSWORD fixes it.`;

/** `recordings pbx-sim`: the simulated PBX (see USAGE). */
export async function runPbxSim(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' }, port: { type: 'string', default: '8090' }, pbx: { type: 'string', default: 'master' },
        appobj: { type: 'string', default: 'recordings' }, licensed: { type: 'string', default: '*' },
        licenses: { type: 'string', default: '10' }, cdr: { type: 'string' }, help: { type: 'boolean' },
      },
    }));
  } catch (e) {
    process.stderr.write(`recordings pbx-sim: ${(e as Error).message}\n(see --help)\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const port = Number(values.port);
  const licenseCount = Number(values.licenses);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return fail(`--port must be 0..65535, got "${values.port}"`);
  if (!Number.isInteger(licenseCount) || licenseCount < 0) return fail(`--licenses must be a whole number, got "${values.licenses}"`);
  let cfg;
  try {
    cfg = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) return fail(`invalid configuration: ${e.message}`);
    throw e;
  }
  const baseUrl = (values.url ?? `http://127.0.0.1:${cfg.port}/${cfg.domain}/${cfg.instance}`).replace(/^ws/, 'http').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+\/[^/]+\/[^/]+$/.test(baseUrl)) return fail(`--url must name the instance directory, e.g. ws://127.0.0.1:8080/example.com/recordings (got "${baseUrl}")`);
  const pw = new InstancePassword(cfg.password, cfg.passwordFile);
  const instance: InstanceControl = {
    baseUrl,
    password: () => pw.current(),
    async setPassword(pwd) {
      if (cfg.passwordFile === null) throw new InstancePasswordError('RECORDINGS_PASSWORD fixes the instance password; unset it to let the PBX Manager set one');
      writeInstancePassword(cfg.dataDir, pwd);
    },
  };
  if (values.cdr) {
    const r = await fetch(`${baseUrl}/cdr`, { method: 'POST', body: readFileSync(values.cdr), headers: { 'Content-Type': 'text/xml' } });
    process.stdout.write(`CDR ${values.cdr}: ${r.status} ${await r.text()}\n`);
  }
  const licensed = values.licensed!.split(',').map((s) => s.trim()).filter(Boolean);
  const store = seedStore({ domain: cfg.domain, pbx: values.pbx!, licensed, licenseCount });
  if (values.appobj) {
    store.add({
      cn: 'Recordings', h323: values.appobj, hide: true, critical: true, pwd: instance.password(), apps: 'reports',
      pseudo: { type: 'app', app: { url: `${baseUrl}/innovaphone-recordings`, websocket: true, admin: true, services: true } },
    });
    const std = store.byCn('Standard')!;
    store.update({ apps: values.appobj }, std.guid);
  }
  const sim = await startPbxSim({ store, instance, port, host: '127.0.0.1', log: (l) => process.stdout.write(l + '\n') });
  process.stdout.write(`PBX simulator "${values.pbx}" (domain ${cfg.domain}) at ${sim.url}\n` +
    `  PBX Manager page: ${sim.url}/manager.htm\n  instance: ${baseUrl} (password from ${cfg.passwordFile ?? 'RECORDINGS_PASSWORD'})\n`);
  if (cfg.passwordFile) process.stdout.write(`  SetInstancePassword writes ${join(cfg.dataDir, PASSWORD_FILE)}\n`);
  const stop = (): void => { void sim.close().then(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await new Promise<never>(() => {});
}

function fail(msg: string): never {
  process.stderr.write(`recordings pbx-sim: ${msg}\n`);
  process.exit(1);
}
