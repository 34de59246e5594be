// The call player in Chromium with the service mocked by msw: a capture with a known tone per side
// (600 Hz remote/left, 1000 Hz local/right) is measured on each output channel's tap — pitch kept
// at 0.5×/2× while the position runs at that speed; mute/solo/volume per side; the A-B loop wraps;
// keys; previous/next/auto-advance pick the right ids; DTMF and loss marks are in the DOM.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEFT_HZ, RIGHT_HZ, toneCall } from './player-capture.js';
import { startHarness, type Harness } from './serve.js';

const RATE = 8000;
const LONG = Buffer.from(toneCall({ seconds: 12, jump: { at: 400, ms: 3000 } })).toString('base64');
const SHORT = Buffer.from(toneCall({ seconds: 3 })).toString('base64');
let h: Harness;
let page: Page;
const errors: string[] = [];

interface PState { position: number; playing: boolean; time: number; speed: number; id: string | null; frames: number }

const pstate = (): Promise<PState> => page.evaluate(() => {
  const p = (window as any).ph.player;
  return { position: p.player.positionFrame, playing: p.player.isPlaying, time: p.player.context?.currentTime ?? 0,
    speed: p.player.speed, id: p.recordingId, frames: p.info?.frames ?? 0 };
});
const listen = (side: 0 | 1, reads = 6): Promise<{ hz: number; rms: number }> =>
  page.evaluate(([s, r]) => (window as any).ph.listen(s, r), [side, reads] as const);
const seek = (sec: number) => page.evaluate((f) => (window as any).ph.player.playback.seek(f), sec * RATE);
const deck = (sel: string) => page.locator(`rec-call-player rec-player-deck ${sel}`);
const play = () => page.locator('rec-call-player rec-transport button.main');

async function open(mount: Record<string, unknown>, ids: string[], b64: string, over: Record<string, unknown> = {}): Promise<void> {
  await page?.close();
  page = await h.browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(h.url);
  await page.evaluate(() => (window as any).mswReady);
  await page.evaluate(([list, data, extra]) => {
    const m = (window as any).mock;
    m.setRecordings(list.map((id: string, i: number) => m.recording(id, { remoteName: `Caller ${id}`, startTime: Date.UTC(2026, 0, 10, 12, i), ...extra })));
    for (const id of list) m.setPcap(id, data);
  }, [ids, b64, over] as const);
  await page.evaluate((m) => (window as any).ph.mountPlayer(m), mount);
  await expect.poll(async () => (await play().count()) > 0 && (await play().isEnabled()), { timeout: 20_000 }).toBe(true);
  await page.waitForFunction(() => (window as any).ph.player.shadowRoot.querySelector('progress') === null, undefined, { timeout: 20_000 });
}

async function startPlaying(): Promise<void> {
  if (!(await pstate()).playing) await play().click();
  await page.waitForFunction(() => {
    const p = (window as any).ph.player.player;
    return p.context?.state === 'running' && p.isPlaying;
  }, undefined, { timeout: 10_000 });
}

async function pause(): Promise<void> {
  if ((await pstate()).playing) await play().click();
  await expect.poll(async () => (await pstate()).playing).toBe(false);
}

beforeAll(async () => { h = await startHarness('test/app/player-harness.html'); });
afterAll(async () => { await h?.close(); });

