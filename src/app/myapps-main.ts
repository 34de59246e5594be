// Boot of both myApps pages (user and admin): start parameters → language and scheme → the
// connection (login through the parent window) → the list model → <rec-app>.
import { APP_ADMIN } from '../shared/messages.js';
import { onLangChange, setLang, t } from './i18n/i18n.js';
import { AppConnection } from './services/connection.js';
import { MyAppsHost, readStart } from './services/myapps.js';
import { startOffline } from './services/offline-start.js';
import { RecordingList } from './services/recording-list.js';
import { applyScheme } from './services/scheme.js';
import './elements/rec-app.js';

export function bootMyApps(): void {
  const start = readStart(location.href, navigator.language);
  setLang(start.lang);
  applyScheme(start.scheme);
  const host = new MyAppsHost(window, start);
  host.onLang(setLang);
  host.onScheme((s) => applyScheme(s));
  const connection = new AppConnection({ url: start.url, appObject: start.name, login: host });
  const list = new RecordingList(connection);
  startOffline(connection, list);
  const el = document.createElement('rec-app');
  el.admin = start.app === APP_ADMIN;
  el.connection = connection;
  el.list = list;
  const title = () => { document.title = start.title || t(el.admin ? 'adminTitle' : 'appTitle'); };
  title();
  onLangChange(title);
  document.body.append(el);
  connection.start();
}
