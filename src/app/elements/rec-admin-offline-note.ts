import { html } from 'lit';
import { t } from '../i18n/i18n.js';
import type { AppConnection } from '../services/connection.js';

/** Shown by every admin section while the connection is down (what it shows is then stale or empty). */
export function offlineNote(conn: AppConnection | null) {
  return conn && !conn.connected ? html`<p class="error" role="status" data-state="not-connected">${t('adm.notConnected')}</p>` : '';
}
