import { LitElement, css, html, type PropertyValues } from 'lit';
import { live } from 'lit/directives/live.js';
import type { RecordingDetail, RecordingInfo } from '../../shared/messages.js';
import { LocaleController, t } from '../i18n/i18n.js';
import type { AppConnection } from '../services/connection.js';
import { explain } from '../services/explain.js';
import { formatMB, offlineCache, type OfflineCache } from '../services/offline-cache.js';
import { offlineModeFor } from '../services/offline-mode.js';
import type { CachedEntry } from '../services/offline-store.js';
import { downloadRecording } from '../services/recording-source.js';

/**
 * "Keep offline" for the recording in the player: pins it in this device's cache (downloading
 * it first unless it is cached already); says how it is kept, and while offline that server
 * actions are not sent.
 */
export class RecOfflineToggle extends LitElement {
  static override properties = {
    recording: { attribute: false }, connection: { attribute: false }, cache: { attribute: false },
    entry: { state: true }, busy: { state: true }, percent: { state: true }, error: { state: true }, offline: { state: true },
  };
  declare recording: RecordingInfo | RecordingDetail | null;
  declare connection: AppConnection | null;
  declare cache: OfflineCache;
  declare entry: CachedEntry | null;
  declare busy: boolean;
  declare percent: number;
  declare error: { code: string; text: string } | null;
  declare offline: boolean;
  private offs: (() => void)[] = [];
  private shownId: string | null = null;
  private abort: AbortController | null = null;

  constructor() {
    super();
    new LocaleController(this);
    Object.assign(this, { recording: null, connection: null, cache: offlineCache(), entry: null, busy: false, percent: 0, error: null, offline: false });
  }

  static override styles = css`
    :host { display: block; margin: .4rem 0; font-size: .9em; }
    label { display: inline-flex; gap: .4rem; align-items: center; cursor: pointer; }
    .state { color: var(--rec-muted, #666); margin-left: .6rem; }
    .offline { color: var(--rec-warn, #8a5300); margin: .3rem 0 0; }
    .error { color: var(--rec-error, #b3261e); margin: .3rem 0 0; }
    progress { vertical-align: middle; width: 8rem; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this.listen();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const o of this.offs) o();
    this.offs = [];
    this.abort?.abort();
  }

  private listen(): void {
    for (const o of this.offs) o();
    this.offs = [this.cache.onChange(() => void this.refresh())];
    if (this.connection) {
      const mode = offlineModeFor(this.connection);
      this.offline = mode.offline;
      this.offs.push(mode.onChange((o) => { this.offline = o; }));
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.isConnected && (changed.has('cache') || changed.has('connection'))) this.listen();
    const id = this.recording?.id ?? null;
    // Same recording, new fields (note saved, protected …): the cached copy follows what the player shows.
    if (id !== null && id === this.shownId && changed.has('recording') && this.entry) void this.cache.update(this.recording!).catch(() => undefined);
    if (id !== this.shownId) {
      this.shownId = id;
      this.abort?.abort();
      Object.assign(this, { entry: null, error: null, busy: false, percent: 0 });
      void this.refresh();
    }
  }

  override render() {
    if (!this.recording) return '';
    const e = this.entry;
    const state = this.busy ? html`<span class="state" role="status">${t('offline.saving', this.percent)}
        <progress max="100" .value=${this.percent}></progress></span>`
      : e ? html`<span class="state">${t(e.pinned ? 'offline.kept' : 'offline.recent', formatMB(e.size))}</span>` : '';
    return html`
      <label><input type="checkbox" .checked=${live(!!e?.pinned || this.busy)} ?disabled=${this.busy || (this.offline && !e)}
        @change=${(ev: Event) => void this.set((ev.target as HTMLInputElement).checked)}>${t('offline.keep')}</label>${state}
      ${this.offline && e ? html`<p class="offline">${t('offline.playingCached')}</p>` : ''}
      ${this.error ? html`<p class="error" role="alert" data-code=${this.error.code}>${this.error.text}</p>` : ''}`;
  }

  private async refresh(): Promise<void> {
    const id = this.recording?.id;
    if (!id) return;
    const e = await this.cache.get(id).catch(() => undefined);
    if (this.recording?.id === id) this.entry = e ?? null;
  }

  private async set(on: boolean): Promise<void> {
    const rec = this.recording;
    if (!rec) return;
    this.error = null;
    try {
      if (!on) { await this.cache.unpin(rec.id); return; }
      if (this.entry) { await this.cache.pin(rec, null); return; }
      if (!this.connection) throw new Error('no connection');
      this.busy = true;
      this.percent = 0;
      this.abort = new AbortController();
      const bytes = await downloadRecording(this.connection, rec, (done, total) => {
        this.percent = total > 0 ? Math.floor((100 * done) / total) : 0;
      }, this.abort.signal);
      if (this.recording?.id !== rec.id) return;
      await this.cache.pin(rec, bytes);
    } catch (err) {
      if (this.recording?.id === rec.id && !(err instanceof DOMException && err.name === 'AbortError')) this.error = explain(err);
    } finally {
      if (this.recording?.id === rec.id) this.busy = false;
      await this.refresh();
    }
  }
}
customElements.define('rec-offline-toggle', RecOfflineToggle);

declare global {
  interface HTMLElementTagNameMap { 'rec-offline-toggle': RecOfflineToggle }
}
