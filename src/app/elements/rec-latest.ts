import { LitElement, css, html } from 'lit';
import type { RecordingInfo } from '../../shared/messages.js';
import { LocaleController, formatDateTime, t } from '../i18n/i18n.js';
import type { AppConnection, ConnectionStatus } from '../services/connection.js';
import { explain } from '../services/explain.js';
import { RecordingList } from '../services/recording-list.js';
import './rec-call-player.js';
import { formatTime } from './rec-waveform.js';

/** How many of the newest recordings the panel lists. */
export const LATEST_COUNT = 20;

/**
 * The softphone panel (~320 px wide): the signed-in user's newest recordings, live through
 * SubscribeRecordings, and the compact player of the chosen one (previous/next walk this list).
 */
export class RecLatest extends LitElement {
  static override properties = {
    connection: { attribute: false },
    status: { state: true }, items: { state: true }, selectedId: { state: true }, loading: { state: true },
    error: { state: true }, fresh: { state: true },
  };
  declare connection: AppConnection | null;
  declare status: ConnectionStatus | null;
  declare items: RecordingInfo[];
  declare selectedId: string | null;
  declare loading: boolean;
  declare error: { code: string; text: string } | null;
  /** ids that arrived by push while the panel was open (highlighted) */
  declare fresh: ReadonlySet<string>;
  private list: RecordingList | null = null;
  private offs: (() => void)[] = [];
  private known = new Set<string>();
  private loaded = false;

  constructor() {
    super();
    new LocaleController(this);
    Object.assign(this, { connection: null, status: null, items: [], selectedId: null, loading: false, error: null, fresh: new Set() });
  }

