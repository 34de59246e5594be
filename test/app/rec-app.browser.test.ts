// The myApps view in Chromium with the service mocked by msw (WebSocket link + HTTP download):
// login, list, filter, live push, play, protect/note/delete with an error result, reconnect after
// the server drops the socket, a refused login, en/de and light/dark, and a 100,000-row list.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './serve.js';

const FIXTURE = resolve(import.meta.dirname, '..', 'fixtures', 'captures', 'pcma-eth-ipv4.pcap');
let h: Harness;
let page: Page;
const errors: string[] = [];

async function freshPage(mount: Record<string, unknown> = {}, setup?: string): Promise<Page> {
  await page?.close();
  page = await h.browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(h.url);
  await page.waitForFunction(() => (window as any).mswReady);
  await page.evaluate(() => (window as any).mswReady);
  if (setup) await page.evaluate(setup);
  await page.evaluate((m) => (window as any).harness.mount(m), mount);
  return page;
}

const rows = () => page.locator('rec-recording-list [role=option]');
const conn = () => page.locator('rec-app .conn');

beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

describe('rec-app against a mocked service', () => {
  it('logs in, subscribes and lists; the text filter is sent to the service', async () => {
    await freshPage({}, `mock.setRecordings([
      mock.recording('a', { remoteName: 'Bob Brown', remoteNumber: '202', startTime: Date.UTC(2026,0,10,9) }),
      mock.recording('b', { remoteNumber: '0897654321', startTime: Date.UTC(2026,0,10,11), direction: 'in' }),
      mock.recording('c', { remoteName: 'Carol', startTime: Date.UTC(2026,0,9,8), protected: true })])`);
    await page.locator('rec-app .conn[data-phase=connected]').waitFor();
    expect(await conn().innerText()).toContain('Signed in as Alice Adams');
    await expect.poll(() => rows().count()).toBe(3);
    // newest first
    expect(await rows().nth(0).getAttribute('data-id')).toBe('b');
    expect(await rows().nth(2).innerText()).toContain('protected');
    expect(await page.evaluate(() => (window as any).mock.requestsOf('SubscribeRecordings').length)).toBe(1);

    await page.getByLabel('Search names and numbers').fill('bob');
    await expect.poll(() => rows().count()).toBe(1);
    const last = await page.evaluate(() => { const r = (window as any).mock.requestsOf('ListRecordings'); return r[r.length - 1]; });
    expect(last.filter).toEqual({ text: 'bob' });
    await page.getByLabel('Search names and numbers').fill('');
    await expect.poll(() => rows().count()).toBe(3);

    const lastFilter = () => page.evaluate(() => { const r = (window as any).mock.requestsOf('ListRecordings'); return r[r.length - 1].filter; });
    await page.getByLabel('From').fill('2026-01-10');
    await expect.poll(() => rows().count()).toBe(2); // c is from the 9th
    const from = await page.evaluate(() => new Date(2026, 0, 10).getTime());
    expect(await lastFilter()).toEqual({ from });
    await page.getByLabel('To').fill('2026-01-10'); // the whole day: exclusive end is the next midnight
    await expect.poll(async () => (await lastFilter()).to).toBe(await page.evaluate(() => new Date(2026, 0, 11).getTime()));
    expect(await rows().count()).toBe(2);
    await page.getByLabel('From').fill('');
    await page.getByLabel('To').fill('');
    await expect.poll(() => rows().count()).toBe(3);

    await page.getByLabel('Direction').selectOption('in');
    await expect.poll(() => rows().count()).toBe(1);
    await page.getByLabel('Direction').selectOption('');
    await page.getByLabel('Sort by').selectOption('remote');
    await expect.poll(async () => (await page.evaluate(() => { const r = (window as any).mock.requestsOf('ListRecordings'); return r[r.length - 1].sort; }))).toBe('remote');
  });

  it('shows a pushed recording at once, in sort order, without reloading', async () => {
    const lists = await page.evaluate(() => (window as any).mock.requestsOf('ListRecordings').length);
    await page.getByLabel('Sort by').selectOption('startTime');
    await expect.poll(() => page.evaluate(() => (window as any).mock.requestsOf('ListRecordings').length)).toBe(lists + 1);
    await page.evaluate(() => (window as any).mock.add((window as any).mock.recording('new', { remoteName: 'Dave', startTime: Date.UTC(2026, 0, 11) })));
    await expect.poll(async () => rows().nth(0).getAttribute('data-id')).toBe('new');
    expect(await rows().count()).toBe(4);
    expect(await page.evaluate(() => (window as any).mock.requestsOf('ListRecordings').length)).toBe(lists + 1);
  });

  it('opens a recording: token download through msw, decode with progress, plays', async () => {
    await page.evaluate((b64) => (window as any).mock.setPcap('b', b64), readFileSync(FIXTURE).toString('base64'));
    await rows().nth(1).click();
    const play = page.locator('rec-call-player rec-transport button.main');
    await expect.poll(async () => (await play.count()) > 0 && (await play.isEnabled()), { timeout: 20_000 }).toBe(true);
    expect(await page.evaluate(() => (window as any).mock.state.downloads)).toBe(1);
    const tok = await page.evaluate(() => (window as any).mock.requestsOf('GetDownloadToken')[0]);
    expect(tok).toMatchObject({ id: 'b', purpose: 'play' });
    // the service had no stream stats for this one: the panel falls back to the decoder's
    expect(await page.locator('rec-call-player rec-quality-panel tbody tr').count()).toBe(2);
    expect(await page.locator('rec-call-player rec-call-info p').innerText()).toContain('No call information');
    await play.click();
    await page.waitForFunction(() => {
      const p = (window as any).app.el.shadowRoot.querySelector('rec-call-player');
      return p.player.context?.state === 'running' && p.player.positionFrame > 0;
    }, undefined, { timeout: 10_000 });
    // space outside inputs and the list pauses (the page's own key)
    await page.locator('rec-call-player h2').click();
    await page.keyboard.press(' ');
    expect(await page.evaluate(() => (window as any).app.el.shadowRoot.querySelector('rec-call-player').player.isPlaying)).toBe(false);
    expect(await play.innerText()).toBe('Play');
  });

  it('shows the call flow from GetRecording even when the audio cannot be fetched', async () => {
    await page.evaluate(() => { (window as any).mock.state.recordings.find((r: any) => r.id === 'a').hasCallInfo = true; });
    await page.locator('rec-recording-list [role=option][data-id=a]').click();
    const table = page.locator('rec-call-player rec-call-info table');
    await table.waitFor();
    expect(await table.locator('caption').innerText()).toContain('Alice Adams (201)');
    const events = await table.locator('tbody tr').allInnerTexts();
    expect(events).toHaveLength(3);
    expect(events[0]).toMatch(/setup-to\s+Bob Brown · 202\s+5/);
    await page.locator('rec-call-player .error[data-code=download]').waitFor();
    expect(await page.locator('rec-call-player h2').innerText()).toContain('Bob Brown');
  });

  it('explains a download that fails; the list is usable by keyboard', async () => {
    await page.locator('rec-recording-list .scroller').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter'); // "new": no PCAP in the mock → 404
    const err = page.locator('rec-call-player .error');
    await err.waitFor({ timeout: 10_000 });
    expect(await err.getAttribute('data-code')).toBe('download');
    expect(await err.innerText()).toContain('could not be downloaded (HTTP 404)');
    expect(await rows().nth(0).getAttribute('aria-selected')).toBe('true');
    await page.locator('rec-recording-list .scroller').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => rows().nth(1).getAttribute('aria-selected')).toBe('true');
    await rows().nth(0).click();
    await err.waitFor({ timeout: 10_000 });
  });

  it('protects, shows an error result, saves a note and deletes after confirmation', async () => {
    await rows().nth(1).click(); // b
    const protect = page.getByRole('button', { name: 'Protect' });
    await protect.waitFor();
    await protect.click();
    await page.getByRole('button', { name: 'Remove protection' }).waitFor();
    expect(await page.getByRole('button', { name: 'Delete', exact: true }).isDisabled()).toBe(true);
    await expect.poll(() => rows().nth(1).innerText()).toContain('protected'); // the list follows
    await page.getByRole('button', { name: 'Remove protection' }).click();
    await page.getByRole('button', { name: 'Protect' }).waitFor();

    await page.evaluate(() => (window as any).mock.failNext('SetNote', 'forbidden', 'users may not'));
    await page.getByLabel('Note').fill('call back on Monday');
    await page.getByRole('button', { name: 'Save note' }).click();
    const err = page.locator('rec-call-player .error[data-code=forbidden]');
    await err.waitFor();
    expect(await err.innerText()).toBe('You may not do this.');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.getByText('Note saved').waitFor();
    expect(await page.evaluate(() => (window as any).mock.state.recordings.find((r: any) => r.id === 'b').note)).toBe('call back on Monday');
    expect(await page.locator('rec-call-player .error').count()).toBe(0);

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.locator('rec-call-player dialog');
    expect(await dialog.isVisible()).toBe(true);
    expect(await dialog.innerText()).toContain('recycle bin');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await dialog.isVisible()).toBe(false);
    expect(await page.evaluate(() => (window as any).mock.requestsOf('DeleteRecording').length)).toBe(0);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => rows().count()).toBe(3);
    expect(await page.locator('rec-call-player p.hint').innerText()).toContain('Choose a recording');
  });

  it('reconnects with back-off after the service drops the socket, then re-subscribes and catches up', async () => {
    await page.evaluate(() => (window as any).mock.dropAll());
    await page.locator('rec-app .conn[data-phase=waiting]').waitFor();
    expect(await conn().innerText()).toMatch(/Connection lost — retrying in \d s/);
    // recorded while the app was away: it is not pushed, the reload after login brings it
    await page.evaluate(() => (window as any).mock.state.recordings.push((window as any).mock.recording('away', { startTime: Date.UTC(2026, 0, 12) })));
    await page.locator('rec-app .conn[data-phase=connected]').waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (window as any).mock.state.logins)).toBe(2);
    expect(await page.evaluate(() => (window as any).mock.requestsOf('SubscribeRecordings').length)).toBe(2);
    await expect.poll(async () => rows().nth(0).getAttribute('data-id')).toBe('away');
    // pushes flow again on the new socket
    await page.evaluate(() => (window as any).mock.add((window as any).mock.recording('after', { startTime: Date.UTC(2026, 0, 13) })));
    await expect.poll(async () => rows().nth(0).getAttribute('data-id')).toBe('after');
  });

  it('shows a refused login and keeps retrying', async () => {
    await freshPage({ digest: 'wrong' });
    const banner = page.locator('rec-app .banner');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('Sign-in refused: wrong digest');
    await expect.poll(() => page.evaluate(() => (window as any).mock.requestsOf('AppLogin').length), { timeout: 10_000 }).toBeGreaterThan(1);
    expect(await page.evaluate(() => (window as any).mock.state.logins)).toBe(0);
  });

  it('speaks German and follows the scheme', async () => {
    await freshPage({ lang: 'de', scheme: 'dark', admin: true }, `mock.setRecordings([mock.recording('x', { protected: true })])`);
    await page.locator('rec-app .conn[data-phase=connected]').waitFor();
    expect(await page.locator('rec-app h1').innerText()).toBe('Aufzeichnungen Admin');
    expect(await conn().innerText()).toContain('Angemeldet als Alice Adams');
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().innerText()).toContain('geschützt');
    expect(await page.getByLabel('Besitzer', { exact: true }).count()).toBe(1); // admin: owner filter
    // another admin moves it to the recycle bin: admins get it as updated with state "deleted"
    await rows().first().click();
    await page.locator('rec-call-player h2').waitFor();
    await page.evaluate(() => { const m = (window as any).mock; for (const c of m.state.clients) c.send(JSON.stringify({ mt: 'RecordingUpdated', src: 'a1', recording: m.recording('x', { state: 'deleted' }) })); });
    await expect.poll(() => rows().count()).toBe(0);
    await page.locator('rec-call-player p.hint').waitFor();
    const bg = () => page.evaluate(() => getComputedStyle((window as any).app.el).backgroundColor);
    expect(await bg()).toBe('rgb(25, 25, 25)');
    await page.evaluate(() => { (window as any).harness.setLang('en'); (window as any).harness.applyScheme('light'); });
    expect(await page.locator('rec-app h1').innerText()).toBe('Recordings admin');
    expect(await bg()).toBe('rgb(255, 255, 255)');
  });

  it('pages with more: scrolling to the end of the loaded rows fetches the next page', async () => {
    await freshPage({}, `mock.setRecordings(Array.from({ length: 450 }, (_, i) => mock.recording('p' + i, { startTime: Date.UTC(2026, 0, 1) + i * 60000 })))`);
    await page.locator('rec-app .conn[data-phase=connected]').waitFor();
    const count = page.locator('rec-app .count');
    await expect.poll(() => count.innerText()).toContain('200 recordings loaded, more available');
    const scroll = () => page.evaluate(() => {
      const sc = (window as any).app.el.shadowRoot.querySelector('rec-recording-list').shadowRoot.querySelector('.scroller');
      sc.scrollTop = sc.scrollHeight;
    });
    await scroll();
    await expect.poll(() => count.innerText()).toContain('400 recordings loaded');
    await scroll();
    await expect.poll(() => count.innerText()).toBe('450 recordings');
    const lists = await page.evaluate(() => (window as any).mock.requestsOf('ListRecordings').map((r: any) => r.cursor ?? null));
    expect(lists).toEqual([null, '200', '400']);
    await scroll();
    await expect.poll(() => rows().last().getAttribute('data-id')).toBe('p0'); // oldest at the end
  });

  it('keeps 100,000 rows smooth: only visible rows exist, scrolling to the end renders the last ones', async () => {
    await page?.close();
    page = await h.browser.newPage();
    await page.goto(h.url);
    // Timings are printed for the record; speed is a benchmark's job, the row count is the test.
    const ms = await page.evaluate(() => (window as any).harness.bigList(100_000));
    const list = page.locator('body > rec-recording-list');
    const count = await list.locator('[role=option]').count();
    expect(count).toBeGreaterThan(5);
    expect(count).toBeLessThan(60);
    const frameMs = await page.evaluate(async () => {
      const el = document.querySelector('body > rec-recording-list')!;
      const sc = el.shadowRoot!.querySelector('.scroller') as HTMLElement;
      const times: number[] = [];
      for (let i = 1; i <= 20; i++) {
        const t0 = performance.now();
        sc.scrollTop = (sc.scrollHeight * i) / 20;
        sc.dispatchEvent(new Event('scroll'));
        await (el as any).updateComplete;
        times.push(performance.now() - t0);
      }
      return Math.max(...times);
    });
    console.log(`[100k rows] first render ${ms.toFixed(1)} ms, slowest scroll update ${frameMs.toFixed(1)} ms`);
    await expect.poll(() => list.locator('[role=option][data-id=r99999]').count()).toBe(1);
    expect(await list.locator('[role=option]').count()).toBeLessThan(60);
    // keyboard: Home goes back to the first row
    await list.locator('.scroller').focus();
    await page.keyboard.press('Home');
    await expect.poll(() => list.locator('[role=option][data-id=r0]').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
