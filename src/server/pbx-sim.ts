import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { ConfigError, loadConfig } from './config.js';
import { LICENSE_NAME } from '../shared/messages.js';
import { loginDigest } from './ws/digest.js';

const USAGE = `recordings pbx-sim [--url ws://127.0.0.1:8080/example.com/recordings] [--pbx master]
                   [--appobj recordings] [--licensed alice,bob|*] [--cdr calls.xml]
Connects to the service as a PBX App object would (AppLogin as the App object, PbxInfo with
PbxAdminApi) and answers CheckAppLic from --licensed; --cdr posts a CDR XML file first.
The instance password comes from RECORDINGS_PASSWORD or the data dir, as for serve.`;

/** `recordings pbx-sim`: a stand-in PBX for trying licensing and call information without one. */
export async function runPbxSim(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' }, pbx: { type: 'string', default: 'master' }, appobj: { type: 'string', default: 'recordings' },
      licensed: { type: 'string', default: '*' }, cdr: { type: 'string' }, help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  let cfg;
  try {
    cfg = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`recordings pbx-sim: invalid configuration: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const url = values.url ?? `ws://127.0.0.1:${cfg.port}/${cfg.domain}/${cfg.instance}`;
  const licensed = new Set(values.licensed!.split(',').map((s) => s.trim()).filter(Boolean));
  if (values.cdr) {
    const r = await fetch(url.replace(/^ws/, 'http') + '/cdr', { method: 'POST', body: readFileSync(values.cdr), headers: { 'Content-Type': 'text/xml' } });
    process.stdout.write(`CDR ${values.cdr}: ${r.status} ${await r.text()}\n`);
  }
  const ws = new WebSocket(url);
  const send = (o: object): void => ws.send(JSON.stringify(o));
  ws.on('open', () => send({ mt: 'AppChallenge' }));
  ws.on('error', (e) => {
    process.stderr.write(`recordings pbx-sim: ${e.message}\n`);
    process.exit(1);
  });
  ws.on('close', () => {
    process.stdout.write('connection closed\n');
    process.exit(0);
  });
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString()) as Record<string, unknown>;
    if (m.mt === 'AppChallengeResult') {
      const info = { appobj: values.appobj, appdn: values.appobj, pbx: values.pbx, cn: values.appobj, testmode: false };
      const base = { app: 'innovaphone-recordings', domain: cfg.domain, sip: values.appobj!, guid: '00000000000000000000000000000000', dn: values.appobj! };
      const digest = loginDigest({ ...base, infoJson: JSON.stringify(info), challenge: String(m.challenge) }, cfg.password);
      send({ mt: 'AppLogin', ...base, info, digest, pbxObj: values.appobj });
    } else if (m.mt === 'AppLoginResult') {
      if (m.ok !== true) {
        process.stderr.write(`login refused: ${String(m.errorText)}\n`);
        process.exit(1);
      }
      process.stdout.write(`connected to ${url} as PBX "${values.pbx}" (App object ${values.appobj}); licensed: ${[...licensed].join(',')}\n`);
      send({ mt: 'PbxInfo', domain: cfg.domain, pbx: values.pbx, pbxDns: 'pbx-sim.invalid', apis: ['PbxAdminApi'], version: 'pbx-sim' });
    } else if (m.api === 'PbxAdminApi' && m.mt === 'CheckAppLic') {
      const ok = m.lic === LICENSE_NAME && (licensed.has('*') || licensed.has(String(m.h323)));
      process.stdout.write(`CheckAppLic ${String(m.h323)}: ${ok}\n`);
      send({ api: 'PbxAdminApi', mt: 'CheckAppLicResult', src: m.src, ok });
    } else if (m.api === 'PbxAdminApi') {
      send({ api: 'PbxAdminApi', mt: `${String(m.mt)}Result`, src: m.src, error: 'not simulated' });
    }
  });
  await new Promise<never>(() => {});
}
