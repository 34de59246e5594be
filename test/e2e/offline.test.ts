// Offline play end to end: the real server and host page; a recording uploaded by PUT is marked
// "keep offline"; then the network is cut (context.setOffline, and the server is stopped so
// nothing at all can come from it), the host page is reloaded: the service worker serves the
// host page, the app page and its scripts, the decoder worker and the WASM core; the list shows
// the kept recording from IndexedDB; it plays and a tap on each output channel hears sound.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSoundOnBothChannels } from './audio-tap.js';
import { FIXTURE, startE2e, type E2eEnv } from './e2e-env.js';

const NAME = '4f1c2a9e7b3d4c5e8a6f0b1c2d3e4f51-009033a1b2c3-7--alice.pcap';

let env: E2eEnv;
/** requests that got no response (after the cut: whatever the service worker does not serve) */
const failed: string[] = [];
const afterCut: { url: string; sw: boolean }[] = [];

beforeAll(async () => {
  env = await startE2e();
  env.page.on('requestfailed', (r) => { if (env.serverStopped) failed.push(r.url()); });
  env.context.on('response', (r) => { if (env.serverStopped) afterCut.push({ url: r.url(), sw: r.fromServiceWorker() }); });
});
afterAll(async () => { await env?.close(); });

describe('offline play with the real server and host page', () => {
  it('the local player page registers the worker itself and decodes a dropped capture with the network cut', async () => {
    const ctx = await env.browser.newContext(); // storage of its own: its worker comes from index.html alone
    const p = await ctx.newPage();
    const pageErrors: string[] = [];
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.goto(`${env.srv.url}/index.html`);
    await p.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await p.waitForFunction(() => !!navigator.serviceWorker.controller);
    await ctx.setOffline(true);
    expect((await p.reload())?.fromServiceWorker()).toBe(true);
    await p.locator('input[type=file]').setInputFiles(FIXTURE);
    const rows = p.locator('rec-stream-table tbody tr');
    await rows.first().waitFor({ timeout: 20_000 });
    expect(await rows.count()).toBe(2); // decoded by the worker and WASM core from the worker's cache
    expect(pageErrors).toEqual([]);
    await ctx.close();
  });

  it('keeps a recording offline, then plays it after a reload with the network cut', async () => {
    // A cache left by an older build: the new worker's activate must delete it.
    await env.page.goto(`${env.srv.url}/host/users`);
    await env.page.evaluate(async () => { await (await caches.open('recordings-shell-oldbuild')).put('/x', new Response('old')); });
    let f = await env.openHost();
    await f.locator('rec-app .conn[data-phase=connected]').waitFor({ timeout: 15_000 });
    // The service worker installs on this first visit; a shell cached, it controls the pages.
    await f.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const cached = await f.evaluate(async () => {
      const names = await caches.keys();
      const c = await caches.open(names.find((n) => n.startsWith('recordings-shell-'))!);
      return (await c.keys()).map((r) => new URL(r.url).pathname.split('/').pop());
    });
    expect(cached).toContain('innovaphone-recordings.htm');
    await expect.poll(() => f.evaluate(() => caches.keys())).toEqual([expect.stringMatching(/^recordings-shell-(?!oldbuild)/)]);
    expect(cached.some((n) => /^decoder-.*\.wasm$/.test(n!))).toBe(true);
    expect(cached.some((n) => /^decoder\.worker-.*\.js$/.test(n!))).toBe(true);
    expect(cached.some((n) => /ffmpeg/i.test(n!))).toBe(false); // the 32 MB core is never precached …
    const core = readdirSync(join(env.web.dir, 'assets')).find((n) => /^ffmpeg-core-.*\.wasm$/.test(n));
    expect(core).toBeDefined();
    const lazy = await f.evaluate(async (file) => {
      const has = async () => { for (const n of await caches.keys()) if (await (await caches.open(n)).match(new URL(file, location.href).href)) return true; return false; };
      const before = await has();
      const size = (await (await fetch(file)).arrayBuffer()).byteLength;
      return { before, size, after: await has() };
    }, `assets/${core}`);
    expect(lazy).toMatchObject({ before: false, after: true }); // … but kept once it was fetched
    expect(lazy.size).toBeGreaterThan(20e6);
    // The host page itself was opened before the worker existed: one more online visit lets the
    // worker see it (and its user list) like any later visit would.
    await env.page.reload();
    f = await env.waitForFrame();
    await f.locator('rec-app .conn[data-phase=connected]').waitFor({ timeout: 15_000 });

    const put = await env.uploadFixture(NAME);
    expect(put.status).toBe(201);
    const row = f.locator('rec-recording-list [role=option]');
    await row.first().waitFor({ timeout: 15_000 });
    await row.first().click();
    let play = f.locator('rec-call-player rec-transport button.main');
    await expect.poll(async () => (await play.count()) > 0 && (await play.isEnabled()), { timeout: 20_000 }).toBe(true);
    await f.getByLabel('Keep offline').check();
    await expect.poll(() => f.locator('rec-offline-toggle .state').innerText(), { timeout: 20_000 }).toContain('Kept on this device');

    await env.context.setOffline(true);
    await env.stopServer();
    await env.page.reload();
    f = await env.waitForFrame();
    await f.locator('rec-offline-indicator .badge').waitFor({ timeout: 15_000 });
    expect(await f.locator('rec-app .conn').getAttribute('data-phase')).not.toBe('connected');
    const offlineRow = f.locator('rec-recording-list [role=option]');
    await expect.poll(() => offlineRow.count(), { timeout: 10_000 }).toBe(1);
    await offlineRow.first().click();
    play = f.locator('rec-call-player rec-transport button.main');
    await expect.poll(async () => (await play.count()) > 0 && (await play.isEnabled()) && (await play.innerText()) === 'Play', { timeout: 20_000 }).toBe(true);
    expect(await f.locator('rec-offline-toggle .offline').innerText()).toContain('Offline: playing the copy kept on this device.');
    await play.click();

    await expectSoundOnBothChannels(f);

    // A server action is refused with a sentence, nothing is sent.
    await f.getByRole('button', { name: 'Protect' }).click();
    await expect.poll(() => f.locator('rec-call-player .error').first().innerText()).toBe('Not connected to the Recordings service; the request was not sent.');
    // A page of the scope that was never cached gets a clear offline page, not a browser error.
    const other = await env.context.newPage();
    const res = await other.goto(`${env.srv.url}/not-cached.htm`);
    expect(res?.status()).toBe(503);
    expect(await other.locator('body').innerText()).toContain('This page is not available offline (not-cached.htm).');
    await other.close();
    expect(env.errors).toEqual([]);
    // Offline, nothing of ours failed (the browser's /favicon.ico probe of the host page is not ours) …
    expect(failed.filter((u) => !u.endsWith('/favicon.ico'))).toEqual([]);
    // … and every response the pages got came from the service worker.
    expect(afterCut.length).toBeGreaterThan(5);
    expect(afterCut.filter((r) => !r.sw)).toEqual([]);
  });
});
