import { LitElement, css, html, nothing } from 'lit';
import type { RecordingInfo } from '../../shared/messages.js';
import { LocaleController, t } from '../i18n/i18n.js';
import type { AppConnection, ConnectionStatus } from '../services/connection.js';
import { explain } from '../services/explain.js';
import type { ListQuery, RecordingList } from '../services/recording-list.js';
import { RecordingSelection } from '../services/recording-selection.js';
import type { TextKey } from '../i18n/texts.js';
import type { RecCallPlayer } from './rec-call-player.js';
import './rec-call-player.js';
import './rec-filter-bar.js';
import './rec-offline-indicator.js';
import './rec-recording-list.js';
import './rec-selection-bar.js';

export type AdminTab = 'recordings' | 'bin' | 'audit' | 'settings' | 'access' | 'status';
const TABS: readonly AdminTab[] = ['recordings', 'bin', 'audit', 'settings', 'access', 'status'];
const TAB_TEXT: Record<AdminTab, TextKey> = {
  recordings: 'adm.tab.recordings', bin: 'adm.tab.bin', audit: 'adm.tab.audit', settings: 'adm.tab.settings',
  access: 'adm.tab.access', status: 'adm.tab.status',
};

/**
 * The myApps view (user or admin): connection state, filters, the live recording list with
 * multi-select and bulk actions, and the player of the chosen recording (its playlist is the
 * list in filter order). Admins get tabs for the recycle bin, audit log, settings, access lists
 * and licence/link status. Gets its services from the entry script.
 */
