// The admin view in Chromium with the service mocked by msw (harness.ts + admin-mock.ts): each
// admin tab (recycle bin, audit, settings, access lists, licence/link status) including error
// results and field validation, the list's multi-select with bulk delete and "select all in
// filter", the playlist handed to the player, reconnect reloading the open tab, German texts.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './serve.js';

const FIXTURE = resolve(import.meta.dirname, '..', 'fixtures', 'captures', 'pcma-eth-ipv4.pcap');
let h: Harness;
let page: Page;
const errors: string[] = [];

async function freshPage(mount: Record<string, unknown> = {}, setup?: string): Promise<Page> {
  await page?.close();
  page = await h.browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(h.url);
  await page.waitForFunction(() => (window as any).mswReady);
  await page.evaluate(() => (window as any).mswReady);
  if (setup) await page.evaluate(setup);
  await page.evaluate((m) => (window as any).harness.mount(m), mount);
  await page.locator('rec-app .conn[data-phase=connected]').waitFor();
  return page;
}

const requests = (mt: string) => page.evaluate((m) => (window as any).mock.requestsOf(m), mt) as Promise<any[]>;
const tab = (name: string) => page.getByRole('tab', { name, exact: true });
const rows = () => page.locator('rec-recording-list [role=option]');
const panel = () => page.locator('rec-app [role=tabpanel]:not([hidden])');

beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