  static override styles = css`
    :host { display: flex; flex-direction: column; min-width: 0; max-width: 100%; box-sizing: border-box;
      font-family: system-ui, sans-serif; color: var(--rec-fg, inherit); background: var(--rec-bg, transparent); }
    header { display: flex; align-items: baseline; gap: .5rem; padding: .5rem .6rem .25rem; }
    h1 { font-size: 1rem; margin: 0; }
    .conn { margin-left: auto; font-size: .75em; color: var(--rec-muted, #666); }
    .conn[data-phase=connected] { color: var(--rec-ok, green); }
    ul { list-style: none; margin: 0; padding: 0; border-top: 1px solid var(--rec-border, #ddd); }
    li { border-bottom: 1px solid var(--rec-border, #ddd); }
    li button { all: unset; box-sizing: border-box; width: 100%; display: grid; grid-template-columns: 1.2rem 1fr auto;
      gap: .1rem .4rem; padding: .4rem .6rem; cursor: pointer; }
    li button:hover { background: var(--rec-row-hover, #eef1f4); }
    li button:focus-visible { outline: 2px solid var(--rec-accent, #1a73e8); outline-offset: -2px; }
    li[aria-current=true] button { background: var(--rec-row-sel, #d6e7fb); }
    li[data-fresh] .who::after { content: ''; display: inline-block; width: .45rem; height: .45rem; border-radius: 50%;
      background: var(--rec-accent, #1a73e8); margin-left: .35rem; vertical-align: middle; }
    .dir { grid-row: span 2; align-self: center; color: var(--rec-muted, #666); }
    .who { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-weight: 600; }
    .len { font-variant-numeric: tabular-nums; font-size: .85em; }
    .when { grid-column: 2 / span 2; font-size: .8em; color: var(--rec-muted, #666); }
    .hint, .error { padding: .5rem .6rem; margin: 0; font-size: .9em; }
    .hint { color: var(--rec-muted, #666); }
    .error { color: var(--rec-error, #b3261e); }
    rec-call-player { padding: .25rem .4rem; border-top: 2px solid var(--rec-border, #ddd); }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    const conn = this.connection;
    if (!conn || this.list) return;
    this.status = conn.status;
    this.offs.push(conn.onChange((s) => { this.status = s; }));
    // Before the list's own handler reloads: narrow the list to the signed-in user's own calls.
    this.offs.push(conn.onReady(() => {
      const sip = conn.status.user?.sip;
      if (this.list && sip) this.list.query = { ...this.list.query, filter: { owner: sip } };
    }));
    const list = new RecordingList(conn);
    this.list = list;
    this.offs.push(list.onChange(() => this.fromList(list)), () => list.dispose());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const o of this.offs) o();
    this.offs = [];
    this.list = null;
    this.known.clear();
    this.loaded = false;
  }

  override render() {
    const phase = this.status?.phase ?? 'stopped';
    const ids = this.items.map((r) => r.id);
    return html`
      <header>
        <h1 id="latest-title">${t('latestTitle')}</h1>
        <span class="conn" data-phase=${phase} role="status">${phase === 'connected' ? t('connected')
          : phase === 'waiting' || phase === 'stopped' ? t('notConnected') : t('connecting')}</span>
      </header>
      ${this.error ? html`<p class="error" role="alert" data-code=${this.error.code}>${this.error.text}</p>` : ''}
      ${this.items.length === 0
        ? html`<p class="hint">${this.loading ? t('loading') : phase === 'connected' ? t('latestEmpty') : ''}</p>`
        : html`<ul aria-labelledby="latest-title">${this.items.map((r) => this.renderItem(r))}</ul>`}
      ${this.selectedId ? html`<rec-call-player compact .connection=${this.connection} .recordingId=${this.selectedId}
        .playlist=${ids}
        @rec-select=${(e: CustomEvent<{ id: string }>) => { e.stopPropagation(); this.select(e.detail.id); }}
        @rec-changed=${(e: CustomEvent<{ recording: RecordingInfo }>) => this.list?.upsert(e.detail.recording)}
        @rec-deleted=${(e: CustomEvent<{ id: string }>) => { this.list?.remove(e.detail.id); this.selectedId = null; }}
        ></rec-call-player>` : ''}`;
  }

  private renderItem(r: RecordingInfo) {
    const who = r.remoteName ?? r.remoteNumber ?? t('unknownParty');
    const dir = r.direction === 'in' ? '↙' : r.direction === 'out' ? '↗' : '·';
    const dirText = t(r.direction === 'in' ? 'dirIn' : r.direction === 'out' ? 'dirOut' : 'dirUnknown');
    const current = r.id === this.selectedId;
    return html`<li data-id=${r.id} aria-current=${current ? 'true' : 'false'} ?data-fresh=${this.fresh.has(r.id)}>
      <button aria-label=${t('latestItem', who, dirText, formatDateTime(r.startTime), formatTime(r.durationMs / 1000))}
        @click=${() => this.select(r.id)}>
        <span class="dir" aria-hidden="true" title=${dirText}>${dir}</span>
        <span class="who">${who}</span>
        <span class="len">${formatTime(r.durationMs / 1000)}</span>
        <span class="when">${formatDateTime(r.startTime)}${r.remoteName && r.remoteNumber ? ` · ${r.remoteNumber}` : ''}</span>
      </button></li>`;
  }

  private select(id: string): void {
    this.selectedId = id;
    if (this.fresh.has(id)) this.fresh = new Set([...this.fresh].filter((x) => x !== id));
  }

  private fromList(list: RecordingList): void {
    const items = list.items.slice(0, LATEST_COUNT);
    // Newly pushed entries (not part of the first load) are marked until played.
    if (!list.loading && this.loaded) {
      const added = items.filter((r) => !this.known.has(r.id)).map((r) => r.id);
      if (added.length) this.fresh = new Set([...this.fresh, ...added]);
    }
    if (!list.loading) { for (const r of items) this.known.add(r.id); this.loaded = true; }
    this.items = items;
    this.loading = list.loading;
    this.error = list.error ? explain(list.error) : null;
    if (this.selectedId && !list.items.some((r) => r.id === this.selectedId) && !list.loading) this.selectedId = null;
  }
}
customElements.define('rec-latest', RecLatest);

declare global {
  interface HTMLElementTagNameMap { 'rec-latest': RecLatest }
}