describe('call player', () => {
  it('plays each side on its own channel; 0.5× and 2× keep the pitch, the position runs at that speed and the audio lasts 1/speed', async () => {
    await open({ id: 'tone' }, ['tone'], LONG);
    await startPlaying();
    for (const speed of [1, 0.5, 2]) {
      await seek(1.5);
      await deck('rec-transport select').selectOption(String(speed));
      await page.waitForTimeout(400); // the old speed's scheduled audio is replaced; let the taps fill
      const a = await pstate();
      const left = await listen(0, 4);
      const right = await listen(1, 4);
      const b = await pstate();
      expect(b.speed).toBe(speed);
      const rate = (b.position - a.position) / RATE / (b.time - a.time);
      expect(Math.abs(rate - speed) / speed, `position rate at ${speed}×: ${rate}`).toBeLessThan(0.15);
      expect(Math.abs(left.hz - LEFT_HZ) / LEFT_HZ, `left at ${speed}×: ${left.hz} Hz`).toBeLessThan(0.03);
      expect(Math.abs(right.hz - RIGHT_HZ) / RIGHT_HZ, `right at ${speed}×: ${right.hz} Hz`).toBeLessThan(0.03);
      expect(left.rms).toBeGreaterThan(0.05);
      expect(right.rms).toBeGreaterThan(0.05);
    }
    // The audio itself lasts 1/speed as long: the call's last 2 s played at 1×, 2× and 0.5×, timed on
    // the audio clock from play to the end (the constant start/end latency cancels in the differences).
    const lasting: Record<string, number> = {};
    for (const speed of [1, 2, 0.5]) {
      await pause();
      await deck('rec-transport select').selectOption(String(speed));
      await seek((await pstate()).frames / RATE - 2);
      lasting[speed] = await page.evaluate(() => new Promise<number>((done) => {
        const p = (window as any).ph.player;
        let t0 = 0;
        const off = p.player.onEnded(() => { off(); done(p.player.context.currentTime - t0); });
        void p.playback.toggle().then(() => { t0 = p.player.context.currentTime; });
      }));
    }
    expect(lasting[1]! - lasting[2]!, JSON.stringify(lasting)).toBeGreaterThan(0.85); // 2 s vs 1 s of audio
    expect(lasting[1]! - lasting[2]!).toBeLessThan(1.15);
    expect(lasting[0.5]! - lasting[1]!).toBeGreaterThan(1.7); // 4 s vs 2 s
    expect(lasting[0.5]! - lasting[1]!).toBeLessThan(2.3);
    await deck('rec-transport select').selectOption('1');
  });

  it('mute, solo and volume change only the chosen side of the output', async () => {
    await seek(2);
    await startPlaying();
    const side = (s: 'left' | 'right', what: string) => deck(`rec-channel-mix fieldset[data-side=${s}] ${what}`);
    const level = async (s: 0 | 1) => (await listen(s, 3)).rms;
    await page.waitForTimeout(200);
    const full = [await level(0), await level(1)];
    expect(full[0]).toBeGreaterThan(0.05);
    expect(full[1]).toBeGreaterThan(0.05);

    await side('left', 'button[data-action=mute]').click();
    await page.waitForTimeout(150);
    expect(await level(0)).toBeLessThan(0.003);
    expect(await level(1)).toBeGreaterThan(0.05);
    expect(await side('left', 'button[data-action=mute]').getAttribute('aria-pressed')).toBe('true');
    await side('left', 'button[data-action=mute]').click();

    await side('left', 'button[data-action=solo]').click();
    await page.waitForTimeout(150);
    expect(await level(1)).toBeLessThan(0.003);
    expect(await level(0)).toBeGreaterThan(0.05);
    await side('left', 'button[data-action=solo]').click(); // solo off again
    await page.waitForTimeout(150);
    expect(await level(1)).toBeGreaterThan(0.05);

    await side('right', 'input[type=range]').evaluate((el: HTMLInputElement) => { el.value = '50'; el.dispatchEvent(new Event('input', { bubbles: true })); });
    await page.waitForTimeout(200);
    const half = await level(1);
    expect(half / full[1]!).toBeGreaterThan(0.4);
    expect(half / full[1]!).toBeLessThan(0.6);
    expect((await level(0)) / full[0]!).toBeGreaterThan(0.85);
    expect(await side('right', 'input[type=range]').getAttribute('aria-label')).toBe('Volume Local (right)');
  });

  it('A-B loop: playback wraps from B to A without leaving the range; clear ends it', async () => {
    await pause();
    await seek(3);
    await deck('button[data-action=loop-a]').click();
    expect(await deck('rec-transport .loopinfo').innerText()).toContain('0:03');
    await seek(3.6);
    await deck('button[data-action=loop-b]').click();
    const band = deck('rec-waveform .loop');
    expect(Number(await band.getAttribute('data-loop-a'))).toBe(3 * RATE);
    expect(Number(await band.getAttribute('data-loop-b'))).toBe(3.6 * RATE);
    await startPlaying();
    const positions: number[] = await page.evaluate(async () => {
      const p = (window as any).ph.player.player;
      const out: number[] = [];
      for (let i = 0; i < 50; i++) { out.push(p.positionFrame); await new Promise((r) => setTimeout(r, 50)); }
      return out;
    });
    expect(Math.min(...positions)).toBeGreaterThanOrEqual(3 * RATE - 1);
    expect(Math.max(...positions)).toBeLessThanOrEqual(3.6 * RATE + 0.05 * RATE);
    let wraps = 0;
    for (let i = 1; i < positions.length; i++) if (positions[i]! < positions[i - 1]! - 0.2 * RATE) wraps++;
    expect(wraps).toBeGreaterThanOrEqual(2);
    // the loop is continuous sound: the tap never goes quiet at the splice
    expect((await listen(0, 4)).rms).toBeGreaterThan(0.05);
    await deck('button[data-action=loop-clear]').click();
    expect(await band.count()).toBe(0);
    await page.waitForTimeout(900);
    expect((await pstate()).position).toBeGreaterThan(3.6 * RATE);
  });

  it('keys: space, J/L, arrows, Home/End, speed and loop keys; the help lists them', async () => {
    await pause();
    await page.locator('rec-call-player h2').first().click(); // focus outside controls: the page keys apply
    const pos = async () => (await pstate()).position / RATE;
    await page.keyboard.press('Home');
    expect(await pos()).toBe(0);
    await page.keyboard.press('l');
    expect(await pos()).toBeCloseTo(10, 1);
    await page.keyboard.press('j');
    expect(await pos()).toBeCloseTo(0, 1);
    await page.keyboard.press('ArrowRight');
    expect(await pos()).toBeCloseTo(5, 1);
    await page.keyboard.press('ArrowLeft');
    expect(await pos()).toBeCloseTo(0, 1);
    await page.keyboard.press('End');
    expect(await pos()).toBeCloseTo(12, 0);
    await page.keyboard.press('Home');
    await page.keyboard.press('>');
    expect((await pstate()).speed).toBe(1.25);
    expect(await deck('rec-transport select').inputValue()).toBe('1.25');
    await page.keyboard.press('<');
    await page.keyboard.press('<');
    expect((await pstate()).speed).toBe(0.75);
    await page.keyboard.press('>');
    await page.keyboard.press('a');
    await page.keyboard.press('l'); // to 10 s
    await page.keyboard.press('b');
    expect(await page.evaluate(() => (window as any).ph.player.player.loop)).toEqual({ a: 0, b: 10 * RATE });
    await page.keyboard.press('x');
    expect(await page.evaluate(() => (window as any).ph.player.player.loop)).toBeNull();
    // A and B at the same place: refused with the reason, no loop
    await page.keyboard.press('a');
    await page.keyboard.press('b');
    expect(await deck('.notice[role=alert]').innerText()).toBe('The loop was not set: A and B must be at least 50 ms apart.');
    expect(await page.evaluate(() => (window as any).ph.player.player.loop)).toBeNull();
    await page.keyboard.press('x');
    expect(await deck('.notice').count()).toBe(0);
    await page.keyboard.press('Home');
    await page.keyboard.press(' ');
    await expect.poll(async () => (await pstate()).playing).toBe(true);
    await page.keyboard.press(' ');
    await expect.poll(async () => (await pstate()).playing).toBe(false);
    // typing in a field is not a shortcut
    await page.locator('rec-call-player textarea').fill('keep');
    await page.locator('rec-call-player textarea').press('l');
    expect(await pos()).toBeCloseTo(0, 1);

    await deck('rec-transport summary').click();
    const help = deck('rec-transport .help');
    expect(await help.isVisible()).toBe(true);
    const text = await help.innerText();
    expect(text).toMatch(/J\s+10 seconds back/);
    expect(text).toMatch(/A\s+Loop start \(A\) here/);
    expect(text).not.toContain('Next recording'); // no playlist here
  });

  it('marks DTMF digits and lost/re-aligned audio in the DOM; a mark click seeks there', async () => {
    const dtmf = deck('rec-waveform .mark[data-kind=dtmf]');
    expect(await dtmf.count()).toBe(1);
    expect(await dtmf.getAttribute('data-digit')).toBe('7');
    expect(await dtmf.getAttribute('data-channel')).toBe('right');
    expect(Number(await dtmf.getAttribute('data-time-ms'))).toBe(1000);
    expect(await dtmf.getAttribute('aria-label')).toBe('DTMF 7 at 0:01 Local (right)');
    // outside the slider, so assistive technology reaches the marks by role and name
    expect(await page.getByRole('group', { name: 'Marks on the time axis' }).getByRole('button', { name: 'DTMF 7 at 0:01 Local (right)' }).count()).toBe(1);
    const loss = deck('rec-waveform .mark[data-kind=loss]');
    expect(await loss.count()).toBe(1);
    expect(await loss.getAttribute('data-code')).toBe('timestamp-jump');
    expect(await loss.getAttribute('data-channel')).toBe('left');
    expect(Math.abs(Number(await loss.getAttribute('data-time-ms')) - 8000)).toBeLessThan(100);
    expect(await deck('rec-waveform #marks-summary').textContent()).toBe('1 DTMF digits and 1 places with lost or replaced audio are marked.');
    await dtmf.click();
    expect((await pstate()).position).toBe(RATE);
  });

  it('shows German texts when the language is German', async () => {
    await page.evaluate(() => (window as any).ph.setLang('de'));
    expect(await deck('rec-transport label').first().innerText()).toContain('Tempo');
    expect(await deck('button[data-action=loop-a]').getAttribute('aria-label')).toBe('Schleifenanfang (A) an der aktuellen Stelle setzen');
    expect(await deck('rec-channel-mix button[data-action=solo]').first().innerText()).toBe('Solo');
    await page.evaluate(() => (window as any).ph.setLang('en'));
    expect(errors).toEqual([]);
  });

  it('states lost packets whose position the decoder does not report, per side; call events in words (en/de)', async () => {
    await open({ id: 'lossy' }, ['lossy'], Buffer.from(toneCall({ seconds: 4, loss: { from: 100, to: 110 } })).toString('base64'), { hasCallInfo: true });
    const info = page.locator('rec-call-player rec-call-info');
    expect(await info.locator('caption').innerText()).toContain('Alice Adams (201) · placed the call');
    const rows = await info.locator('tbody tr').allInnerTexts();
    expect(rows[0]).toMatch(/^Call set up \(by the other side\) setup-from\s+5$/);
    expect(rows[1]).toMatch(/^Ringing \(toward the other side\) alert-to\s+Bob Brown · 202\s+6$/);
    expect(rows[3]).toMatch(/^Released \(toward the other side\) · cause 16 rel-to/);
    expect(rows[4]).toMatch(/^park-to\s+21$/); // unknown to us: the PBX's code as it is
    await page.evaluate(() => (window as any).ph.setLang('de'));
    expect(await info.locator('tbody tr').first().innerText()).toMatch(/^Rufaufbau \(von der Gegenseite\) setup-from/);
    await page.evaluate(() => (window as any).ph.setLang('en'));
    const note = deck('rec-waveform .lossnote');
    expect(await note.count()).toBe(1);
    expect(await note.getAttribute('data-channel')).toBe('left');
    expect(await note.innerText()).toBe('Remote (left): 10 packets lost (5.0 %); the decoder does not report where, so they are not marked.');
    expect(await deck('rec-waveform .mark[data-kind=loss]').count()).toBe(0);
  });
});