describe('admin view against a mocked service', () => {
  it('recycle bin: lists deleted recordings, restores one into the live list, purges after confirmation, explains a refusal', async () => {
    await freshPage({ admin: true }, `
      mock.setRecordings([mock.recording('a', { remoteName: 'Ann' })]);
      adminMock.setBin([
        mock.recording('d1', { remoteName: 'Dora', state: 'deleted', deletedAt: Date.UTC(2026,0,11,9), deletedBy: 'alice' }),
        mock.recording('d2', { remoteName: 'Dirk', state: 'deleted', deletedAt: Date.UTC(2026,0,11,10), deletedBy: 'bob' }),
        mock.recording('d3', { remoteName: 'Dana', state: 'deleted', deletedAt: Date.UTC(2026,0,11,8), deletedBy: 'admin' })]);`);
    await expect.poll(() => rows().count()).toBe(1);
    await tab('Recycle bin').click();
    const bin = page.locator('rec-admin-recycle-bin');
    const binRows = bin.locator('tbody tr');
    await expect.poll(() => binRows.count()).toBe(3);
    expect(await binRows.nth(0).getAttribute('data-id')).toBe('d2'); // newest deletion first
    expect(await binRows.nth(0).innerText()).toContain('by bob');
    expect(await panel().getAttribute('aria-labelledby')).toBe('tab-bin');

    await bin.getByRole('button', { name: /^Restore: Dora/ }).click();
    await expect.poll(() => binRows.count()).toBe(2);
    await bin.getByText('Restored: Dora').waitFor();
    // keyboard users stay in the table: focus moves to the row that took its place
    await expect.poll(() => page.evaluate(() => {
      const el = (window as any).app.el.shadowRoot.querySelector('rec-admin-recycle-bin').shadowRoot.activeElement;
      return el ? `${el.closest('tr')?.dataset.id}:${el.dataset.action}` : null;
    })).toBe('d3:restore');
    expect((await requests('RestoreRecording'))[0]).toMatchObject({ id: 'd1' });

    await page.evaluate(() => (window as any).mock.failNext('RestoreRecording', 'conflict', 'restored meanwhile'));
    await bin.getByRole('button', { name: /^Restore: Dirk/ }).click();
    const err = bin.locator('.error[data-code=conflict]');
    await err.waitFor();
    expect(await err.innerText()).toBe('Someone else changed the recording at the same time; try again.');
    expect(await binRows.count()).toBe(2);

    await bin.getByRole('button', { name: /^Delete for good: Dana/ }).click();
    const dialog = bin.locator('dialog');
    expect(await dialog.isVisible()).toBe(true);
    expect(await dialog.innerText()).toContain('cannot be restored');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await requests('PurgeRecording')).toHaveLength(0);
    await bin.getByRole('button', { name: /^Delete for good: Dana/ }).click();
    await dialog.getByRole('button', { name: 'Delete for good' }).click();
    await expect.poll(() => binRows.count()).toBe(1);
    expect((await requests('PurgeRecording'))[0]).toMatchObject({ id: 'd3' });

    // a user recycles a recording elsewhere: pushed to admins as updated with state "deleted"
    await page.evaluate(() => { const m = (window as any).mock; for (const c of m.state.clients) c.send(JSON.stringify({ mt: 'RecordingUpdated', src: 'a1', recording: m.recording('a', { remoteName: 'Ann', state: 'deleted', deletedAt: Date.UTC(2026, 0, 12), deletedBy: 'alice' }) })); });
    await expect.poll(() => binRows.first().getAttribute('data-id')).toBe('a');

    await tab('Recordings').click();
    await expect.poll(() => rows().count()).toBe(1); // d1 restored (pushed), a recycled
    expect(await rows().first().getAttribute('data-id')).toBe('d1');
  });

  it('audit log: paged, filtered by user, a bad filter is explained without a request, a refusal is shown', async () => {
    await page.evaluate(() => (window as any).adminMock.makeLogs(150));
    await tab('Audit log').click();
    const audit = page.locator('rec-admin-audit');
    const logRows = audit.locator('tbody tr');
    await expect.poll(() => logRows.count()).toBe(100);
    expect(await logRows.first().getAttribute('data-id')).toBe('150');
    expect(await audit.getByRole('status').first().innerText()).toContain('100 entries loaded, more available');
    await audit.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => logRows.count()).toBe(150);
    const pages = await requests('ListLogs');
    expect(pages[pages.length - 1]).toMatchObject({ before: 51, limit: 100 });
    // a settings change reads as the fields that changed
    expect(await audit.locator('tr[data-id="150"]').innerText()).toMatch(/changed settings[\s\S]*retentionDays: 0 → 30/);

    await audit.getByLabel('User (sip name)').fill('bob');
    await audit.getByRole('button', { name: 'Filter', exact: true }).click();
    await expect.poll(() => logRows.count()).toBe(75);
    expect(await logRows.allInnerTexts().then((t) => t.every((x) => x.includes('bob')))).toBe(true);
    expect((await requests('ListLogs')).at(-1)).toMatchObject({ actor: 'bob' });

    const before = (await requests('ListLogs')).length;
    await audit.getByLabel('User (sip name)').fill('bob brown');
    await audit.getByRole('button', { name: 'Filter', exact: true }).click();
    await audit.getByText('A sip name has at most 128 characters and no spaces.').waitFor();
    expect(await audit.getByLabel('User (sip name)').getAttribute('aria-invalid')).toBe('true');
    expect(await requests('ListLogs')).toHaveLength(before);

    // a click on a recording in the table narrows to it (the user filter stays)
    await audit.getByLabel('User (sip name)').fill('bob');
    await audit.getByRole('button', { name: 'Filter', exact: true }).click();
    await expect.poll(() => logRows.count()).toBe(75);
    await audit.locator('tr[data-id="146"] button[data-filter=recording]').click(); // id 146 → index 145 → r5
    await expect.poll(async () => (await requests('ListLogs')).at(-1)).toMatchObject({ actor: 'bob', recordingId: 'r5' });
    expect(await audit.getByLabel('Recording id').inputValue()).toBe('r5');
    await expect.poll(async () => (await logRows.allInnerTexts()).every((x) => x.includes('r5') && x.includes('bob'))).toBe(true);
    await page.evaluate(() => (window as any).mock.failNext('ListLogs', 'internal', 'database is locked'));
    await audit.getByRole('button', { name: 'Clear filter' }).click();
    await audit.locator('.error[data-code=internal]').waitFor();
    expect(await audit.locator('.error').innerText()).toBe('The service failed: database is locked');
    await audit.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => logRows.count()).toBe(100);
    expect(await audit.locator('.error').count()).toBe(0);

    // the action filter goes to the service and combines with the user
    await audit.getByLabel('Action').selectOption({ label: 'deleted' });
    await audit.getByRole('button', { name: 'Filter', exact: true }).click();
    await expect.poll(async () => (await requests('ListLogs')).at(-1)).toMatchObject({ action: 'delete' });
    await expect.poll(() => logRows.count()).toBe(50);
    expect(await logRows.evaluateAll((rs) => rs.every((r) => (r as HTMLElement).dataset.action === 'delete'))).toBe(true);
    await audit.getByLabel('User (sip name)').fill('alice');
    await audit.getByRole('button', { name: 'Filter', exact: true }).click();
    await expect.poll(async () => (await requests('ListLogs')).at(-1)).toMatchObject({ action: 'delete', actor: 'alice' });
    await expect.poll(() => logRows.count()).toBe(25);
    await audit.getByRole('button', { name: 'Clear filter' }).click();
    await expect.poll(() => logRows.count()).toBe(100);
    expect((await requests('ListLogs')).at(-1).action).toBeUndefined();
    expect(await audit.getByLabel('Action').inputValue()).toBe('');
  });

  it('settings: loads, refuses bad fields with reasons and sends nothing, saves only changes, shows the service refusal', async () => {
    await tab('Settings').click();
    const set = page.locator('rec-admin-settings');
    await set.getByLabel('Delete recordings after (days)').waitFor();
    expect(await set.getByLabel('Delete recordings after (days)').inputValue()).toBe('0');
    expect(await set.locator('[data-warning=pbx-name-missing]').innerText()).toContain('PBX Name missing');

    await set.getByLabel('Delete recordings after (days)').fill('20000');
    await set.getByLabel('Licensed users without a PBX').fill('alice\nbob smith');
    await set.getByRole('button', { name: 'Save' }).click();
    await set.getByText('Enter a whole number of days from 0 to 11000.').waitFor();
    expect(await set.getByText('"bob smith"').count()).toBe(1);
    expect(await set.locator('.error[data-code=form]').innerText()).toContain('Nothing was saved');
    expect(await set.getByLabel('Delete recordings after (days)').getAttribute('aria-invalid')).toBe('true');
    expect(await requests('SetSettings')).toHaveLength(0);

    await set.getByLabel('Delete recordings after (days)').fill('90');
    await set.getByLabel('Licensed users without a PBX').fill('alice, bob');
    await set.getByLabel('PBX name').fill('master');
    await set.getByLabel('License', { exact: true }).selectOption('debug');
    await set.getByRole('button', { name: 'Save' }).click();
    await set.getByText('Saved.').waitFor();
    expect((await requests('SetSettings'))[0]).toEqual(expect.objectContaining({
      retentionDays: 90, pbxName: 'master', licenses: ['alice', 'bob'], trace: { license: 'debug' },
    }));
    expect(await set.locator('[data-warning=pbx-name-missing]').count()).toBe(0);
    expect(await set.getByLabel('Licensed users without a PBX').inputValue()).toBe('alice\nbob');

    await set.getByRole('button', { name: 'Save' }).click();
    await set.getByText('Nothing changed.').waitFor();
    expect(await requests('SetSettings')).toHaveLength(1);

    await page.evaluate(() => (window as any).mock.failNext('SetSettings', 'bad-request', 'SetSettings: "pbxName" is reserved'));
    await set.getByLabel('PBX name').fill('other');
    await set.getByRole('button', { name: 'Save' }).click();
    await set.locator('.error[data-code=bad-request]').waitFor();
    expect(await set.locator('.error[data-code=bad-request]').innerText()).toBe('The service refused the request: SetSettings: "pbxName" is reserved');

    await page.evaluate(() => { (window as any).adminMock.state.purgedByRetention = 4; });
    await set.getByRole('button', { name: 'Run scheduled deletion now' }).click();
    await set.getByText('Scheduled deletion ran: 4 recordings deleted.').waitFor();
  });

  it('access lists: adds an App object, edits one, refuses bad names before sending', async () => {
    await page.evaluate(() => { (window as any).adminMock.state.configs = [{ appObject: 'recordings', accessList: [], deleteMode: 'recoverable', updatedAt: null }]; });
    await tab('Access lists').click();
    const acc = page.locator('rec-admin-access');
    await acc.locator('tr[data-app-object=recordings]').waitFor();
    await acc.getByLabel('App object (sip name)').fill('team room');
    await acc.getByRole('button', { name: 'Save' }).click();
    await acc.locator('#appObject-err').waitFor();
    expect(await requests('SetAppObjectConfig')).toHaveLength(0);

    await acc.getByLabel('App object (sip name)').fill('recordings-team');
    await acc.getByLabel('Extensions whose recordings its users see').fill('alice\n201, 202');
    await acc.getByLabel('Delete by users').selectOption('permanent');
    await acc.getByRole('button', { name: 'Save' }).click();
    await acc.getByText('Saved.').waitFor();
    expect((await requests('SetAppObjectConfig'))[0]).toMatchObject({ appObject: 'recordings-team', accessList: ['alice', '201', '202'], deleteMode: 'permanent' });
    const row = acc.locator('tr[data-app-object=recordings-team]');
    expect(await row.innerText()).toMatch(/alice, 201, 202[\s\S]*for good/);

    await acc.getByRole('button', { name: 'Edit: recordings', exact: true }).click();
    expect(await acc.getByLabel('App object (sip name)').inputValue()).toBe('recordings');
    await expect.poll(() => page.evaluate(() => (window as any).app.el.shadowRoot.querySelector('rec-admin-access').shadowRoot.activeElement?.id)).toBe('accessList');
    await page.evaluate(() => (window as any).mock.failNext('SetAppObjectConfig', 'forbidden', 'no'));
    await acc.getByLabel('Extensions whose recordings its users see').fill('bob');
    await acc.getByRole('button', { name: 'Save' }).click();
    expect(await acc.locator('.error[data-code=forbidden]').innerText()).toBe('You may not do this.');
  });

  it('licence and link status: PBX connected / lost, PBX name missing, unlicensed owners', async () => {
    await page.evaluate(() => { const s = (window as any).adminMock.state; s.status = { ...s.status, pbxConnected: true, pbx: 'master', pbxNameMissing: false, licenseSource: 'pbx' }; });
    await tab('License & links').click();
    const st = page.locator('rec-admin-status');
    await st.locator('[data-link=pbx][data-state=up]').waitFor();
    expect(await st.locator('[data-link=pbx]').innerText()).toContain('Connected to PBX master');
    expect(await st.locator('[data-license-source=pbx]').count()).toBe(1);
    expect(await st.getByText(/\/cdr\b/).count()).toBe(1);
    await page.evaluate(() => { const s = (window as any).adminMock.state; s.status = { ...s.status, pbxConnected: false, pbx: null, pbxLostAt: Date.UTC(2026, 0, 11, 9, 30), pbxNameMissing: true, licenseSource: 'list', unlicensedOwners: ['zed'], unlicensedRecordings: 3 }; s.settings = { ...s.settings, licenses: ['alice', 'bob'] }; });
    await st.getByRole('button', { name: 'Reload' }).click();
    await st.locator('[data-link=pbx][data-state=lost]').waitFor();
    expect(await st.locator('[data-link=pbx]').innerText()).toContain('Broken: the PBX link was lost at');
    expect(await st.locator('[data-warning=pbx-name-missing]').count()).toBe(1);
    expect(await st.locator('[data-license-source=list]').innerText()).toContain('alice, bob');
    expect(await st.locator('[data-unlicensed="3"]').innerText()).toContain('3');
    await st.getByText('Users without licence: zed').waitFor();
    // Reports/CDR link: nothing yet, then records received, then a refusal newer than them (broken)
    expect(await st.locator('[data-link=cdr]').getAttribute('data-state')).toBe('none');
    expect(await st.locator('[data-link=cdr]').innerText()).toContain('No call records received yet.');
    expect(await st.locator('[data-license-count=unknown]').innerText()).toBe('Licence count unknown: no PBX is connected.');
    await page.evaluate(() => {
      const s = (window as any).adminMock.state;
      s.status = { ...s.status, pbxConnected: true, pbx: 'master', pbxLostAt: null, licenseSource: 'pbx',
        cdr: { ...s.status.cdr, received: 42, lastAt: Date.UTC(2026, 0, 11, 10), lastFrom: '10.0.0.5', lastPbx: 'master',
          lastError: { at: Date.UTC(2026, 0, 11, 9), from: '10.0.0.9', reason: 'malformed', detail: 'unclosed <cdr>' } },
        licenseCount: { granted: 25, used: 7, unknownReason: null, licensedOwners: 5 } };
    });
    await st.getByRole('button', { name: 'Reload' }).click();
    await st.locator('[data-link=cdr][data-state=up]').waitFor();
    expect(await st.locator('[data-link=cdr]').innerText()).toMatch(/Last call records received .* from 10\.0\.0\.5 \(PBX master\); 42 records in all\./);
    expect(await st.locator('[data-cdr-refused=malformed]').innerText()).toContain('An earlier post');
    expect(await st.locator('[data-cdr-refused=malformed]').innerText()).toContain('the XML could not be read (unclosed <cdr>).');
    expect(await st.locator('[data-license-count="25"]').innerText()).toBe('App(innovaphone-recorder) licences on the PBX: 25, assigned: 7.');
    expect(await st.locator('[data-licensed-owners="5"]').innerText()).toBe('Users with licensed recordings: 5');
    expect(await st.locator('[data-warning=licenses-exhausted]').count()).toBe(0);
    await page.evaluate(() => {
      const s = (window as any).adminMock.state;
      s.status = { ...s.status, cdr: { ...s.status.cdr, lastError: { at: Date.UTC(2026, 0, 11, 11), from: '10.0.0.5', reason: 'unauthorized', detail: 'wrong user or password' } },
        licenseCount: { granted: 7, used: 7, unknownReason: null, licensedOwners: 7 } };
    });
    await st.getByRole('button', { name: 'Reload' }).click();
    await st.locator('[data-link=cdr][data-state=broken]').waitFor();
    const refused = st.locator('[data-cdr-refused=unauthorized]');
    expect(await refused.getAttribute('class')).toBe('error');
    expect(await refused.innerText()).toMatch(/^Broken: the last post at .* from 10\.0\.0\.5 was refused: wrong or missing credentials \(wrong user or password\)/);
    await st.locator('[data-warning=licenses-exhausted]').waitFor();
    await page.evaluate(() => { const s = (window as any).adminMock.state; s.status = { ...s.status, licenseCount: { granted: null, used: null, unknownReason: 'no-answer', licensedOwners: 3 } }; });
    await st.getByRole('button', { name: 'Reload' }).click();
    await st.locator('[data-license-count=unknown][data-reason=no-answer]').waitFor();
    expect(await st.locator('[data-license-count=unknown]').innerText()).toBe('Licence count unknown: the PBX did not answer in time.');
    // keyboard: arrows move between tabs, the selected tab is the only one in the tab order
    await tab('License & links').focus();
    await page.keyboard.press('ArrowLeft');
    expect(await tab('Access lists').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Home');
    expect(await tab('Recordings').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('rec-app [role=tab][tabindex="0"]').count()).toBe(1);
  });

  it('service trace: newest lines first, older pages, level and area filters, refresh, a refusal explained', async () => {
    await page.evaluate(() => (window as any).adminMock.makeTrace(450));
    await tab('License & links').click();
    const tr = page.locator('rec-admin-trace');
    const lines = tr.locator('li');
    await expect.poll(() => lines.count()).toBe(200);
    expect(await lines.first().innerText()).toContain('trace line 449');
    expect(await tr.getByRole('status').innerText()).toBe('200 lines shown, older ones available');
    await tr.getByRole('button', { name: 'Older lines' }).click();
    await expect.poll(() => lines.count()).toBe(400);
    expect((await requests('GetTraceLog')).at(-1)).toMatchObject({ before: 250, limit: 200 });
    await tr.getByRole('button', { name: 'Older lines' }).click();
    await expect.poll(() => lines.count()).toBe(450);
    expect(await lines.last().innerText()).toContain('trace line 0');
    expect(await tr.getByRole('button', { name: 'Older lines' }).count()).toBe(0);
    expect(await tr.getByRole('status').innerText()).toBe('450 lines');

    await tr.getByLabel('Show').selectOption({ label: 'errors only' });
    await expect.poll(async () => (await requests('GetTraceLog')).at(-1)).toMatchObject({ level: 'error' });
    await expect.poll(() => lines.count()).toBe(90);
    expect(await lines.evaluateAll((ls) => ls.every((l) => (l as HTMLElement).dataset.level === 'error'))).toBe(true);
    await tr.getByLabel('Area').selectOption({ label: 'License' });
    await expect.poll(async () => (await requests('GetTraceLog')).at(-1)).toMatchObject({ level: 'error', category: 'license' });
    await expect.poll(() => lines.count()).toBe(0);
    await tr.getByText('No trace lines match.').waitFor();
    await tr.getByLabel('Show').selectOption({ label: 'all levels' });
    await expect.poll(() => lines.count()).toBe(90);
    expect(await lines.evaluateAll((ls) => ls.every((l) => (l as HTMLElement).dataset.category === 'license'))).toBe(true);

    // refresh shows what was written meanwhile; a refusal is explained
    await page.evaluate(() => { const s = (window as any).adminMock.state; s.trace.push({ at: Date.UTC(2026, 0, 11), category: 'license', level: 'error', text: 'PBX master connection lost' }); });
    await tr.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => lines.first().innerText()).toContain('PBX master connection lost');
    await page.evaluate(() => (window as any).mock.failNext('GetTraceLog', 'forbidden', 'GetTraceLog is not allowed for user connections'));
    await tr.getByRole('button', { name: 'Refresh' }).click();
    await tr.locator('.error[data-code=forbidden]').waitFor();
    expect(await lines.count()).toBe(0);
  });

  it('reconnect: the open tab reloads after the new login and shows what happened meanwhile', async () => {
    await tab('Recycle bin').click();
    const binRows = page.locator('rec-admin-recycle-bin tbody tr');
    await expect.poll(() => binRows.count()).toBeGreaterThan(0);
    const lists = (await requests('ListRecycleBin')).length;
    await page.evaluate(() => (window as any).mock.dropAll());
    await page.locator('rec-app .conn[data-phase=waiting]').waitFor();
    expect(await page.locator('rec-admin-recycle-bin [data-state=not-connected]').innerText()).toContain('Not connected');
    await page.evaluate(() => { const m = (window as any).mock; (window as any).adminMock.state.bin.unshift(m.recording('away', { state: 'deleted', deletedAt: Date.UTC(2026, 0, 20) })); });
    await page.locator('rec-app .conn[data-phase=connected]').waitFor({ timeout: 10_000 });
    await expect.poll(() => binRows.first().getAttribute('data-id')).toBe('away');
    expect((await requests('ListRecycleBin')).length).toBe(lists + 1);
    expect(await page.locator('rec-admin-recycle-bin [data-state=not-connected]').count()).toBe(0);
  });
});

