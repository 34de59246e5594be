import { LitElement, css, html } from 'lit';
import type { RecordingInfo } from '../../shared/messages.js';
import { LocaleController, t } from '../i18n/i18n.js';
import type { AppConnection, ConnectionStatus } from '../services/connection.js';
import { explain } from '../services/explain.js';
import type { ListQuery, RecordingList } from '../services/recording-list.js';
import type { RecCallPlayer } from './rec-call-player.js';
import './rec-call-player.js';
import './rec-filter-bar.js';
import './rec-recording-list.js';

/**
 * The myApps view (user or admin): connection state, filters, the live recording list and the
 * player of the chosen recording. Gets its services from the entry script.
 */
export class RecApp extends LitElement {
  static override properties = {
    connection: { attribute: false }, list: { attribute: false }, admin: { type: Boolean },
    status: { state: true }, selectedId: { state: true }, revision: { state: true }, now: { state: true },
  };
  declare connection: AppConnection | null;
  declare list: RecordingList | null;
  declare admin: boolean;
  declare status: ConnectionStatus | null;
  declare selectedId: string | null;
  /** bumped when the list model changed */
  declare revision: number;
  declare now: number;
  private offs: (() => void)[] = [];
  private tick: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    new LocaleController(this);
    Object.assign(this, { connection: null, list: null, admin: false, status: null, selectedId: null, revision: 0, now: Date.now() });
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
    if (this.list) this.offs.push(this.list.onChange(() => { this.revision++; }));
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
        ${this.renderConn()}
      </header>
      ${this.renderBanner()}
      <main>
        <div class="left">
          <rec-filter-bar .admin=${this.admin} .query=${list?.query} @rec-query=${(e: CustomEvent<ListQuery>) => void list?.setQuery(e.detail)}></rec-filter-bar>
          <div class="count" role="status" aria-live="polite">${list ? this.renderCount(list) : ''}</div>
          <rec-recording-list .items=${list?.items ?? []} .more=${list?.more ?? false} .admin=${this.admin}
            .selectedId=${this.selectedId}
            @rec-select=${(e: CustomEvent<{ id: string }>) => { this.selectedId = e.detail.id; }}
            @rec-more=${() => void list?.loadMore()}></rec-recording-list>
        </div>
        <div class="right">
          <rec-call-player .connection=${this.connection} .recordingId=${this.selectedId}
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
