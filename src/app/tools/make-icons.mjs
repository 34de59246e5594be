// Renders the two myApps icons (50×50 PNG next to each .htm, reference §2.1) from SVG with Debian's
// chromium: `node src/app/tools/make-icons.mjs`. Output: public/innovaphone-recordings{,admin}.png.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..', '..');
const wave = 'M9 25 h4 l3-8 l4 16 l4-22 l4 26 l4-18 l3 10 l3-4 h3';
const icon = (badge) => `<svg xmlns="http://www.w3.org/2000/svg" width="50" height="50" viewBox="0 0 50 50">
  <rect x="1" y="1" width="48" height="48" rx="10" fill="#0b63c5"/>
  <path d="${wave}" fill="none" stroke="#fff" stroke-width="2.6" stroke-linejoin="round" stroke-linecap="round"/>
  <circle cx="40" cy="11" r="4.5" fill="#ff5a4f"/>
  ${badge ? '<g transform="translate(33 33)"><circle r="9" fill="#303030"/><path d="M0-5.5 l1.6 3 3.3.5-2.4 2.3.6 3.3L0 2.1l-3.1 1.5.6-3.3-2.4-2.3 3.3-.5z" fill="#ffd54f"/></g>' : ''}
</svg>`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 50, height: 50 }, deviceScaleFactor: 1 });
  for (const [name, badge] of [['innovaphone-recordings', false], ['innovaphone-recordingsadmin', true]]) {
    await page.setContent(`<html><body style="margin:0;background:transparent">${icon(badge)}</body></html>`);
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: 50, height: 50 } });
    writeFileSync(resolve(root, 'public', `${name}.png`), png);
    console.log(`public/${name}.png ${png.length} bytes`);
  }
} finally {
  await browser.close();
}
