// The PBX Manager plugin in Chromium, inside the simulator's PBX Manager page (constructor call
// `new plugin.innovaphone.recordingsmanager(start, item, app)`), against the real service:
// create user/admin/softphone-panel App objects → simulator store; access list + delete mode → enforced for a
// user logging in through the App object; a wrong password detected and fixed; delete.
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/browser.js';
import { makePcap, upload } from '../server/helpers.js';
import { startSimWithServer, userThroughAppObject, type SimWithServer } from '../server/pbx-sim-helpers.js';

let env: SimWithServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

const instancePassword = (): string => readFileSync(`${env.srv.dir}/instance-password`, 'utf8').trim();
const row = (sip: string) => page.locator(`rec-plugin-list tr[data-sip="${sip}"]`);

beforeAll(async () => {
  env = await startSimWithServer();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`http ${r.status()}: ${r.url()}`); });
});
afterAll(async () => {
  await browser?.close();
  await env?.stop();
});

async function save(): Promise<void> {
  await page.locator('rec-plugin-editor #save').click();
  await page.locator('rec-plugin-root #message.ok').waitFor({ timeout: 20_000 });
  await page.locator('rec-plugin-list').waitFor();
}

describe('Recordings plugin in the simulated PBX Manager', () => {
  it('is constructed by the PBX Manager page and reads the PBX and the instance', async () => {
    await page.goto(`${env.sim.url}/manager.htm`);
    await page.locator('nav button[data-plugin="innovaphone.recordingsmanager"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('nav button').innerText()).toContain('Recordings');
    await page.locator('rec-plugin-root #instance[data-state=connected]').waitFor({ timeout: 15_000 });
    await page.locator('rec-plugin-list #empty').waitFor({ timeout: 15_000 });
    expect(await page.locator('rec-plugin-root #licenses').innerText()).toBe('App(innovaphone-recorder) licences: 5 of 10 used');
    // The constructor made the documented item-node and loaded the CSS next to the script.
    expect(await page.locator('#content > div.item-node > rec-plugin-root').count()).toBe(1);
    expect(await page.evaluate(() => [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => (l as HTMLLinkElement).href))).toEqual([`${env.srv.url}/innovaphone.recordingsmanager.css`]);
  });

  it('creates a user App object: URL, checkmarks, fresh shared password, template grant, Reports, access list', async () => {
    const before = instancePassword();
    await page.locator('rec-plugin-root #add-user').click();
    const ed = page.locator('rec-plugin-editor');
    expect(await ed.locator('#name').inputValue()).toBe('recordings');
    await ed.locator('#title').fill('Team Recordings');
    await ed.locator('input[data-template="Standard"]').check();
    expect(await ed.locator('#reports').inputValue()).toBe('reports');
    await ed.locator('rec-plugin-access #search').fill('Bo');
    await ed.locator('rec-plugin-access li button[data-h323="bob"]').click();
    await ed.locator('rec-plugin-access #typed').fill('203, Bob Brown');
    await ed.locator('rec-plugin-access #add-typed').click();
    expect(await ed.locator('rec-plugin-access [role=alert]').innerText()).toContain('“Bob Brown” is neither a user name nor a number');
    expect(await ed.locator('rec-plugin-access #typed').inputValue()).toBe('Bob Brown');
    await ed.locator('rec-plugin-access #typed').fill('');
    expect(await ed.locator('#mode-recoverable').isChecked()).toBe(true);
    await save();

    const o = env.sim.store.byH323('recordings')!;
    expect(o).toMatchObject({ cn: 'Team Recordings', hide: true, apps: 'reports',
      pseudo: { type: 'app', app: { url: `${env.srv.url}/innovaphone-recordings`, websocket: true, admin: true, services: true } } });
    // No App object had a known-good password: a fresh one went to the object and, by SetInstancePassword, to the instance.
    expect(o.pwd).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(o.pwd).toBe(instancePassword());
    expect(o.pwd).not.toBe(before);
    expect(env.sim.store.byCn('Standard')!.apps).toBe('recordings');
    expect(await env.srv.service.store.getAppObjectConfig('recordings')).toMatchObject({ accessList: ['bob', '203'], deleteMode: 'recoverable' });
    await row('recordings').locator('.conn .ok').waitFor({ timeout: 15_000 });
    expect(await row('recordings').locator('.pwd').getAttribute('data-ok')).toBe('true');
    expect(await row('recordings').locator('.access').innerText()).toBe('bob, 203');
  });

  it('creates an admin App object sharing the password by copyPwd, granted to Supervisors', async () => {
    const pw = instancePassword();
    await page.locator('rec-plugin-root #add-admin').click();
    const ed = page.locator('rec-plugin-editor');
    expect(await ed.locator('#name').inputValue()).toBe('recordingsadmin');
    expect(await ed.locator('#flag-websocket').isChecked()).toBe(false);
    await ed.locator('input[data-template="Supervisors"]').check();
    await save();
    const o = env.sim.store.byH323('recordingsadmin')!;
    expect(o.pseudo).toEqual({ type: 'app', app: { url: `${env.srv.url}/innovaphone-recordingsadmin`, websocket: false, admin: false, services: false } });
    expect(o.pwd).toBe(pw);
    expect(instancePassword()).toBe(pw);
    expect(env.sim.store.byCn('Supervisors')!.apps).toBe('recordingsadmin');
    expect(env.sim.store.byCn('Standard')!.apps).toBe('recordings');
    expect(await row('recordingsadmin').locator('.pwd').getAttribute('data-ok')).toBe('true');
    expect(await row('recordingsadmin').locator('.conn').innerText()).toContain('Websocket off');
  });

  it('a user logging in through the App object sees the access list’s recordings; deletes follow the delete mode', async () => {
    for (const [n, who] of [['a', 'alice'], ['b', 'bob'], ['d', 'dave']] as const) {
      expect((await upload(env.srv.url, `${n.repeat(32)}-009033000001-1--${who}.pcap`, makePcap(2))).status).toBe(201);
    }
    const { service, login } = await userThroughAppObject(env.sim, env.srv.url, 'alice', 'recordings');
    expect(login.info.appobj).toBe('recordings');
    const items = (await service.request({ mt: 'ListRecordings' })).items as { id: string; ownerSip: string }[];
    expect(items.map((r) => r.ownerSip).sort()).toEqual(['alice', 'bob']);
    const bobs = items.find((r) => r.ownerSip === 'bob')!;
    expect((await service.request({ mt: 'DeleteRecording', id: bobs.id })).mode).toBe('recoverable');
    expect((await env.srv.service.store.getRecording(bobs.id))?.state).toBe('deleted');
    service.close();
    // carol (Supervisors) has no grant for the user object
    await expect(userThroughAppObject(env.sim, env.srv.url, 'carol', 'recordings')).rejects.toThrow(/no access/);

    await row('recordings').locator('button.edit').click();
    await page.locator('rec-plugin-editor #mode-permanent').check();
    await save();
    expect(await env.srv.service.store.getAppObjectConfig('recordings')).toMatchObject({ deleteMode: 'permanent' });
    expect(await row('recordings').locator('.mode').innerText()).toBe('Permanent');
    const again = await userThroughAppObject(env.sim, env.srv.url, 'alice', 'recordings');
    const mine = ((await again.service.request({ mt: 'ListRecordings' })).items as { id: string; ownerSip: string }[]).find((r) => r.ownerSip === 'alice')!;
    expect((await again.service.request({ mt: 'DeleteRecording', id: mine.id })).mode).toBe('permanent');
    expect(await env.srv.service.store.getRecording(mine.id)).toBeNull();
    again.service.close();
  });

  it('creates a softphone panel App object: -latest URL, user checkmarks, shared password; its user logins get the user view', async () => {
    const pw = instancePassword();
    await page.locator('rec-plugin-root #add-panel').click();
    const ed = page.locator('rec-plugin-editor');
    expect(await ed.locator('#type').inputValue()).toBe('panel');
    expect(await ed.locator('h2').innerText()).toContain('Softphone panel');
    expect(await ed.locator('#name').inputValue()).toBe('recordingspanel');
    for (const f of ['websocket', 'admin', 'services']) expect(await ed.locator(`#flag-${f}`).isChecked(), f).toBe(true);
    // Clearing a checkmark warns as for the user object.
    await ed.locator('#flag-services').uncheck();
    expect(await ed.locator('.warn[role=note]').innerText()).toContain('softphone panel App object needs Websocket, Admin and Services');
    await ed.locator('#flag-services').check();
    expect(await ed.locator('.warn[role=note]').count()).toBe(0);
    await ed.locator('input[data-template="Standard"]').check();
    await ed.locator('rec-plugin-access #typed').fill('dave');
    await ed.locator('rec-plugin-access #add-typed').click();
    await save();

    const o = env.sim.store.byH323('recordingspanel')!;
    expect(o).toMatchObject({ cn: 'Recordings Panel', hide: true,
      pseudo: { type: 'app', app: { url: `${env.srv.url}/innovaphone-recordings-latest`, websocket: true, admin: true, services: true } } });
    expect(o.pwd).toBe(pw);
    expect(instancePassword()).toBe(pw);
    expect(env.sim.store.byCn('Standard')!.apps).toBe('recordings,recordingspanel');
    expect(await env.srv.service.store.getAppObjectConfig('recordingspanel')).toMatchObject({ accessList: ['dave'], deleteMode: 'recoverable' });
    // Listed as a panel, between the user and the admin object, with its connection and password checked.
    expect(await page.locator('rec-plugin-list tbody tr').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-sip'))))
      .toEqual(['recordings', 'recordingspanel', 'recordingsadmin']);
    expect(await row('recordingspanel').locator('.type').innerText()).toBe('Softphone panel');
    await row('recordingspanel').locator('.conn .ok').waitFor({ timeout: 15_000 });
    expect(await row('recordingspanel').locator('.pwd').getAttribute('data-ok')).toBe('true');
    expect(await row('recordingspanel').locator('.access').innerText()).toBe('dave');

    // alice through the panel object: a user login with the panel's own access list and delete mode.
    expect((await upload(env.srv.url, `${'e'.repeat(32)}-009033000002-1--alice.pcap`, makePcap(2))).status).toBe(201);
    const { service, login, result } = await userThroughAppObject(env.sim, env.srv.url, 'alice', 'recordingspanel');
    expect(login.app).toBe('innovaphone-recordings-latest');
    expect(login.info.appobj).toBe('recordingspanel');
    expect(result).toMatchObject({ mt: 'AppLoginResult', ok: true });
    const items = (await service.request({ mt: 'ListRecordings' })).items as { id: string; ownerSip: string }[];
    expect(items.map((r) => r.ownerSip).sort()).toEqual(['alice', 'dave']);
    expect(await service.request({ mt: 'GetSettings' })).toMatchObject({ error: 'forbidden' });
    const daves = items.find((r) => r.ownerSip === 'dave')!;
    expect((await service.request({ mt: 'DeleteRecording', id: daves.id })).mode).toBe('recoverable');
    service.close();
    // carol (Supervisors) has no grant for the panel object either.
    await expect(userThroughAppObject(env.sim, env.srv.url, 'carol', 'recordingspanel')).rejects.toThrow(/no access/);
  });

  it('detects a wrong App-object password and fixes it from the plugin', async () => {
    env.sim.store.setPassword('recordings', 'drifted-password');
    await page.locator('rec-plugin-root #reload').click();
    await row('recordings').locator('.pwd[data-ok=false]').waitFor({ timeout: 15_000 });
    expect(await row('recordings').locator('.pwd').innerText()).toContain('differs from the instance');
    await expect.poll(() => env.sim.links.connected('recordings'), { timeout: 10_000 }).toBe(false);
    await row('recordings').locator('button.fix').click();
    await page.locator('rec-plugin-root #message.ok').waitFor({ timeout: 15_000 });
    expect(await page.locator('rec-plugin-root #message').innerText()).toContain('now matches the instance');
    expect(env.sim.store.byH323('recordings')!.pwd).toBe(instancePassword());
    expect(await row('recordings').locator('.pwd').getAttribute('data-ok')).toBe('true');
    await expect.poll(() => env.sim.links.connected('recordings'), { timeout: 10_000 }).toBe(true);
  });

  it('deletes an App object after confirmation and withdraws its template grant', async () => {
    await row('recordingsadmin').locator('button.remove').click();
    expect(await page.locator('rec-plugin-root #confirm').innerText()).toContain('recordingsadmin');
    await page.locator('rec-plugin-root #confirm-no').click();
    expect(env.sim.store.byH323('recordingsadmin')).toBeDefined();
    await row('recordingsadmin').locator('button.remove').click();
    await page.locator('rec-plugin-root #confirm-yes').click();
    await page.locator('rec-plugin-root #message.ok').waitFor({ timeout: 15_000 });
    expect(env.sim.store.byH323('recordingsadmin')).toBeUndefined();
    expect(env.sim.store.byCn('Supervisors')!.apps).toBe('');
    expect(await row('recordingsadmin').count()).toBe(0);
    expect(await row('recordings').count()).toBe(1);
  });

  it('switches to German and dark as PBX Manager tells it, and no page errors occurred', async () => {
    await page.selectOption('#lang', 'de');
    await page.selectOption('#scheme', 'dark');
    expect(await page.locator('rec-plugin-root #add-user').innerText()).toBe('Benutzer-App-Objekt hinzufügen');
    expect(await page.locator('rec-plugin-root').getAttribute('scheme')).toBe('dark');
    expect(await page.locator('nav button').innerText()).toContain('Recordings');
    // Loaded a second time (PBX Manager re-opening it): no second define, the first constructor stays.
    const same = await page.evaluate(async (src) => {
      const w = window as unknown as { plugin: { innovaphone: { recordingsmanager: unknown } } };
      const before = w.plugin.innovaphone.recordingsmanager;
      await new Promise((r, j) => { const s = document.createElement('script'); s.src = src; s.onload = r; s.onerror = j; document.head.append(s); });
      return before === w.plugin.innovaphone.recordingsmanager && !!customElements.get('rec-plugin-root');
    }, `${env.srv.url}/innovaphone.recordingsmanager.js?again`);
    expect(same).toBe(true);
    expect(errors).toEqual([]);
  });
});
