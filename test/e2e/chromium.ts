// Chromium as every page test drives it (Debian's build, the flags of helpers/browser.ts), allowed
// to start audio without a gesture: the players start playback from a test's click or evaluate().
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/browser.js';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'], headless: true });
}
