// Offline play in Chromium (msw mocks the service, offline-harness.ts cuts the app's network):
// the idb cache (LRU eviction over a budget, pinned entries kept, QuotaExceededError handling,
// a real browser quota via DevTools, a broken disk), the "keep offline" toggle and the storage
// panel, the offline indicator, the list of cached recordings while offline, playing from the
// cache without a download, server actions refused with a sentence, and going online again.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './serve.js';
import { startOfflineHarness } from './offline-serve.js';

const FIXTURE = resolve(import.meta.dirname, '..', 'fixtures', 'captures', 'pcma-eth-ipv4.pcap');
const PCAP_SIZE = readFileSync(FIXTURE).length;
let h: Harness;
let page: Page;
const errors: string[] = [];

async function freshPage(): Promise<Page> {
  await page?.context().close();
  page = await h.browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(h.url);
  await page.waitForFunction(() => (window as any).mswReady);
  await page.evaluate(() => (window as any).mswReady);
  return page;
}

beforeAll(async () => { h = await startOfflineHarness(); });
afterAll(async () => { await h?.close(); });

describe('offline cache (IndexedDB in Chromium)', () => {
  it('puts and gets bytes and metadata; evicts the least recently used unpinned entry over the budget; pinned stay', async () => {
    await freshPage();
    const r = await page.evaluate(async () => {
      const o = (window as any).offline, m = (window as any).mock;
      const { cache } = await o.cacheWith('idb', 'lru', { budget: 30e6 });
      const rec = (id: string) => m.recording(id, { size: 10e6 });
      await cache.putRecent(rec('a'), o.blob(10e6));
      await cache.putRecent(rec('b'), o.blob(10e6));
      await cache.putRecent(rec('c'), o.blob(10e6));
      const got = await cache.bytes('a'); // a is now the most recently used
      await new Promise((res) => setTimeout(res, 50)); // the LRU stamp is written after the read
      const storedD = await cache.putRecent(rec('d'), o.blob(10e6)); // over budget: b goes (least recently used)
      const afterD = (await cache.entries()).map((e: any) => e.id).sort();
      await cache.pin(rec('p'), o.blob(25e6)); // pinned 25 MB: every unpinned one must go
      const afterPin = (await cache.entries()).map((e: any) => `${e.id}:${e.pinned}`);
      const recentTooBig = await cache.putRecent(rec('e'), o.blob(10e6)); // 25 + 10 > 30 and nothing evictable
      let err: any = null;
      try { await cache.pin(rec('q'), o.blob(10e6)); } catch (e: any) { err = { name: e.name, reason: e.reason, text: e.message }; }
      const status = await cache.status();
      return { gotSize: got?.bytes.size, gotId: got?.entry.recording.id, storedD, afterD, afterPin, recentTooBig, err, used: status.used, budget: status.budget };
    });
    expect(r.gotSize).toBe(10e6);
    expect(r.gotId).toBe('a');
    expect(r.storedD).toBe(true);
    expect(r.afterD).toEqual(['a', 'c', 'd']);
    expect(r.afterPin).toEqual(['p:true']);
    expect(r.recentTooBig).toBe(false);
    expect(r.err).toMatchObject({ name: 'offline', reason: 'no-space' });
    expect(r.err.text).toBe('This recording (10 MB) does not fit into the space for offline recordings (5.0 MB free of 30 MB, recordings kept offline included). Remove recordings you keep offline and try again.');
    expect(r.used).toBe(25e6);
    expect(r.budget).toBe(30e6);
  });

  it('on QuotaExceededError evicts unpinned entries and retries; a pinned one that still does not fit is refused with a sentence', async () => {
    const r = await page.evaluate(async () => {
      const o = (window as any).offline, m = (window as any).mock;
      // budget large, but the "browser" takes only 25 MB
      const { cache, store } = await o.cacheWith('quota', 'quota', { budget: 1e9, limit: 25e6 });
      await cache.putRecent(m.recording('a', { size: 10e6 }), o.blob(10e6));
      await cache.putRecent(m.recording('b', { size: 10e6 }), o.blob(10e6));
      const putsBefore = store.puts;
      const pinned = await cache.pin(m.recording('p', { size: 12e6 }), o.blob(12e6)); // quota → a evicted → retry succeeds
      const tries = store.puts - putsBefore;
      const after = (await cache.entries()).map((e: any) => e.id).sort();
      const recent = await cache.putRecent(m.recording('c', { size: 20e6 }), o.blob(20e6)); // b evicted, still no room: not kept
      const afterRecent = (await cache.entries()).map((e: any) => e.id).sort();
      let err: any = null;
      try { await cache.pin(m.recording('q', { size: 20e6 }), o.blob(20e6)); } catch (e: any) { err = { reason: e.reason, text: e.message }; }
      return { pinnedId: pinned.id, tries, after, recent, afterRecent, err };
    });
    expect(r.pinnedId).toBe('p');
    expect(r.tries).toBe(2);
    expect(r.after).toEqual(['b', 'p']);
    expect(r.recent).toBe(false);
    expect(r.afterRecent).toEqual(['p']);
    expect(r.err).toEqual({ reason: 'quota', text: 'The browser refused to store this recording (20 MB): the storage for this site is full. Remove recordings kept on this device or free disk space.' });
  });

  it('a real browser quota (DevTools Storage.overrideQuotaForOrigin) ends in the same refusal; a broken disk is reported as such', async () => {
    await freshPage(); // the override must come before this origin's first use of storage
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(h.url).origin, quotaSize: 8e6 });
    const r = await page.evaluate(async () => {
      const o = (window as any).offline, m = (window as any).mock;
      const { cache } = await o.cacheWith('idb', 'real-quota', { budget: 1e9 });
      let err: any = null;
      try { await cache.pin(m.recording('big', { size: 20e6 }), o.blob(20e6)); } catch (e: any) { err = { reason: e.reason, text: e.message }; }
      const left = (await cache.entries()).length;
      const broken = await o.cacheWith('broken', 'broken', { budget: 1e9 });
      let err2: any = null;
      try { await broken.cache.pin(m.recording('x', { size: 1000 }), o.blob(1000)); } catch (e: any) { err2 = { reason: e.reason, text: e.message }; }
      return { err, left, err2 };
    });
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(h.url).origin });
    expect(r.err?.reason).toBe('quota');
    expect(r.left).toBe(0); // metadata and bytes go in one transaction: no half entry
    expect(r.err2).toEqual({ reason: 'storage', text: 'The browser could not store the recording: disk I/O error (test store)' });
  });

  it('budget from navigator.storage-style figures (half the quota); persistence is asked on the first pin only', async () => {
    const r = await page.evaluate(async () => {
      const o = (window as any).offline, m = (window as any).mock;
      let persistCalls = 0;
      const cache = new o.OfflineCache({
        store: await o.IdbOfflineStore.open('estimate'), estimate: async () => ({ usage: 5e6, quota: 40e6 }),
        persist: async () => { persistCalls++; return true; }, persisted: async () => persistCalls > 0,
      }, 'test|alice');
      await cache.putRecent(m.recording('r', { size: 1e6 }), o.blob(1e6));
      const before = persistCalls;
      await cache.pin(m.recording('p', { size: 15e6 }), o.blob(15e6));
      await cache.pin(m.recording('q', { size: 1e6 }), o.blob(1e6));
      await new Promise((res) => setTimeout(res, 20));
      let err: any = null;
      try { await cache.pin(m.recording('big', { size: 10e6 }), o.blob(10e6)); } catch (e: any) { err = e.reason; }
      return { before, after: persistCalls, status: await cache.status(), err, ids: (await cache.entries()).map((e: any) => e.id) };
    });
    expect(r.before).toBe(0);
    expect(r.after).toBe(1);
    expect(r.status).toEqual({ used: 16e6, budget: 20e6, usage: 5e6, quota: 40e6, persisted: true });
    expect(r.err).toBe('no-space'); // 16 MB pinned + 10 MB > 20 MB; the recent one was evicted for it
    expect(r.ids.sort()).toEqual(['p', 'q']);
  });

  it('keeps metadata fresh and removes entries; offline without a cached copy says so', async () => {
    const r = await page.evaluate(async () => {
      const o = (window as any).offline, m = (window as any).mock;
      const { cache } = await o.cacheWith('idb', 'meta', { budget: 1e9 });
      const detail = { ...m.recording('a'), streams: [{ ssrc: 1 }], warnings: [], callInfo: null, summary: null };
      await cache.pin(detail, o.blob(1000));
      await cache.update({ ...m.recording('a'), note: 'called back', protected: true });
      const e = await cache.get('a');
      await cache.unpin('a');
      const unpinned = (await cache.get('a')).pinned;
      await cache.remove('a');
      const gone = await cache.get('a');
      const conn = { connected: false, request: () => Promise.reject(new Error('must not be called')) };
      const failures: string[] = [];
      await o.getRecordingDetail(conn, 'zz', cache).catch((x: Error) => failures.push(`${x.name}: ${x.message}`));
      await o.getRecordingBytes(conn, m.recording('zz'), () => undefined, undefined, cache).catch((x: Error) => failures.push(`${x.name}: ${x.message}`));
      const anonymous = new o.OfflineCache({ store: await o.IdbOfflineStore.open('meta'), budgetBytes: 1e9 }, '');
      const keptAnonymous = await anonymous.putRecent(m.recording('n'), o.blob(10));
      return { note: e.recording.note, prot: e.recording.protected, streams: e.recording.streams.length, unpinned, gone: gone === undefined, failures, keptAnonymous };
    });
    expect(r).toEqual({
      note: 'called back', prot: true, streams: 1, unpinned: false, gone: true, keptAnonymous: false,
      failures: Array(2).fill('offline: This recording is not kept on this device, so it cannot be played without a connection to the service.'),
    });
  });
});

