// End to end: the real server and host page. The PBX posts the call's CDR, the phone PUTs the
// capture; alice opens it in the user app, saves a note and downloads the ZIP through the export
// menu. The archive holds a stereo WAV (header, length = decoded call, both channels carry sound)
// and a call sheet PDF naming the parties and the note.
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfTextRuns } from '../app/export-pdf-text.js';
import { createNodeCore } from '../../src/worker/core-node.js';
import { inspectCapture } from '../../src/worker/decode-session.js';
import { FIXTURE, startE2e, type E2eEnv } from './e2e-env.js';

const CONF = '33333333333333333333333333330003';
const NAME = `${CONF}-009033a1b2c3-9--alice.pcap`;
const CDR = `<cdr guid="aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa21" cn="Alice Adams" e164="201" h323="alice" dir="from" utc="1768046400" id="x1">
 <event msg="setup-to" time="5" type="ext" e164="0897654321" dn="Zoe Zander" conf="${CONF}"/>
 <event msg="conn-to" time="8"/>
 <event msg="rel-to" time="40" cause="16"/>
</cdr>`;

let env: E2eEnv;

beforeAll(async () => { env = await startE2e({ page: { acceptDownloads: true }, httpErrors: true }); });
afterAll(async () => { await env?.close(); });

describe('export through the user app against the real server', () => {
  it('plays a recording, then the ZIP download holds its stereo WAV and a call sheet with parties and note', async () => {
    expect((await env.postCdr(CDR)).status).toBe(200);
    expect((await env.uploadFixture(NAME)).status).toBe(201);
    const f = await env.openHost();
    await f.locator('rec-app .conn[data-phase=connected]').waitFor({ timeout: 15_000 });
    await f.locator('rec-recording-list [role=option]').first().click();
    const play = f.locator('rec-call-player rec-transport button.main');
    await expect.poll(async () => (await play.isEnabled()) && (await play.innerText()) === 'Play', { timeout: 20_000 }).toBe(true);
    await play.click();
    await expect.poll(() => play.innerText()).toBe('Pause');

    await f.getByLabel('Note').fill('Zoe wants the offer in writing');
    await f.getByRole('button', { name: 'Save note' }).click();
    await f.getByText('Note saved').waitFor();

    const zip = f.locator('rec-export-menu button[data-action=zip]');
    await expect.poll(() => zip.isEnabled(), { timeout: 30_000 }).toBe(true);
    const [download] = await Promise.all([env.page.waitForEvent('download', { timeout: 60_000 }), zip.click()]);
    expect(download.suggestedFilename()).toMatch(/^\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d_Alice-Adams_to_Zoe-Zander\.zip$/);
    const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
    const names = Object.keys(files);
    expect(names).toHaveLength(2);

    const wav = Buffer.from(files[names.find((n) => n.endsWith('.wav'))!]);
    const info = await inspectCapture(readFileSync(FIXTURE), { core: await createNodeCore() });
    expect(wav.subarray(0, 4).toString()).toBe('RIFF');
    expect(wav.subarray(8, 12).toString()).toBe('WAVE');
    expect(wav.readUInt16LE(20)).toBe(1); // PCM
    expect(wav.readUInt16LE(22)).toBe(2);
    expect(wav.readUInt32LE(24)).toBe(info.sampleRate);
    expect(wav.readUInt16LE(34)).toBe(16);
    expect(wav.readUInt32LE(40)).toBe(info.frames * 4);
    expect(wav.length).toBe(44 + info.frames * 4);
    const peak = [0, 0];
    for (let i = 0; i < info.frames; i++) {
      peak[0] = Math.max(peak[0], Math.abs(wav.readInt16LE(44 + i * 4)));
      peak[1] = Math.max(peak[1], Math.abs(wav.readInt16LE(46 + i * 4)));
    }
    expect(peak[0]).toBeGreaterThan(1000); // left = remote
    expect(peak[1]).toBeGreaterThan(1000); // right = local

    const text = pdfTextRuns(files[names.find((n) => n.endsWith('.pdf'))!]).join('\n');
    for (const s of ['Call sheet: Zoe Zander', 'Alice Adams', '0897654321', 'Outgoing', 'setup-to', 'Zoe wants the offer in writing', NAME]) {
      expect(text, s).toContain(s);
    }
    expect(env.errors).toEqual([]);
  });
});
