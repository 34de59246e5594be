// End to end against the real server: a phone uploads a PCAP by HTTP PUT → it appears live in the
// user's list inside the standalone host page (the myApps stand-in, real getLogin/Login/AppLogin) →
// opening it downloads with a token, decodes in the worker and plays: the audio clock runs and a
// tap on each output channel hears sound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSoundOnBothChannels } from './audio-tap.js';
import { startE2e, type E2eEnv } from './e2e-env.js';

const NAME = '4f1c2a9e7b3d4c5e8a6f0b1c2d3e4f51-009033a1b2c3-7--alice.pcap';

let env: E2eEnv;

beforeAll(async () => { env = await startE2e({ consoleErrors: true, httpErrors: true }); });
afterAll(async () => { await env?.close(); });

describe('user app in the standalone host page against the real server', () => {
  it('signs in through the host page, shows a PUT upload live, opens and plays it on both channels', async () => {
    const f = await env.openHost();
    await f.locator('rec-app .conn[data-phase=connected]').waitFor({ timeout: 15_000 });
    expect(await f.locator('rec-app .conn').innerText()).toContain('Alice Adams');
    expect(await f.locator('rec-recording-list [role=option]').count()).toBe(0);

    const put = await env.uploadFixture(NAME);
    expect(put.status).toBe(201);
    const row = f.locator('rec-recording-list [role=option]');
    await row.first().waitFor({ timeout: 15_000 }); // pushed, no reload
    expect(await row.count()).toBe(1);

    await row.first().click();
    const play = f.locator('rec-call-player rec-transport button.main');
    await expect.poll(async () => (await play.isEnabled()) && (await play.innerText()) === 'Play', { timeout: 20_000 }).toBe(true);
    expect(await f.locator('rec-call-player rec-quality-panel tbody tr').count()).toBe(2);
    await play.click();

    await expectSoundOnBothChannels(f);
    // The host page (not part of the app) has no icon: the browser's /favicon.ico probe is not ours.
    expect(env.errors.filter((e) => !e.includes('/favicon.ico'))).toEqual([]);
  });

  it('protects (delete refused while protected), saves a note, deletes after confirmation; the row goes away', async () => {
    const f = env.frame();
    const id = await f.locator('rec-recording-list [role=option]').first().getAttribute('data-id');
    await f.getByRole('button', { name: 'Protect' }).click();
    await f.getByRole('button', { name: 'Remove protection' }).waitFor();
    expect(await f.getByRole('button', { name: 'Delete', exact: true }).isDisabled()).toBe(true);
    await expect.poll(() => f.locator('rec-recording-list [role=option]').first().innerText()).toContain('protected');
    expect((await env.srv.service.store.getRecording(id!))?.protected).toBe(true);
    await f.getByRole('button', { name: 'Remove protection' }).click();
    await f.getByRole('button', { name: 'Protect' }).waitFor();

    await f.getByLabel('Note').fill('customer agreed');
    await f.getByRole('button', { name: 'Save note' }).click();
    await f.getByText('Note saved').waitFor();
    expect((await env.srv.service.store.getRecording(id!))?.note).toBe('customer agreed');

    await f.getByRole('button', { name: 'Delete', exact: true }).click();
    await f.locator('rec-call-player dialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => f.locator('rec-recording-list [role=option]').count()).toBe(0);
    expect((await env.srv.service.store.getRecording(id!))?.state).toBe('deleted'); // recoverable: in the recycle bin
  });

  it('the admin app lists every owner with the owner column, in German when asked', async () => {
    await env.uploadFixture('0c1d2e3f405162738495a6b7c8d9eaf2-009033d4e5f6-3--bob.pcap');
    await env.page.selectOption('#user', 'admin');
    await env.page.selectOption('#lang', 'de');
    await env.page.click('#open');
    const f = await env.waitForFrame('innovaphone-recordingsadmin.htm');
    await f.locator('rec-app .conn[data-phase=connected]').waitFor({ timeout: 15_000 });
    expect(await f.locator('rec-app h1').innerText()).toBe('Aufzeichnungen Admin');
    const rows = f.locator('rec-recording-list [role=option]');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1); // alice's is in the recycle bin
    expect(await rows.first().innerText()).toContain('bob');
    expect(await f.getByLabel('Besitzer', { exact: true }).count()).toBe(1);
  });
});
