import { LitElement, css, html } from 'lit';
import { LocaleController, formatDateTime, t } from '../i18n/i18n.js';
import { explain } from '../services/explain.js';
import { formatMB, offlineCache, type OfflineCache, type OfflineStatus } from '../services/offline-cache.js';
import type { CachedEntry } from '../services/offline-store.js';

/** What this device keeps for the signed-in user: each recording with its size and "remove", and the storage figures. */
export class RecOfflinePanel extends LitElement {
  static override properties = {
    cache: { attribute: false }, entries: { state: true }, status: { state: true }, error: { state: true },
  };
  declare cache: OfflineCache;
  declare entries: CachedEntry[];
  declare status: OfflineStatus | null;
  declare error: { code: string; text: string } | null;
  private off: (() => void) | null = null;

  constructor() {
    super();
    new LocaleController(this);
    Object.assign(this, { cache: offlineCache(), entries: [], status: null, error: null });
  }

  static override styles = css`
    :host { display: block; min-width: 22rem; }
    h2 { font-size: 1rem; margin: 0 0 .5rem; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid var(--rec-border, #ddd); }
    td.size { text-align: right; white-space: nowrap; }
    small { color: var(--rec-muted, #666); }
    p { margin: .4rem 0; }
    .error { color: var(--rec-error, #b3261e); }
    button { font: inherit; padding: .15rem .6rem; border-radius: 4px; border: 1px solid var(--rec-border, #888);
      background: var(--rec-button, transparent); color: inherit; cursor: pointer; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this.off = this.cache.onChange(() => void this.load());
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.off?.();
  }

  async load(): Promise<void> {
    try {
      const [entries, status] = await Promise.all([this.cache.entries(), this.cache.status()]);
      Object.assign(this, { entries, status });
    } catch (e) {
      this.error = explain(e);
    }
  }

  override render() {
    const s = this.status;
    return html`<h2>${t('offline.panelTitle')}</h2>
      ${this.entries.length === 0 ? html`<p class="empty">${t('offline.panelEmpty')}</p>` : html`
        <table>
          <thead><tr><th>${t('offline.colRecording')}</th><th>${t('offline.colKind')}</th><th>${t('offline.colSize')}</th><th></th></tr></thead>
          <tbody>${this.entries.map((e) => this.renderRow(e))}</tbody>
        </table>`}
      ${s ? html`<p class="used">${t('offline.used', formatMB(s.used), formatMB(s.budget))}</p>
        ${s.quota !== null && s.usage !== null ? html`<p><small>${t('offline.browserUsage', formatMB(s.usage), formatMB(s.quota))}</small></p>` : ''}
        <p><small>${t(s.persisted ? 'offline.persisted' : 'offline.notPersisted')}</small></p>` : ''}
      ${this.error ? html`<p class="error" role="alert">${this.error.text}</p>` : ''}`;
  }

  private renderRow(e: CachedEntry) {
    const r = e.recording;
    const name = r.remoteName ?? r.remoteNumber ?? t('unknownParty');
    return html`<tr data-id=${e.id}>
      <td>${name}<br><small>${formatDateTime(r.startTime)}</small></td>
      <td>${t(e.pinned ? 'offline.kindPinned' : 'offline.kindRecent')}</td>
      <td class="size">${formatMB(e.size)}</td>
      <td><button aria-label=${t('offline.removeLabel', name)} @click=${() => void this.removeEntry(e.id)}>${t('offline.remove')}</button></td>
    </tr>`;
  }

  private async removeEntry(id: string): Promise<void> {
    this.error = null;
    try {
      await this.cache.remove(id);
    } catch (e) {
      this.error = explain(e);
    }
  }
}
customElements.define('rec-offline-panel', RecOfflinePanel);

declare global {
  interface HTMLElementTagNameMap { 'rec-offline-panel': RecOfflinePanel }
}
