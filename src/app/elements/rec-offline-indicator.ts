import { LitElement, css, html } from 'lit';
import { LocaleController, t } from '../i18n/i18n.js';
import type { AppConnection } from '../services/connection.js';
import { offlineCache, type OfflineCache } from '../services/offline-cache.js';
import { offlineModeFor } from '../services/offline-mode.js';
import './rec-offline-panel.js';

/**
 * In rec-app's header: "Offline" while the service cannot be reached (the list then shows what
 * this device keeps), and the button that opens the list of recordings kept on this device.
 */
export class RecOfflineIndicator extends LitElement {
  static override properties = { connection: { attribute: false }, offline: { state: true }, open: { state: true } };
  declare connection: AppConnection | null;
  declare offline: boolean;
  declare open: boolean;
  private off: (() => void) | null = null;
  private bound: AppConnection | null = null;
  private cache: OfflineCache = offlineCache();

  constructor() {
    super();
    new LocaleController(this);
    Object.assign(this, { connection: null, offline: false, open: false });
  }

  static override styles = css`
    :host { display: inline-flex; gap: .5rem; align-items: center; font-size: .85em; }
    .badge { background: var(--rec-warn, #8a5300); color: #fff; border-radius: 999px; padding: .05rem .6rem; font-weight: 600; }
    button { font: inherit; padding: .15rem .6rem; border-radius: 4px; border: 1px solid var(--rec-border, #888);
      background: var(--rec-button, transparent); color: inherit; cursor: pointer; }
    dialog { background: var(--rec-panel, #fff); color: var(--rec-fg, inherit); border: 1px solid var(--rec-border, #ccc);
      border-radius: 8px; max-width: min(40rem, 95vw); }
    .close { display: flex; justify-content: flex-end; margin-top: .5rem; }
  `;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.off?.();
    this.off = null;
    this.bound = null;
  }

  protected override willUpdate(): void {
    if (this.connection === this.bound) return;
    this.off?.();
    this.bound = this.connection;
    if (!this.connection) { this.offline = false; return; }
    const mode = offlineModeFor(this.connection);
    this.cache = mode.cache;
    this.offline = mode.offline;
    this.off = mode.onChange((o) => { this.offline = o; });
  }

  override render() {
    return html`
      ${this.offline ? html`<span class="badge" role="status" title=${t('offline.badgeHint')}>${t('offline.badge')}</span>
        <span class="hint">${t('offline.badgeHint')}</span>` : ''}
      <button aria-haspopup="dialog" @click=${this.show}>${t('offline.storage')}</button>
      <dialog aria-label=${t('offline.panelTitle')} @close=${() => { this.open = false; }}>
        ${this.open ? html`<rec-offline-panel .cache=${this.cache}></rec-offline-panel>` : ''}
        <div class="close"><button @click=${this.hide}>${t('offline.close')}</button></div>
      </dialog>`;
  }

  private get dialog(): HTMLDialogElement | null { return this.renderRoot.querySelector('dialog'); }
  private show = async (): Promise<void> => { this.open = true; await this.updateComplete; this.dialog?.showModal(); };
  private hide = (): void => { this.dialog?.close(); };
}
customElements.define('rec-offline-indicator', RecOfflineIndicator);

declare global {
  interface HTMLElementTagNameMap { 'rec-offline-indicator': RecOfflineIndicator }
}
