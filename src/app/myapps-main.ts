// Boot of both myApps pages (user and admin): openMyApps (start parameters, language, scheme, the
// connection) → the list model → <rec-app>.
import { APP_ADMIN } from '../shared/messages.js';
import { t } from './i18n/i18n.js';
import { openMyApps } from './myapps-boot.js';
import { startOffline } from './services/offline-start.js';
import { RecordingList } from './services/recording-list.js';
import './elements/rec-app.js';

export function bootMyApps(): void {
  const { start, connection } = openMyApps((s) => t(s.app === APP_ADMIN ? 'adminTitle' : 'appTitle'));
  const list = new RecordingList(connection);
  startOffline(connection, list);
  const el = document.createElement('rec-app');
  el.admin = start.app === APP_ADMIN;
  el.connection = connection;
  el.list = list;
  document.body.append(el);
  connection.start();
}
