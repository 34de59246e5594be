import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startTestServer, type TestServer } from './helpers.js';

// A minimal app that logs in the way innovaphone.appwebsocket.Connection does (reference §1.6, §2.7).
const FAKE_APP = `<!doctype html><meta charset="utf-8"><title>app</title><pre id="out">starting</pre><script>
const q = new URLSearchParams(location.search);
const name = q.get('name');
const app = location.pathname.split('/').pop().replace(/\\.htm$/, '');
const ws = new WebSocket(location.href.replace(/^http/, 'ws').replace(/\\/[^/]*$/, ''));
const out = (t) => { document.getElementById('out').textContent = t; };
ws.onopen = () => ws.send(JSON.stringify({ mt: 'AppChallenge' }));
ws.onmessage = (e) => {
  const m = JSON.parse(e.data);
  if (m.mt === 'AppChallengeResult') parent.postMessage(JSON.stringify({ mt: 'getLogin', app: name, challenge: m.challenge, src: 'x1' }), '*');
  else if (m.mt === 'AppLoginResult') { out(m.ok ? 'logged-in' : 'refused:' + m.errorText); if (m.ok) ws.send(JSON.stringify({ mt: 'ListRecordings', src: 'l' })); }
  else if (m.mt === 'ListRecordingsResult') out('list:' + (m.error || m.items.length));
};
window.addEventListener('message', (e) => {
  const m = JSON.parse(e.data);
  if (m.mt !== 'Login' || m.pbxObj !== name || m.src !== 'x1') return;
  ws.send(JSON.stringify({ mt: 'AppLogin', app: m.app, domain: m.domain, sip: m.sip, guid: m.guid, dn: m.dn, info: m.info, digest: m.digest, pbxObj: name }));
});
</script>`;

// An app page that asks for its login and is navigated away before the answer can arrive.
const LEAVING_APP = `<!doctype html><meta charset="utf-8"><script>
parent.postMessage(JSON.stringify({ mt: 'getLogin', app: 'recordings', challenge: '1', src: 'gone' }), '*');
location.replace('innovaphone-recordings.htm?name=recordings');
</script>`;

let srv: TestServer;
let browser: Browser;
let web: string;
beforeAll(async () => {
  web = mkdtempSync(join(tmpdir(), 'rec-web-'));
  writeFileSync(join(web, 'innovaphone-recordings.htm'), FAKE_APP);
  writeFileSync(join(web, 'innovaphone-recordingsadmin.htm'), FAKE_APP);
  writeFileSync(join(web, 'leaves.htm'), LEAVING_APP);
  srv = await startTestServer({ RECORDINGS_DEMO: '1' }, { webDir: web });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});
afterAll(async () => { await browser?.close(); await srv?.stop(); rmSync(web, { recursive: true, force: true }); });

describe('standalone host page in Chromium', () => {
  it('answers the app\'s getLogin with a Login the service accepts, for a user and for the admin', async () => {
    const page = await browser.newPage();
    await page.goto(`${srv.url}/host.htm`);
    const frame = page.frameLocator('#frame');
    await expect.poll(async () => frame.locator('#out').textContent(), { timeout: 15_000 }).toBe('list:2'); // alice: two demo calls
    await page.selectOption('#user', 'admin');
    await page.click('#open');
    await expect.poll(async () => frame.locator('#out').textContent(), { timeout: 15_000 }).toBe('list:3');
    await page.close();
  });

  it('drops the answer for a page that left the frame while its login was fetched; the next page logs in', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${srv.url}/host.htm`);
    const frame = page.frameLocator('#frame');
    await expect.poll(async () => frame.locator('#out').textContent(), { timeout: 15_000 }).toBe('list:2');
    await page.evaluate(() => { (document.getElementById('frame') as HTMLIFrameElement).src = 'leaves.htm'; });
    await expect.poll(async () => page.frames().some((f) => f.url().includes('innovaphone-recordings.htm')), { timeout: 15_000 }).toBe(true);
    await expect.poll(async () => frame.locator('#out').textContent(), { timeout: 15_000 }).toBe('list:2');
    await page.waitForTimeout(300); // the dropped answer's fetch has settled
    expect(errors).toEqual([]);
    await page.close();
  });
});
