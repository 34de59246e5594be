// One recording's whole life against the real server, through the standalone host page (the
// myApps stand-in) as each demo user: a phone PUTs it → it appears live in alice's list → plays
// on both channels → protect (delete refused) → delete → the admin restores it from the recycle
// bin → ZIP download from the export menu holds a stereo WAV with sound on both sides and a PDF
// call sheet → carol (another App object) sees it only after the admin puts alice on her App
// object's access list.
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSoundOnBothChannels } from './audio-tap.js';
import { startE2e, type E2eEnv } from './e2e-env.js';

const NAME = '7e2d1c0b9a8f4e3d2c1b0a9f8e7d6c51-009033a1b2c3-21--alice.pcap';

let env: E2eEnv;

beforeAll(async () => { env = await startE2e({ page: { acceptDownloads: true, viewport: { width: 1280, height: 900 } }, consoleErrors: true }); });
afterAll(async () => { await env?.close(); });

/** Opens `app` as `user` in the host page and waits for the signed-in app frame. */
async function openAs(user: string, app: 'innovaphone-recordings' | 'innovaphone-recordingsadmin'): Promise<Frame> {
  const page = env.page;
  if (!page.url().includes('/host.htm')) await page.goto(`${env.srv.url}/host.htm`);
  await page.locator('#user option').first().waitFor({ state: 'attached' });
  await page.selectOption('#user', user);
  await page.selectOption('#app', app);
  await page.click('#open');
  let f: Frame | undefined;
  await expect.poll(() => {
    f = page.frames().find((x) => x.url().includes(`${app}.htm`) && x.url().includes('name='));
    return !!f;
  }, { timeout: 15_000 }).toBe(true);
  await f!.locator('rec-app .conn[data-phase=connected]').waitFor({ timeout: 15_000 });
  expect(await f!.locator('rec-app .conn').innerText()).toContain(user === 'admin' ? 'Administrator' : user === 'carol' ? 'Carol' : 'Alice');
  return f!;
}

let id = '';

