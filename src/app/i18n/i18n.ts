// The current language and `t()`; elements re-render through LocaleController when it changes
// (myApps posts SetLang while the app is open).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { de, en, type TextKey } from './texts.js';

export type Lang = 'en' | 'de';
const TABLES: Record<Lang, Record<TextKey, string>> = { en, de };

let current: Lang = 'en';
const listeners = new Set<() => void>();

/** Any language code myApps sends ("de", "de-AT", "fr") → one we have; English otherwise. */
export function pickLang(code: string | null | undefined): Lang {
  return (code ?? '').toLowerCase().startsWith('de') ? 'de' : 'en';
}

export function getLang(): Lang { return current; }

export function setLang(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  document.documentElement.lang = lang;
  for (const l of listeners) l();
}

/** Text of `key` in the current language, $0 … replaced by `args`. */
export function t(key: TextKey, ...args: (string | number)[]): string {
  return TABLES[current][key].replace(/\$(\d)/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}

export function onLangChange(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Date and time in the current language. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString(current === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
}

/** Re-renders its host when the language changes. */
export class LocaleController implements ReactiveController {
  private off: (() => void) | null = null;
  constructor(private readonly host: ReactiveControllerHost) { host.addController(this); }
  hostConnected(): void { this.off = onLangChange(() => this.host.requestUpdate()); }
  hostDisconnected(): void { this.off?.(); this.off = null; }
}
