// The environment every end-to-end file starts from: the myApps pages built into a private folder,
// the real server on port 0 serving them (with its standalone host page), Chromium allowed to
// start audio without a gesture, and one page whose errors are collected. One per test file.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Frame, Page } from 'playwright-core';
import { expect } from 'vitest';
import { http, startTestServer, upload, type HttpResult, type TestServer } from '../server/helpers.js';
import { buildMyAppsPages } from './build-web.js';
import { launchChromium } from './chromium.js';

/** A real two-way G.711 call: both output channels carry sound when it plays. */
export const FIXTURE = resolve(import.meta.dirname, '..', 'fixtures', 'captures', 'pcma-eth-ipv4.pcap');
export const USER_APP = 'innovaphone-recordings.htm';

export interface E2eOptions {
  /** more HTML entries to build, name → repo-relative source */
  extraPages?: Record<string, string>;
  /** options of the page's browser context (downloads, viewport) */
  page?: BrowserContextOptions;
  /** also count console errors (off where a cut network makes the browser log them on purpose) */
  consoleErrors?: boolean;
  /** also count HTTP responses >= 400, except the browser's own /favicon.ico probe of the host page */
  httpErrors?: boolean;
}

export interface E2eEnv {
  web: { dir: string; remove(): void };
  srv: TestServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** uncaught page errors, plus console/HTTP errors when asked for */
  errors: string[];
  /** the loaded frame whose URL contains `file`; throws when there is none */
  frame(file?: string): Frame;
  /** waits (15 s) for a frame whose URL contains `file` */
  waitForFrame(file?: string): Promise<Frame>;
  /** opens the standalone host page (alice, user app) and returns the app frame */
  openHost(): Promise<Frame>;
  /** a phone's HTTP PUT of the fixture capture as `name` */
  uploadFixture(name: string): Promise<HttpResult>;
  /** the PBX posting a CDR (XML) to the service */
  postCdr(xml: string): Promise<HttpResult>;
  /** stops the server early (the browser stays); close() then leaves it alone */
  stopServer(): Promise<void>;
  readonly serverStopped: boolean;
  close(): Promise<void>;
}

export async function startE2e(o: E2eOptions = {}): Promise<E2eEnv> {
  const web = await buildMyAppsPages(o.extraPages);
  let srv: TestServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext, page: Page;
  try {
    srv = await startTestServer({}, { webDir: web.dir });
    browser = await launchChromium();
    context = await browser.newContext(o.page);
    page = await context.newPage();
  } catch (e) {
    await browser?.close().catch(() => undefined);
    await srv?.stop().catch(() => undefined);
    web.remove();
    throw e;
  }
  const s = srv, b = browser;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (o.consoleErrors) page.on('console', (m) => { if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url}`); });
  if (o.httpErrors) page.on('response', (r) => { if (r.status() >= 400 && !r.url().includes('/favicon.ico')) errors.push(`http ${r.status()}: ${r.url()}`); });
  let stopped = false;

  const frame = (file = USER_APP): Frame => {
    const f = page.frames().find((x) => x.url().includes(file));
    if (!f) throw new Error(`${file} frame not loaded`);
    return f;
  };
  const waitForFrame = async (file = USER_APP): Promise<Frame> => {
    await expect.poll(() => page.frames().some((x) => x.url().includes(file)), { timeout: 15_000 }).toBe(true);
    return frame(file);
  };
  return {
    web, srv: s, browser: b, context, page, errors, frame, waitForFrame,
    async openHost() { await page.goto(`${s.url}/host.htm`); return waitForFrame(); },
    uploadFixture: (name) => upload(s.url, name, readFileSync(FIXTURE)),
    postCdr: (xml) => http(`${s.url}/cdr`, { method: 'POST', body: xml, headers: { 'Content-Type': 'text/xml' } }),
    async stopServer() { await s.stop(); stopped = true; },
    get serverStopped() { return stopped; },
    async close() {
      await b.close();
      if (!stopped) await s.stop();
      web.remove();
    },
  };
}
