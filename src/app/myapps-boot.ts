// What every myApps page does first (user, admin, softphone panel): start parameters → language
// and scheme (followed when myApps changes them) → the connection, whose login comes through the
// parent window; the page title follows the language. The caller mounts its view, then starts it.
import { onLangChange, setLang } from './i18n/i18n.js';
import { AppConnection } from './services/connection.js';
import { MyAppsHost, readStart, type StartParams } from './services/myapps.js';
import { applyScheme } from './services/scheme.js';

export function openMyApps(title: (start: StartParams) => string): { start: StartParams; connection: AppConnection } {
  const start = readStart(location.href, navigator.language);
  setLang(start.lang);
  applyScheme(start.scheme);
  const host = new MyAppsHost(window, start);
  host.onLang(setLang);
  host.onScheme((s) => applyScheme(s));
  const connection = new AppConnection({ url: start.url, appObject: start.name, login: host });
  const setTitle = () => { document.title = start.title || title(start); };
  setTitle();
  onLangChange(setTitle);
  return { start, connection };
}