describe('playlist', () => {
  it('previous/next ask for the neighbouring ids; buttons stop at the ends', async () => {
    await open({ id: 'p2', playlist: ['p1', 'p2', 'p3'], follow: true }, ['p1', 'p2', 'p3'], SHORT);
    const next = deck('button[data-action=next]'), prev = deck('button[data-action=previous]');
    await next.click();
    await expect.poll(() => page.evaluate(() => (window as any).ph.selects)).toEqual(['p3']);
    await expect.poll(async () => (await pstate()).id).toBe('p3');
    await expect.poll(async () => (await play().count()) > 0 && (await play().isEnabled()), { timeout: 20_000 }).toBe(true);
    expect(await next.isDisabled()).toBe(true);
    await prev.click();
    await expect.poll(async () => (await pstate()).id).toBe('p2');
    await expect.poll(async () => (await play().count()) > 0 && (await play().isEnabled()), { timeout: 20_000 }).toBe(true);
    await page.locator('rec-call-player h2').first().click();
    await page.keyboard.press('p');
    await expect.poll(async () => (await pstate()).id).toBe('p1');
    await expect.poll(async () => (await play().count()) > 0 && (await play().isEnabled()), { timeout: 20_000 }).toBe(true);
    expect(await prev.isDisabled()).toBe(true);
    expect(await page.evaluate(() => (window as any).ph.selects)).toEqual(['p3', 'p2', 'p1']);
  });

  it('a recording that cannot be fetched keeps previous/next (buttons and keys) usable', async () => {
    await page.evaluate(() => (window as any).mock.fail('GetRecording', 'not-found', 'gone'));
    await deck('button[data-action=next]').click();
    await expect.poll(async () => (await pstate()).id).toBe('p2');
    await page.locator('rec-call-player .error[data-code=not-found]').waitFor({ timeout: 10_000 });
    expect(await play().isDisabled()).toBe(true);
    expect(await deck('button[data-action=next]').isEnabled()).toBe(true);
    await page.evaluate(() => { const walk = (r: any): any => r?.activeElement?.shadowRoot ? walk(r.activeElement.shadowRoot) : r?.activeElement; walk(document)?.blur(); });
    await page.keyboard.press('n');
    await expect.poll(async () => (await pstate()).id).toBe('p3');
    await page.locator('rec-call-player .error[data-code=not-found]').waitFor({ timeout: 10_000 });
    await deck('button[data-action=previous]').click();
    await expect.poll(async () => (await pstate()).id).toBe('p2');
    await page.evaluate(() => (window as any).mock.heal('GetRecording'));
    await deck('button[data-action=previous]').click();
    await expect.poll(async () => (await pstate()).id).toBe('p1');
    await expect.poll(async () => (await play().count()) > 0 && (await play().isEnabled()), { timeout: 20_000 }).toBe(true);
    expect(await page.evaluate(() => (window as any).ph.selects)).toEqual(['p3', 'p2', 'p1', 'p2', 'p3', 'p2', 'p1']);
  });

  it('auto-advance: at the end of a call the next one is selected and starts playing', async () => {
    const auto = deck('rec-transport input[type=checkbox]');
    expect(await auto.isChecked()).toBe(false);
    // without auto-advance the end is the end
    await seek(2.6);
    await startPlaying();
    await expect.poll(async () => (await pstate()).playing, { timeout: 5000 }).toBe(false);
    expect((await pstate()).id).toBe('p1');
    await auto.check();
    await seek(2.6);
    await startPlaying();
    await expect.poll(async () => (await pstate()).id, { timeout: 5000 }).toBe('p2');
    await expect.poll(async () => { const s = await pstate(); return s.playing && s.position > 0; }, { timeout: 20_000 }).toBe(true);
    expect(await page.evaluate(() => (window as any).ph.selects)).toEqual(['p3', 'p2', 'p1', 'p2', 'p3', 'p2', 'p1', 'p2']);
    // the choice is remembered
    expect(await page.evaluate(() => localStorage.getItem('rec.autoAdvance'))).toBe('1');
    expect(errors).toEqual([]);
  });
});
