// End to end against the real server: a phone uploads a PCAP by HTTP PUT → it appears live in the
// user's list inside the standalone host page (the myApps stand-in, real getLogin/Login/AppLogin) →
// opening it downloads with a token, decodes in the worker and plays: the audio clock runs and a
// tap on each output channel hears sound.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/browser.js';
import { startTestServer, upload, type TestServer } from '../server/helpers.js';
import { listenBothChannels } from './audio-tap.js';
import { buildMyAppsPages } from './build-web.js';

const FIXTURE = resolve(import.meta.dirname, '..', 'fixtures', 'captures', 'pcma-eth-ipv4.pcap');
const NAME = '4f1c2a9e7b3d4c5e8a6f0b1c2d3e4f51-009033a1b2c3-7--alice.pcap';

let web: { dir: string; remove(): void };
let srv: TestServer;
let browser: Browser;
let page: Page;
let errors: string[] = [];

beforeAll(async () => {
  web = await buildMyAppsPages();
  srv = await startTestServer({}, { webDir: web.dir });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'], headless: true });
  page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url}`); });
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`http ${r.status()}: ${r.url()}`); });
});
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  web?.remove();
});

function appFrame(): Frame {
  const f = page.frames().find((x) => x.url().includes('innovaphone-recordings.htm'));
  if (!f) throw new Error('app frame not loaded');
  return f;
}

describe('user app in the standalone host page against the real server', () => {
  it('signs in through the host page, shows a PUT upload live, opens and plays it on both channels', async () => {
    await page.goto(`${srv.url}/host.htm`);
    await expect.poll(() => page.frames().some((x) => x.url().includes('innovaphone-recordings.htm')), { timeout: 15_000 }).toBe(true);
    const f = appFrame();
    await f.locator('rec-app .conn[data-phase=connected]').waitFor({ timeout: 15_000 });
    expect(await f.locator('rec-app .conn').innerText()).toContain('Alice Adams');
    expect(await f.locator('rec-recording-list [role=option]').count()).toBe(0);

    const put = await upload(srv.url, NAME, readFileSync(FIXTURE));
    expect(put.status).toBe(201);
    const row = f.locator('rec-recording-list [role=option]');
    await row.first().waitFor({ timeout: 15_000 }); // pushed, no reload
    expect(await row.count()).toBe(1);

    await row.first().click();
    const play = f.locator('rec-call-player rec-transport button.main');
    await expect.poll(async () => (await play.isEnabled()) && (await play.innerText()) === 'Play', { timeout: 20_000 }).toBe(true);
    expect(await f.locator('rec-call-player rec-quality-panel tbody tr').count()).toBe(2);
    await play.click();

    const levels = await listenBothChannels(f);
    expect(levels.state).toBe('running');
    expect(levels.time).toBeGreaterThan(0);
    expect(levels.peaks[0]).toBeGreaterThan(0.01); // left = remote
    expect(levels.peaks[1]).toBeGreaterThan(0.01); // right = local
    // The host page (not part of the app) has no icon: the browser's /favicon.ico probe is not ours.
    expect(errors.filter((e) => !e.includes('/favicon.ico'))).toEqual([]);
  });

  it('protects (delete refused while protected), saves a note, deletes after confirmation; the row goes away', async () => {
    const f = appFrame();
    const id = await f.locator('rec-recording-list [role=option]').first().getAttribute('data-id');
    await f.getByRole('button', { name: 'Protect' }).click();
    await f.getByRole('button', { name: 'Remove protection' }).waitFor();
    expect(await f.getByRole('button', { name: 'Delete', exact: true }).isDisabled()).toBe(true);
    await expect.poll(() => f.locator('rec-recording-list [role=option]').first().innerText()).toContain('protected');
    expect((await srv.service.store.getRecording(id!))?.protected).toBe(true);
    await f.getByRole('button', { name: 'Remove protection' }).click();
    await f.getByRole('button', { name: 'Protect' }).waitFor();

    await f.getByLabel('Note').fill('customer agreed');
    await f.getByRole('button', { name: 'Save note' }).click();
    await f.getByText('Note saved').waitFor();
    expect((await srv.service.store.getRecording(id!))?.note).toBe('customer agreed');

    await f.getByRole('button', { name: 'Delete', exact: true }).click();
    await f.locator('rec-call-player dialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => f.locator('rec-recording-list [role=option]').count()).toBe(0);
    expect((await srv.service.store.getRecording(id!))?.state).toBe('deleted'); // recoverable: in the recycle bin
  });

  it('the admin app lists every owner with the owner column, in German when asked', async () => {
    await upload(srv.url, '0c1d2e3f405162738495a6b7c8d9eaf2-009033d4e5f6-3--bob.pcap', readFileSync(FIXTURE));
    await page.selectOption('#user', 'admin');
    await page.selectOption('#lang', 'de');
    await page.click('#open');
    let f: Frame | undefined;
    await expect.poll(() => { f = page.frames().find((x) => x.url().includes('innovaphone-recordingsadmin.htm')); return !!f; }, { timeout: 15_000 }).toBe(true);
    await f!.locator('rec-app .conn[data-phase=connected]').waitFor({ timeout: 15_000 });
    expect(await f!.locator('rec-app h1').innerText()).toBe('Aufzeichnungen Admin');
    const rows = f!.locator('rec-recording-list [role=option]');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1); // alice's is in the recycle bin
    expect(await rows.first().innerText()).toContain('bob');
    expect(await f!.getByLabel('Besitzer', { exact: true }).count()).toBe(1);
  });
});