describe('offline use of the myApps view', () => {
  const rows = () => page.locator('rec-recording-list [role=option]');
  const requests = (mt: string) => page.evaluate((x) => (window as any).mock.requestsOf(x).length, mt);

  it('"Keep offline" downloads the recording once and pins it; the storage panel lists it with its size and removes it', async () => {
    await freshPage();
    await page.evaluate((b64) => {
      const m = (window as any).mock;
      m.setRecordings([
        m.recording('a', { remoteName: 'Bob Brown', startTime: Date.UTC(2026, 0, 10, 9) }),
        m.recording('b', { remoteName: 'Carol', startTime: Date.UTC(2026, 0, 10, 11), size: 0 }),
        m.recording('c', { remoteName: 'Dave', startTime: Date.UTC(2026, 0, 9, 8) }),
      ]);
      m.state.recordings.find((r: any) => r.id === 'b').size = atob(b64).length;
      m.setPcap('b', b64);
      m.setPcap('c', b64);
      (window as any).offline.mount();
    }, readFileSync(FIXTURE).toString('base64'));
    await page.locator('rec-app .conn[data-phase=connected]').waitFor();
    await expect.poll(() => rows().count()).toBe(3);
    expect(await page.locator('rec-offline-indicator .badge').count()).toBe(0);

    await page.locator('rec-recording-list [role=option][data-id=b]').click();
    const play = page.locator('rec-call-player rec-transport button.main');
    await expect.poll(async () => (await play.count()) > 0 && (await play.isEnabled()), { timeout: 20_000 }).toBe(true);
    const toggle = page.getByLabel('Keep offline');
    // played from the network: kept as a recently played entry already
    await expect.poll(() => page.locator('rec-offline-toggle .state').innerText()).toContain('recently played');
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();
    await expect.poll(() => page.locator('rec-offline-toggle .state').innerText()).toContain(`Kept on this device (${(PCAP_SIZE / 1e6).toFixed(1)} MB)`);
    // the cached copy was pinned: no second download, no token
    expect(await page.evaluate(() => (window as any).mock.state.downloads)).toBe(1);
    expect(await requests('GetDownloadToken')).toBe(1);

    // c is pinned without being played: the toggle downloads it (token purpose "download")
    await page.locator('rec-recording-list [role=option][data-id=c]').click();
    await expect.poll(() => page.locator('rec-offline-toggle .state').innerText(), { timeout: 20_000 }).toContain('recently played');
    await page.evaluate(() => (window as any).offline.offlineCache().remove('c'));
    await expect.poll(() => page.locator('rec-offline-toggle .state').count()).toBe(0);
    await toggle.check();
    await expect.poll(() => page.locator('rec-offline-toggle .state').innerText()).toContain('Kept on this device');
    const toks = await page.evaluate(() => (window as any).mock.requestsOf('GetDownloadToken').map((x: any) => `${x.id}:${x.purpose}`));
    expect(toks).toEqual(['b:play', 'c:play', 'c:download']);

    await page.getByRole('button', { name: 'Offline storage' }).click();
    const panel = page.locator('rec-offline-panel');
    await expect.poll(() => panel.locator('tbody tr').count()).toBe(2);
    expect(await panel.locator('tbody tr[data-id=b]').innerText()).toMatch(/Carol[\s\S]*kept offline[\s\S]*MB/);
    expect(await panel.locator('.used').innerText()).toMatch(/^Offline recordings use \d+\.\d MB of \d+ MB set aside for them\.$/);
    await panel.getByRole('button', { name: 'Remove Dave from this device' }).click();
    await expect.poll(() => panel.locator('tbody tr').count()).toBe(1);
    expect(await toggle.isChecked()).toBe(false); // c is shown in the player and no longer kept
    await page.getByRole('button', { name: 'Close' }).click();
  });

  it('"Keep offline" pressed while the player is still downloading waits for that download: one fetch, one write', async () => {
    await page.evaluate((b64) => {
      const m = (window as any).mock;
      m.setPcap('d', b64);
      m.add(m.recording('d', { remoteName: 'Erin', startTime: Date.UTC(2026, 0, 8, 8), size: atob(b64).length }));
      (window as any).offline.slowDownloads(1500);
    }, readFileSync(FIXTURE).toString('base64'));
    const downloads = await page.evaluate(() => (window as any).mock.state.downloads);
    await page.locator('rec-recording-list [role=option][data-id=d]').click();
    await page.locator('rec-call-player progress').first().waitFor(); // downloading
    await page.getByLabel('Keep offline').check();
    await expect.poll(() => page.locator('rec-offline-toggle .state').innerText(), { timeout: 20_000 }).toContain('Kept on this device');
    expect(await page.evaluate(() => (window as any).mock.state.downloads)).toBe(downloads + 1);
    const toks = await page.evaluate(() => (window as any).mock.requestsOf('GetDownloadToken').filter((x: any) => x.id === 'd').map((x: any) => x.purpose));
    expect(toks).toEqual(['play']);
    await page.evaluate(() => (window as any).offline.offlineCache().remove('d'));
  });

  it('offline: the indicator shows, the list holds the cached recording, it plays without a download, server actions are refused with a sentence', async () => {
    const downloads = await page.evaluate(() => (window as any).mock.state.downloads);
    await page.context().setOffline(true);
    await page.evaluate(() => (window as any).offline.cut(true));
    const badge = page.locator('rec-offline-indicator .badge');
    await badge.waitFor({ timeout: 10_000 });
    expect(await page.locator('rec-offline-indicator .hint').innerText()).toContain('No connection to the service: the list shows the recordings kept on this device.');
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().getAttribute('data-id')).toBe('b');

    // the filter works on the cached list (its request cannot be sent)
    await page.getByLabel('Search names and numbers').fill('zzz');
    await expect.poll(() => rows().count()).toBe(0);
    await page.getByLabel('Search names and numbers').fill('carol');
    await expect.poll(() => rows().count()).toBe(1);

    await rows().first().click();
    const play = page.locator('rec-call-player rec-transport button.main');
    await expect.poll(async () => (await play.count()) > 0 && (await play.isEnabled()), { timeout: 20_000 }).toBe(true);
    expect(await page.locator('rec-call-player h2').innerText()).toContain('Carol');
    expect(await page.locator('rec-offline-toggle .offline').innerText()).toContain('Offline: playing the copy kept on this device.');
    await play.click();
    await page.waitForFunction(() => {
      const p = (window as any).app.el.shadowRoot.querySelector('rec-call-player');
      const ctx = p.player?.context ?? p.playback?.player?.context;
      return ctx?.state === 'running' && ctx.currentTime > 0;
    }, undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => (window as any).mock.state.downloads)).toBe(downloads);
    await page.keyboard.press(' ').catch(() => undefined);

    const protects = await requests('ProtectRecording');
    await page.getByRole('button', { name: 'Protect' }).click();
    await expect.poll(() => page.locator('rec-call-player .error').first().innerText()).toBe('Not connected to the Recordings service; the request was not sent.');
    expect(await requests('ProtectRecording')).toBe(protects);
    await page.getByLabel('Note').fill('call back tomorrow');
    await page.getByRole('button', { name: 'Save note' }).click();
    await expect.poll(() => page.locator('rec-call-player .error').first().innerText()).toContain('the request was not sent');
    expect(await requests('SetNote')).toBe(0);
    expect(await page.getByLabel('Note').inputValue()).toBe('call back tomorrow'); // nothing lost
  });

  it('back online: the indicator goes, the list is the service\'s again, actions work', async () => {
    await page.context().setOffline(false);
    await page.evaluate(() => (window as any).offline.cut(false));
    await page.locator('rec-app .conn[data-phase=connected]').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('rec-offline-indicator .badge').count()).toBe(0);
    await page.getByLabel('Search names and numbers').fill('');
    await expect.poll(() => rows().count()).toBe(4); // a, b, c, d
    await page.getByRole('button', { name: 'Save note' }).click();
    await expect.poll(() => requests('SetNote')).toBe(1);
    // the pushed/returned note reaches the cached metadata too
    await expect.poll(() => page.evaluate(async () => (await (window as any).offline.offlineCache().get('b'))?.recording.note)).toBe('call back tomorrow');
    expect(errors).toEqual([]);
  });

  it('German: indicator, toggle and panel texts', async () => {
    await freshPage();
    await page.evaluate((b64) => {
      const m = (window as any).mock;
      m.setRecordings([m.recording('b', { remoteName: 'Carol', size: atob(b64).length })]);
      m.setPcap('b', b64);
      (window as any).offline.mount({ lang: 'de' });
    }, readFileSync(FIXTURE).toString('base64'));
    await page.locator('rec-app .conn[data-phase=connected]').waitFor();
    await rows().first().click();
    await page.getByLabel('Offline verfügbar halten').check();
    await expect.poll(() => page.locator('rec-offline-toggle .state').innerText(), { timeout: 20_000 }).toContain('Auf diesem Gerät gespeichert');
    await page.evaluate(() => (window as any).offline.cut(true));
    await expect.poll(() => page.locator('rec-offline-indicator .badge').innerText(), { timeout: 10_000 }).toBe('Offline');
    await page.getByRole('button', { name: 'Offline-Speicher' }).click();
    await expect.poll(() => page.locator('rec-offline-panel tbody tr').innerText()).toContain('offline verfügbar');
  });
});
