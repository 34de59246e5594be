import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { PASSWORD, login, makePcap, startTestServer, upload, type TestServer } from './helpers.js';

let srv: TestServer;
let sim: ChildProcess | null = null;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { sim?.kill('SIGKILL'); await srv.stop(); });

describe('recordings pbx-sim', () => {
  it('connects as the PBX App object and answers CheckAppLic from its list', async () => {
    const admin = (await login(srv.url, { sip: 'admin', app: 'innovaphone-recordingsadmin', appobj: 'recordingsadmin' })).client;
    await admin.request({ mt: 'SetSettings', pbxName: 'master' });
    sim = spawn(process.execPath, ['bin/recordings.mjs', 'pbx-sim', '--url', srv.url.replace(/^http/, 'ws'), '--port', '0', '--licensed', 'carol'], {
      env: { ...process.env, RECORDINGS_PASSWORD: PASSWORD, RECORDINGS_DATA_DIR: srv.dir }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    sim.stdout!.on('data', (d) => { out += d; });
    await expect.poll(() => out, { timeout: 20_000 }).toMatch(/connected to .* as PBX "master"/);
    await expect.poll(async () => (await admin.request({ mt: 'GetSettings' })).status.licenseSource, { timeout: 5000 }).toBe('pbx');
    expect((await upload(srv.url, `${'f'.repeat(32)}-009033000001-1--carol.pcap`, makePcap(2))).status).toBe(201);
    expect((await upload(srv.url, `${'f'.repeat(31)}0-009033000001-1--dave.pcap`, makePcap(2))).status).toBe(201);
    const items = (await admin.request({ mt: 'ListRecordings' })).items as any[];
    expect(Object.fromEntries(items.map((r) => [r.ownerSip, r.licensed]))).toEqual({ carol: true, dave: false });
    expect(out).toMatch(/CheckAppLic dave: false/);
    // the admin status counts the simulator's App(innovaphone-recorder) licences (GetAppLics): 10 installed, carol holds one
    expect((await admin.request({ mt: 'GetSettings' })).status.licenseCount).toEqual({ granted: 10, used: 1, unknownReason: null, licensedOwners: 1 });
    expect(out).toMatch(/App object recordings: AppInfo hidden=false presence=false/);
    admin.close();
  });

  it('--help documents the endpoints, messages and every option', async () => {
    const help = await new Promise<string>((resolve) => {
      const p = spawn(process.execPath, ['bin/recordings.mjs', 'pbx-sim', '--help'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      p.stdout!.on('data', (d) => { out += d; });
      p.on('close', () => resolve(out));
    });
    for (const word of ['/manager.htm', 'plugin.innovaphone.recordingsmanager(start, item, app)', 'PBX0/APPS/websocket', 'PBX0/APPCLIENT',
      'GetAppObjects', 'GetConfigObjects', 'UpdateObject', 'DeleteObject', 'GetAppLogin', 'SearchUsers', 'GetAppLics', 'CheckAppLic',
      'ManagerControls', 'GetInstanceLogin', 'SetInstancePassword', 'PbxInfo', 'AppGetLogin',
      '--url', '--port', '--pbx', '--appobj', '--licensed', '--licenses', '--cdr', '--help', 'alice (201, Standard)']) {
      expect(help, word).toContain(word);
    }
  });

  it('refuses bad options with a reason', async () => {
    const run = (args: string[]): Promise<{ code: number | null; err: string }> => new Promise((resolve) => {
      const p = spawn(process.execPath, ['bin/recordings.mjs', 'pbx-sim', ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, RECORDINGS_PASSWORD: PASSWORD, RECORDINGS_DATA_DIR: srv.dir } });
      let err = '';
      p.stderr!.on('data', (d) => { err += d; });
      p.on('close', (code) => resolve({ code, err }));
    });
    expect(await run(['--port', 'x'])).toMatchObject({ code: 1, err: expect.stringContaining('--port must be 0..65535') });
    expect(await run(['--url', 'ws://h/only-one-segment'])).toMatchObject({ code: 1, err: expect.stringContaining('--url must name the instance directory') });
    expect(await run(['--bogus'])).toMatchObject({ code: 2, err: expect.stringContaining("Unknown option '--bogus'") });
  });
});