describe('multi-select in the list (user and admin)', () => {
  it('Ctrl/Shift click and keys select; bulk delete confirms and lists each refusal; the player gets the playlist', async () => {
    await freshPage({}, `mock.setRecordings(Array.from({ length: 8 }, (_, i) => mock.recording('m' + i, {
      remoteName: 'Caller ' + i, startTime: Date.UTC(2026, 0, 10, 8 + i), protected: i === 5 })))`);
    await expect.poll(() => rows().count()).toBe(8);
    const ids = async () => page.locator('rec-recording-list [role=option][data-picked=true]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    // the user app has no admin tabs and never fetches the admin sections' code
    expect(await page.getByRole('tab').count()).toBe(0);
    expect(await page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('rec-admin-panels')))).toBe(false);
    // the bar follows the list's rows, not only the selection
    await expect.poll(() => page.locator('rec-selection-bar').getByRole('button', { name: 'Select all in filter' }).isEnabled()).toBe(true);
    // newest first: m7 … m0
    await rows().nth(0).click();
    expect(await ids()).toEqual([]);
    await rows().nth(2).click({ modifiers: ['Control'] }); // the open one joins the selection
    expect(await ids()).toEqual(['m7', 'm5']);
    await rows().nth(4).click({ modifiers: ['Shift'] }); // range from the anchor m5
    expect(await ids()).toEqual(['m5', 'm4', 'm3']);
    expect(await page.locator('rec-selection-bar .sel-count').innerText()).toBe('3 selected');
    expect(await rows().nth(3).getAttribute('aria-selected')).toBe('true');
    expect(await rows().nth(0).getAttribute('aria-selected')).toBe('false');
    expect(await page.locator('rec-recording-list [role=listbox]').getAttribute('aria-multiselectable')).toBe('true');

    await page.locator('rec-recording-list .scroller').focus();
    await page.keyboard.press('Escape');
    expect(await ids()).toEqual([]);
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    expect(await ids()).toEqual(['m7', 'm6', 'm5']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Control+Space');
    expect(await ids()).toEqual(['m7', 'm6', 'm5', 'm3']);
    await rows().nth(3).locator('input.pick').click(); // checkbox toggles m4 in
    expect(await ids()).toEqual(['m7', 'm6', 'm5', 'm4', 'm3']);

    const playlist = () => page.evaluate(() => (window as any).app.el.shadowRoot.querySelector('rec-call-player').playlist);
    expect(await playlist()).toEqual(['m7', 'm6', 'm5', 'm4', 'm3', 'm2', 'm1', 'm0']);

    await page.locator('rec-selection-bar').getByRole('button', { name: 'Delete selected' }).click();
    const dialog = page.locator('rec-selection-bar dialog');
    expect(await dialog.innerText()).toContain('Delete 5 recordings?');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await requests('DeleteRecording')).toHaveLength(0);
    await page.locator('rec-selection-bar').getByRole('button', { name: 'Delete selected' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.locator('rec-selection-bar').getByText('4 deleted, 1 not deleted:').waitFor();
    const fail = page.locator('rec-selection-bar li[data-id=m5]');
    expect(await fail.getAttribute('data-code')).toBe('protected');
    expect(await fail.innerText()).toBe('Caller 5: The recording is protected; remove the protection first.');
    expect((await requests('DeleteRecording')).map((r) => r.id)).toEqual(['m7', 'm6', 'm5', 'm4', 'm3']);
    await expect.poll(() => rows().count()).toBe(4);
    expect(await ids()).toEqual(['m5']); // the one that stayed is still selected
    expect(await playlist()).toEqual(['m5', 'm2', 'm1', 'm0']);
    // the player's next/previous sends rec-select: the list follows
    await page.evaluate(() => (window as any).app.el.shadowRoot.querySelector('rec-call-player').dispatchEvent(new CustomEvent('rec-select', { detail: { id: 'm1' }, bubbles: true, composed: true })));
    await expect.poll(() => page.evaluate(() => (window as any).app.el.selectedId)).toBe('m1');
  });

  it('"select all in filter" loads every page of the filter first; Ctrl+A takes the loaded rows', async () => {
    await freshPage({}, `mock.setRecordings(Array.from({ length: 450 }, (_, i) => mock.recording('p' + i, { remoteName: i % 3 ? 'Other' : 'Match', startTime: Date.UTC(2026, 0, 1) + i * 60000 })))`);
    await expect.poll(() => page.locator('rec-app .count').innerText()).toContain('200 recordings loaded, more available');
    await page.locator('rec-recording-list .scroller').focus();
    await page.keyboard.press('Control+a');
    expect(await page.locator('rec-selection-bar .sel-count').innerText()).toBe('200 selected');
    await page.getByLabel('Search names and numbers').fill('Match');
    await expect.poll(() => page.locator('rec-app .count').innerText()).toBe('150 recordings');
    expect(await page.locator('rec-selection-bar .sel-count').innerText()).toBe('66 selected'); // the rest left the list
    await page.getByLabel('Search names and numbers').fill('');
    await expect.poll(() => page.locator('rec-app .count').innerText()).toContain('200 recordings loaded');
    await page.locator('rec-selection-bar').getByRole('button', { name: 'Select all in filter' }).click();
    await expect.poll(() => page.locator('rec-selection-bar .sel-count').innerText()).toBe('450 selected');
    expect(await page.locator('rec-app .count').innerText()).toBe('450 recordings');
    const cursors = (await requests('ListRecordings')).map((r: any) => r.cursor ?? null);
    expect(cursors.slice(-3)).toEqual([null, '200', '400']);
    // a failing page stops and says why
    await page.getByLabel('Direction').selectOption('out');
    await expect.poll(() => page.locator('rec-app .count').innerText()).toContain('200 recordings loaded');
    await page.evaluate(() => (window as any).mock.failNext('ListRecordings', 'internal', 'timeout'));
    await page.locator('rec-selection-bar').getByRole('button', { name: 'Select all in filter' }).click();
    await page.locator('rec-selection-bar .err[data-code=internal]').waitFor();
    expect(await page.locator('rec-selection-bar .sel-count').innerText()).toBe('200 selected');
  });

  it('bulk ZIP: what can be exported is saved, each recording that cannot is named with the reason', async () => {
    await freshPage({}, `mock.setRecordings([mock.recording('ok', { remoteName: 'Olga', startTime: Date.UTC(2026, 0, 10, 9) }),
      mock.recording('gone', { remoteName: 'Gustav', startTime: Date.UTC(2026, 0, 10, 8) })])`);
    await page.evaluate((b64) => (window as any).mock.setPcap('ok', b64), readFileSync(FIXTURE).toString('base64'));
    await expect.poll(() => rows().count()).toBe(2);
    const bar = page.locator('rec-selection-bar');
    await bar.getByRole('button', { name: 'Select all in filter' }).click();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), bar.getByRole('button', { name: 'Download ZIP' }).click()]);
    const names = Object.keys(unzipSync(new Uint8Array(readFileSync(await download.path()))));
    expect(names.filter((n) => n.endsWith('.wav'))).toHaveLength(1);
    expect(names.filter((n) => n.endsWith('.pdf'))).toHaveLength(1);
    await bar.getByText('ZIP of 1 recordings saved.').waitFor();
    expect(await bar.locator('li[data-id=gone]').innerText()).toBe('Gustav: The recording could not be downloaded (HTTP 404).');
    expect((await requests('GetDownloadToken')).map((r) => [r.id, r.purpose])).toEqual([['ok', 'download'], ['gone', 'download']]);

    await rows().nth(1).click(); // open "gone": the selection is cleared
    await rows().nth(1).locator('input.pick').click(); // its checkbox picks only it
    expect(await rows().nth(1).locator('input.pick').isChecked()).toBe(true);
    expect(await bar.locator('.sel-count').innerText()).toBe('1 selected');
    let downloads = 0;
    page.on('download', () => downloads++);
    await bar.getByRole('button', { name: 'Download ZIP' }).click();
    await bar.getByText('No ZIP saved: none of the selected recordings could be exported.').waitFor();
    expect(await bar.locator('li[data-id=gone]').innerText()).toContain('HTTP 404');
    expect(downloads).toBe(0);
  });

  it('speaks German in the admin tabs', async () => {
    await freshPage({ admin: true, lang: 'de' });
    await expect.poll(() => page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('rec-admin-panels')))).toBe(true);
    expect(await page.getByRole('tab').allInnerTexts()).toEqual(['Aufzeichnungen', 'Papierkorb', 'Protokoll', 'Einstellungen', 'Zugriffslisten', 'Lizenz & Verbindungen']);
    await tab('Einstellungen').click();
    await page.locator('rec-admin-settings').getByLabel('Aufzeichnungen löschen nach (Tagen)').waitFor();
    await tab('Papierkorb').click();
    await page.locator('rec-admin-recycle-bin').getByText('Der Papierkorb ist leer.').waitFor();
    await tab('Lizenz & Verbindungen').click();
    await page.locator('rec-admin-status').getByText('Noch keine Verbindungsdatensätze empfangen.').waitFor();
    await page.locator('rec-admin-trace').getByRole('heading', { name: 'Dienst-Trace' }).waitFor();
    expect(errors).toEqual([]);
  });
});