describe('a recording from upload to restore, ZIP and access list', () => {
  it('appears live after the PUT and plays on both channels', async () => {
    const f = await openAs('alice', 'innovaphone-recordings');
    const rows = f.locator('rec-recording-list [role=option]');
    expect(await rows.count()).toBe(0);
    expect((await env.uploadFixture(NAME)).status).toBe(201);
    await rows.first().waitFor({ timeout: 15_000 });
    id = (await rows.first().getAttribute('data-id'))!;
    await rows.first().click();
    const play = f.locator('rec-call-player rec-transport button.main');
    await expect.poll(async () => (await play.count()) > 0 && (await play.isEnabled()), { timeout: 20_000 }).toBe(true);
    await play.click();
    await expectSoundOnBothChannels(f);
    await play.click(); // pause before moving on
  });

  it('protect refuses delete; unprotected it goes to the recycle bin', async () => {
    const f = env.frame();
    await f.getByRole('button', { name: 'Protect', exact: true }).click();
    await f.getByRole('button', { name: 'Remove protection' }).waitFor();
    expect(await f.getByRole('button', { name: 'Delete', exact: true }).isDisabled()).toBe(true);
    expect((await env.srv.service.store.getRecording(id))?.protected).toBe(true);
    await f.getByRole('button', { name: 'Remove protection' }).click();
    await f.getByRole('button', { name: 'Delete', exact: true }).click();
    await f.locator('rec-call-player dialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => f.locator('rec-recording-list [role=option]').count()).toBe(0);
    expect((await env.srv.service.store.getRecording(id))?.state).toBe('deleted');
  });

  it('the admin restores it from the recycle bin; it is back in the list', async () => {
    const f = await openAs('admin', 'innovaphone-recordingsadmin');
    await f.getByRole('tab', { name: 'Recycle bin' }).click();
    const row = f.locator(`rec-admin-recycle-bin tr[data-id="${id}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.innerText()).toContain('by alice');
    await row.getByRole('button', { name: /^Restore/ }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect((await env.srv.service.store.getRecording(id))?.state).toBe('active');
    await f.getByRole('tab', { name: 'Audit log' }).click();
    await f.locator('rec-admin-audit tr[data-action=restore]').first().waitFor();
    await f.getByRole('tab', { name: 'Recordings' }).click();
    await f.locator(`rec-recording-list [role=option][data-id="${id}"]`).waitFor();
  });

  it('downloads a ZIP from the export menu: stereo WAV with sound on both sides and a PDF call sheet', async () => {
    const f = env.frame('innovaphone-recordingsadmin.htm');
    await f.locator(`rec-recording-list [role=option][data-id="${id}"]`).click();
    const zipButton = f.locator('rec-call-player rec-export-menu button[data-action=zip]');
    await expect.poll(async () => (await zipButton.count()) > 0 && (await zipButton.isEnabled()), { timeout: 20_000 }).toBe(true);
    const [download] = await Promise.all([env.page.waitForEvent('download', { timeout: 30_000 }), zipButton.click()]);
    const path = await download.path();
    const files = unzipSync(new Uint8Array(readFileSync(path)));
    const names = Object.keys(files);
    const wavName = names.find((n) => n.endsWith('.wav'));
    const pdfName = names.find((n) => n.endsWith('.pdf'));
    expect(wavName, names.join(', ')).toBeTruthy();
    expect(pdfName, names.join(', ')).toBeTruthy();
    const wav = files[wavName!]!;
    const dv = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
    const tag = (o: number) => String.fromCharCode(...wav.subarray(o, o + 4));
    expect(tag(0)).toBe('RIFF');
    expect(tag(8)).toBe('WAVE');
    expect(dv.getUint16(22, true)).toBe(2); // stereo
    expect(dv.getUint32(24, true)).toBe(8000); // G.711
    expect(dv.getUint16(34, true)).toBe(16);
    // find the data chunk, then the peak of each channel
    let o = 12;
    while (o + 8 <= wav.length && tag(o) !== 'data') o += 8 + dv.getUint32(o + 4, true);
    expect(tag(o)).toBe('data');
    const peak = [0, 0];
    for (let p = o + 8; p + 4 <= wav.length; p += 4) {
      peak[0] = Math.max(peak[0]!, Math.abs(dv.getInt16(p, true)));
      peak[1] = Math.max(peak[1]!, Math.abs(dv.getInt16(p + 2, true)));
    }
    expect(peak[0]).toBeGreaterThan(300);
    expect(peak[1]).toBeGreaterThan(300);
    const pdf = files[pdfName!]!;
    expect(String.fromCharCode(...pdf.subarray(0, 5))).toBe('%PDF-');
    expect(Buffer.from(pdf).toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
  });

  it('a multi-selection downloads as one ZIP with a folder per recording; the admin\'s owner filter narrows the list', async () => {
    const f = env.frame('innovaphone-recordingsadmin.htm');
    expect((await env.uploadFixture('0c1d2e3f405162738495a6b7c8d9eaf9-009033d4e5f6-4--bob.pcap')).status).toBe(201);
    const rows = f.locator('rec-recording-list [role=option]');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(2);
    await f.getByLabel('Owner', { exact: true }).fill('bob');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('bob');
    await f.getByLabel('Owner', { exact: true }).fill('');
    await expect.poll(() => rows.count()).toBe(2);
    await f.locator('rec-selection-bar').getByRole('button', { name: 'Select all in filter' }).click();
    await expect.poll(() => f.locator('rec-selection-bar .sel-count').innerText()).toBe('2 selected');
    const [download] = await Promise.all([env.page.waitForEvent('download', { timeout: 60_000 }),
      f.locator('rec-selection-bar').getByRole('button', { name: 'Download ZIP' }).click()]);
    const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
    const names = Object.keys(files);
    const folders = new Set(names.map((n) => n.split('/')[0]));
    expect(folders.size, names.join(', ')).toBe(2);
    expect(names.filter((n) => n.endsWith('.wav'))).toHaveLength(2);
    expect(names.filter((n) => n.endsWith('.pdf'))).toHaveLength(2);
    await f.locator('rec-selection-bar').getByText('ZIP of 2 recordings saved.').waitFor();
    await f.locator('rec-selection-bar').getByRole('button', { name: 'Clear selection' }).click();
  });

  it('carol sees alice\'s recording only after the admin adds alice to her App object\'s access list', async () => {
    let f = await openAs('carol', 'innovaphone-recordings');
    const rows = () => f.locator('rec-recording-list [role=option]');
    await f.locator('rec-app .count').filter({ hasText: /recordings/ }).waitFor();
    expect(await rows().count()).toBe(0);

    const admin = await openAs('admin', 'innovaphone-recordingsadmin');
    await admin.getByRole('tab', { name: 'Access lists' }).click();
    const acc = admin.locator('rec-admin-access');
    await acc.getByLabel('App object (sip name)').fill('recordings-team');
    await acc.getByLabel('Extensions whose recordings its users see').fill('alice');
    await acc.getByRole('button', { name: 'Save' }).click();
    await acc.getByText('Saved.').waitFor();
    expect((await env.srv.service.store.getAppObjectConfig('recordings-team')).accessList).toEqual(['alice']);

    f = await openAs('carol', 'innovaphone-recordings');
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(1); // alice's; bob is not on the list
    expect(await rows().first().getAttribute('data-id')).toBe(id);
    expect(env.errors.filter((e) => !e.includes('/favicon.ico'))).toEqual([]);
  });
});