export class RecApp extends LitElement {
  static override properties = {
    connection: { attribute: false }, list: { attribute: false }, admin: { type: Boolean },
    status: { state: true }, selectedId: { state: true }, revision: { state: true }, now: { state: true }, tab: { state: true },
    adminReady: { state: true }, adminError: { state: true },
  };
  declare connection: AppConnection | null;
  declare list: RecordingList | null;
  declare admin: boolean;
  declare status: ConnectionStatus | null;
  declare selectedId: string | null;
  /** bumped when the list model changed */
  declare revision: number;
  declare now: number;
  /** admin section shown; users always see `recordings` */
  declare tab: AdminTab;
  /** the admin sections' code has arrived (loaded on demand, never by the user app) */
  declare adminReady: boolean;
  declare adminError: { code: string; text: string } | null;
  readonly selection = new RecordingSelection();
  private playlistOf: { items: readonly RecordingInfo[]; ids: string[] } = { items: [], ids: [] };
  private offs: (() => void)[] = [];
  private tick: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    new LocaleController(this);
    Object.assign(this, { connection: null, list: null, admin: false, status: null, selectedId: null, revision: 0, now: Date.now(), tab: 'recordings', adminReady: false, adminError: null });
  }

  static override styles = css`
    :host { display: flex; flex-direction: column; height: 100vh; box-sizing: border-box; background: var(--rec-bg, #fff);
      color: var(--rec-fg, #222); font: 14px system-ui, sans-serif; }
    header { display: flex; align-items: center; gap: 1rem; padding: .4rem .8rem; border-bottom: 1px solid var(--rec-border, #ccc);
      background: var(--rec-panel, #f4f5f6); }
    h1 { font-size: 1.05rem; margin: 0; }
    .conn { margin-left: auto; font-size: .85em; display: flex; gap: .5rem; align-items: center; }
    .dot { width: .6rem; height: .6rem; border-radius: 50%; background: var(--rec-muted, #888); display: inline-block; }
    .dot.ok { background: var(--rec-ok, green); }
    .dot.bad { background: var(--rec-error, #b3261e); }
    .banner { padding: .4rem .8rem; color: var(--rec-error, #b3261e); border-bottom: 1px solid var(--rec-border, #ccc); }
    button { font: inherit; padding: .15rem .6rem; border-radius: 4px; border: 1px solid var(--rec-border, #888);
      background: var(--rec-button, transparent); color: inherit; cursor: pointer; }
    main { flex: 1; display: grid; grid-template-columns: minmax(24rem, 1fr) minmax(22rem, 1.1fr); min-height: 0; }
    .left { display: flex; flex-direction: column; min-height: 0; border-right: 1px solid var(--rec-border, #ccc); }
    .right { overflow-y: auto; min-height: 0; }
    rec-recording-list { flex: 1; }
    .count { font-size: .8em; color: var(--rec-muted, #666); padding: .25rem .6rem; display: flex; gap: .5rem; align-items: center; }
    .err { color: var(--rec-error, #b3261e); }
    [role=tablist] { display: flex; gap: .15rem; flex-wrap: wrap; }
    [role=tab] { border: 0; border-bottom: 3px solid transparent; border-radius: 0; background: none; padding: .3rem .6rem; }
    [role=tab][aria-selected=true] { border-bottom-color: var(--rec-accent, #1a73e8); font-weight: 600; }
    main[hidden] { display: none; }
    .admin-panel { flex: 1; min-height: 0; overflow-y: auto; }
    @media (max-width: 800px) { main { grid-template-columns: 1fr; grid-template-rows: 1fr 1fr; } }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.connection) {
      this.status = this.connection.status;
      this.offs.push(this.connection.onChange((s) => { this.status = s; }));
      this.offs.push(this.connection.onPush((p) => {
        if (p.mt === 'RecordingUpdated') this.player?.updateRecording(p.recording);
        // Admins see a recycled recording as updated with state "deleted": it leaves the view too.
        const gone = p.mt === 'RecordingDeleted' ? p.id : p.recording.state === 'deleted' ? p.recording.id : null;
        if (gone !== null && gone === this.selectedId) this.selectedId = null;
      }));
    }
    if (this.list) {
      const list = this.list;
      this.offs.push(list.onChange(() => { this.selection.retain(list.items); this.revision++; }));
    }
    if (this.admin && !this.adminReady) {
      import('./rec-admin-panels.js').then(() => { this.adminReady = true; }, (e: unknown) => { this.adminError = explain(e); });
    }
    this.tick = setInterval(() => { if (this.status?.phase === 'waiting') this.now = Date.now(); }, 500);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const o of this.offs) o();
    this.offs = [];
    clearInterval(this.tick);
  }

  private get player(): RecCallPlayer | null { return this.renderRoot.querySelector('rec-call-player'); }

  override render() {
    const list = this.list;
    return html`
      <header>
        <h1>${this.admin ? t('adminTitle') : t('appTitle')}</h1>
        ${this.admin ? this.renderTabs() : ''}
        ${this.renderConn()}
        <rec-offline-indicator .connection=${this.connection}></rec-offline-indicator>
      </header>
      ${this.renderBanner()}
      ${this.renderRecordings(list)}
      ${this.admin && this.tab !== 'recordings' ? this.renderAdminPanel() : ''}`;
  }

  private renderTabs() {
    return html`<nav role="tablist" aria-label=${t('adm.tabs')} @keydown=${this.onTabKey}>${TABS.map((k) => html`
      <button role="tab" id=${`tab-${k}`} data-tab=${k} aria-selected=${this.tab === k ? 'true' : 'false'} aria-controls=${k === 'recordings' ? 'panel-recordings' : 'admin-panel'}
        tabindex=${this.tab === k ? '0' : '-1'} @click=${() => { this.tab = k; }}>${t(TAB_TEXT[k])}</button>`)}</nav>`;
  }

  /**
   * Tabs follow the ARIA pattern: arrows move between them, Home/End jump, the panel is next in tab
   * order. The recordings panel only hides, so playback goes on while an admin looks elsewhere.
   */
  private onTabKey = (e: KeyboardEvent): void => {
    const i = TABS.indexOf(this.tab);
    const next = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length
      : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    this.tab = TABS[next]!;
    void this.updateComplete.then(() => (this.renderRoot.querySelector(`#tab-${this.tab}`) as HTMLElement | null)?.focus());
  };

  private renderAdminPanel() {
    const c = this.connection;
    if (!this.adminReady) {
      return html`<div class="admin-panel" id="admin-panel" role="tabpanel" aria-labelledby=${`tab-${this.tab}`}>${this.adminError
        ? html`<p class="banner" role="alert">${this.adminError.text}</p>` : html`<p role="status">${t('loading')}</p>`}</div>`;
    }
    const panel = this.tab === 'bin' ? html`<rec-admin-recycle-bin .connection=${c}
          @rec-changed=${(e: CustomEvent<{ recording: RecordingInfo }>) => this.list?.upsert(e.detail.recording)}></rec-admin-recycle-bin>`
      : this.tab === 'audit' ? html`<rec-admin-audit .connection=${c}></rec-admin-audit>`
      : this.tab === 'settings' ? html`<rec-admin-settings .connection=${c}></rec-admin-settings>`
      : this.tab === 'access' ? html`<rec-admin-access .connection=${c}></rec-admin-access>`
      : html`<rec-admin-status .connection=${c}></rec-admin-status>`;
    return html`<div class="admin-panel" id="admin-panel" role="tabpanel" aria-labelledby=${`tab-${this.tab}`}>${panel}</div>`;
  }

  /** The player's playlist: the list's ids in filter order, rebuilt only when the list changed. */
  private get playlist(): string[] {
    const items = this.list?.items ?? [];
    if (this.playlistOf.items !== items) this.playlistOf = { items, ids: items.map((r) => r.id) };
    return this.playlistOf.ids;
  }

  private renderRecordings(list: RecordingList | null) {
    return html`
      <main id="panel-recordings" role=${this.admin ? 'tabpanel' : nothing} aria-labelledby=${this.admin ? 'tab-recordings' : nothing}
        ?hidden=${this.admin && this.tab !== 'recordings'}>
        <div class="left">
          <rec-filter-bar .admin=${this.admin} .query=${list?.query} @rec-query=${(e: CustomEvent<ListQuery>) => void list?.setQuery(e.detail)}></rec-filter-bar>
          <div class="count" role="status" aria-live="polite">${list ? this.renderCount(list) : ''}</div>
          <rec-selection-bar .connection=${this.connection} .list=${list} .selection=${this.selection}
            @rec-bulk-deleted=${(e: CustomEvent<{ ids: string[] }>) => { if (this.selectedId && e.detail.ids.includes(this.selectedId)) this.selectedId = null; }}></rec-selection-bar>
          <rec-recording-list .items=${list?.items ?? []} .more=${list?.more ?? false} .admin=${this.admin}
            .selectedId=${this.selectedId} .selection=${this.selection}
            @rec-select=${(e: CustomEvent<{ id: string }>) => { this.selectedId = e.detail.id; }}
            @rec-more=${() => void list?.loadMore()}></rec-recording-list>
        </div>
        <div class="right">
          <rec-call-player .connection=${this.connection} .recordingId=${this.selectedId} .playlist=${this.playlist}
            @rec-select=${(e: CustomEvent<{ id: string }>) => { this.selectedId = e.detail.id; }}
            @rec-changed=${(e: CustomEvent<{ recording: RecordingInfo }>) => list?.upsert(e.detail.recording)}
            @rec-deleted=${(e: CustomEvent<{ id: string }>) => { list?.remove(e.detail.id); this.selectedId = null; }}></rec-call-player>
        </div>
      </main>`;
  }

  private renderCount(list: RecordingList) {
    const n = list.items.length;
    return html`${list.loading ? t('loading') : list.more ? t('countMore', n) : t('countShown', n)}
      ${list.more && !list.loading ? html`<button @click=${() => void list.loadMore()}>${t('loadMore')}</button>` : ''}
      ${list.error ? html`<span class="err" data-code=${explain(list.error).code}>${explain(list.error).text}</span>` : ''}`;
  }

  private renderConn() {
    const s = this.status;
    if (!s) return '';
    const cls = s.phase === 'connected' ? 'ok' : s.phase === 'waiting' || s.phase === 'stopped' ? 'bad' : '';
    const text = s.phase === 'connected' ? (s.user ? t('signedInAs', s.user.dn) : t('connected'))
      : s.phase === 'login' ? t('loggingIn')
      : s.phase === 'stopped' ? t('notConnected')
      : s.phase === 'waiting' ? t('reconnecting', Math.max(0, Math.ceil((s.retryAt - Date.now()) / 1000)))
      : t('connecting');
    return html`<span class="conn" data-phase=${s.phase}><span class="dot ${cls}" aria-hidden="true"></span><span>${text}</span>
      ${s.phase === 'waiting' ? html`<button @click=${() => this.connection?.retryNow()}>${t('retryNow')}</button>` : ''}</span>`;
  }

  private renderBanner() {
    const p = this.status?.problem;
    if (!p || this.status?.phase === 'connected') return '';
    const text = p === 'no-parent' ? t('noParent') : p === 'login-timeout' ? t('loginTimeout') : p.startsWith('login: ') ? t('loginRefused', p.slice(7)) : p;
    return html`<div class="banner" role="alert">${text}</div>`;
  }
}
customElements.define('rec-app', RecApp);

declare global {
  interface HTMLElementTagNameMap { 'rec-app': RecApp }
}
