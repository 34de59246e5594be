import { LitElement, css, html } from 'lit';
import type { RecordingDetail, RecordingInfo } from '../../shared/messages.js';
import { LocaleController, formatDateTime, t } from '../i18n/i18n.js';
import type { AppConnection } from '../services/connection.js';
import { explain } from '../services/explain.js';
import { getRecordingBytes, getRecordingDetail } from '../services/recording-source.js';
import { Playback } from '../services/playback.js';
import { loadAutoAdvance, neighbour, saveAutoAdvance } from '../services/playlist.js';
import { emitView } from './events.js';
import './rec-call-info.js';
import './rec-export-menu.js';
import './rec-offline-toggle.js';
import './rec-player-deck.js';
import './rec-quality-panel.js';
import './rec-warning-list.js';
import { formatTime } from './rec-waveform.js';

type Phase = 'empty' | 'loading' | 'downloading' | 'decoding' | 'ready' | 'error';

/**
 * One recording of the service: metadata and call information (GetRecording), the PCAP fetched
 * with a GetDownloadToken token and decoded in the worker with progress, then the player deck
 * (transport, speed, A-B loop, waveform, channel mix; keys in its help), stream quality, note,
 * protect and delete. With a `playlist` (ids in the list's order) previous/next and auto-advance
 * ask the host to show another recording.
 * @fires rec-deleted
 * @fires rec-select
 * @fires rec-changed
 */
export class RecCallPlayer extends LitElement {
  static override properties = {
    connection: { attribute: false }, recordingId: { attribute: false }, playlist: { attribute: false },
    compact: { type: Boolean, reflect: true },
    phase: { state: true }, detail: { state: true }, percent: { state: true },
    error: { state: true }, actionError: { state: true },
    stage: { state: true }, noteDraft: { state: true }, noteState: { state: true }, busy: { state: true },
    autoAdvance: { state: true },
  };
  declare connection: AppConnection | null;
  /** the recording to show; null shows a hint */
  declare recordingId: string | null;
  /** ids of the current list in its order: previous/next/auto-advance walk it */
  declare playlist: string[];
  /** narrow panel (softphone): no file name, note or call flow */
  declare compact: boolean;
  declare phase: Phase;
  declare detail: RecordingDetail | null;
  declare percent: number;
  /** which part of decoding the percentage belongs to */
  declare stage: 'reading' | 'decoding';
  declare error: { code: string; text: string } | null;
  /** failure of protect/delete/note: shown without dropping the player */
  declare actionError: { code: string; text: string } | null;
  declare noteDraft: string;
  declare noteState: 'clean' | 'dirty' | 'saved';
  declare busy: boolean;
  declare autoAdvance: boolean;

  /** decode + playback of the shown recording */
  readonly playback = new Playback(this, {
    navigate: (step) => this.navigate(step),
    ended: () => { if (this.autoAdvance) this.navigate(1, true); },
  });
  private generation = 0;
  private download: AbortController | null = null;
  private shownId: string | null = null;
  /** the recording opened by auto-advance starts playing as soon as it has audio */
  private autoplayId: string | null = null;

  constructor() {
    super();
    new LocaleController(this);
    Object.assign(this, {
      connection: null, recordingId: null, playlist: [], compact: false, phase: 'empty', detail: null, percent: 0, stage: 'reading',
      error: null, actionError: null, noteDraft: '', noteState: 'clean', busy: false, autoAdvance: loadAutoAdvance(),
    });
  }

  /** audio output; `channelAnalysers` tap each side */
  get player() { return this.playback.player; }
  /** what the decoder reported (streams, DTMF, warnings) once the capture is read */
  get info() { return this.playback.info; }

  static override styles = css`
    :host { display: block; padding: .5rem 1rem; }
    h2 { font-size: 1.15rem; margin: .25rem 0; }
    .hint { color: var(--rec-muted, #666); }
    .meta { display: flex; flex-wrap: wrap; gap: .4rem 1.5rem; margin: .4rem 0; padding: 0; }
    .meta dt { font-size: .75em; color: var(--rec-muted, #666); }
    .meta dd { margin: 0; }
    .error { color: var(--rec-error, #b3261e); border-left: 4px solid currentColor; padding: .4rem .75rem; }
    progress { width: 100%; }
    .actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0; }
    button { font: inherit; padding: .3rem .75rem; border-radius: 6px; border: 1px solid var(--rec-border, #888);
      background: var(--rec-button, transparent); color: inherit; cursor: pointer; }
    button:disabled { opacity: .5; cursor: default; }
    button:focus-visible, textarea:focus-visible { outline: 2px solid var(--rec-accent, #1a73e8); }
    button.danger { color: var(--rec-error, #b3261e); }
    .protected { color: var(--rec-accent, #1a73e8); font-size: .85em; }
    textarea { width: 100%; box-sizing: border-box; min-height: 3.5rem; font: inherit; color: inherit;
      background: var(--rec-bg, #fff); border: 1px solid var(--rec-border, #ccc); border-radius: 4px; padding: .3rem; }
    section { margin-top: .75rem; }
    label.note { font-weight: 600; display: block; margin-bottom: .2rem; }
    .saved { color: var(--rec-ok, green); font-size: .85em; margin-left: .5rem; }
    dialog { background: var(--rec-panel, #fff); color: var(--rec-fg, inherit); border: 1px solid var(--rec-border, #ccc); border-radius: 8px; }
  `;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.download?.abort();
  }

  protected override willUpdate(): void {
    if (this.recordingId !== this.shownId) {
      this.shownId = this.recordingId;
      void this.open(this.recordingId);
    }
  }

  /** A push or an action changed the recording's list fields. */
  updateRecording(r: RecordingInfo): void {
    if (this.detail && this.detail.id === r.id) {
      this.detail = { ...this.detail, ...r };
      if (this.noteState !== 'dirty') this.noteDraft = r.note;
    }
  }

  override render() {
    if (this.phase === 'empty') return html`<p class="hint">${t('pickRecording')}</p>`;
    const d = this.detail;
    return html`
      ${d ? this.renderHeader(d) : ''}
      <div role="status" aria-live="polite">${this.renderStatus()}</div>
      ${this.actionError ? html`<p class="error" data-code=${this.actionError.code}>${this.actionError.text}</p>` : ''}
      ${this.renderDeck()}
      ${d && !this.compact ? html`<section><rec-export-menu .recording=${d} .pcm=${this.playback.store} .info=${this.info} ?complete=${this.phase === 'ready' && !!this.playback.store}></rec-export-menu></section>` : ''}
      ${d && !this.compact ? html`<rec-offline-toggle .recording=${d} .connection=${this.connection}></rec-offline-toggle>` : ''}
      ${d ? html`
        <section><rec-quality-panel .streams=${d.streams.length ? d.streams : this.info?.streams ?? []}></rec-quality-panel></section>
        ${this.info?.warnings.length ? html`<section><rec-warning-list .warnings=${this.info.warnings}></rec-warning-list></section>` : ''}
        ${this.compact ? '' : html`<section><rec-call-info .cdrs=${d.callInfo}></rec-call-info></section>
        ${this.renderNote()}`}
        ${this.renderDialog(d)}` : ''}`;
  }

  private renderHeader(d: RecordingDetail) {
    const remote = d.remoteName ?? d.remoteNumber ?? t('unknownParty');
    const dirText = t(d.direction === 'in' ? 'dirIn' : d.direction === 'out' ? 'dirOut' : 'dirUnknown');
    return html`<h2>${remote}${d.remoteName && d.remoteNumber ? html` <small>${d.remoteNumber}</small>` : ''}</h2>
      <dl class="meta">
        <div><dt>${t('started')}</dt><dd>${formatDateTime(d.startTime)}</dd></div>
        <div><dt>${t('length')}</dt><dd>${formatTime(d.durationMs / 1000)}</dd></div>
        <div><dt>${t('direction')}</dt><dd>${dirText}</dd></div>
        <div><dt>${t('owner')}</dt><dd>${d.ownerName ?? d.ownerSip ?? '—'}${d.ownerNumber ? ` (${d.ownerNumber})` : ''}</dd></div>
        ${this.compact ? '' : html`<div><dt>${t('fileName')}</dt><dd>${d.fileName}</dd></div>`}
      </dl>
      <div class="actions">
        <button aria-pressed=${d.protected ? 'true' : 'false'} ?disabled=${this.busy} @click=${() => void this.protect(!d.protected)}>
          ${d.protected ? t('unprotect') : t('protect')}</button>
        <button class="danger" ?disabled=${this.busy || d.protected} @click=${this.askDelete}>${t('delete')}</button>
        ${d.protected ? html`<span class="protected">${t('protectedInfo')}</span>` : ''}
      </div>`;
  }

  private renderStatus() {
    if (this.phase === 'error' && this.error) return html`<p class="error" data-code=${this.error.code}>${this.error.text}</p>`;
    if (this.phase === 'loading') return html`${t('loading')}`;
    if (this.phase === 'downloading' || this.phase === 'decoding') {
      const label = this.phase === 'downloading' ? t('downloading', this.percent)
        : this.stage === 'reading' ? t('reading', this.percent) : t('decoding', this.percent);
      return html`<label>${label}<progress max="100" .value=${this.percent} aria-label=${label}></progress></label>
        <button @click=${() => this.cancel()}>${t('cancel')}</button>`;
    }
    return '';
  }

  private renderDeck() {
    const id = this.recordingId;
    const nav = this.playlist.length > 0 && id !== null && this.playlist.includes(id);
    return html`<rec-player-deck .playback=${this.playback} ?compact=${this.compact} .navigation=${nav}
      .hasPrevious=${nav && neighbour(this.playlist, id, -1) !== null} .hasNext=${nav && neighbour(this.playlist, id, 1) !== null}
      .autoAdvance=${this.autoAdvance}
      @rec-navigate=${(e: CustomEvent<{ step: 1 | -1 }>) => { e.stopPropagation(); this.navigate(e.detail.step); }}
      @rec-auto-advance=${(e: CustomEvent<{ on: boolean }>) => { e.stopPropagation(); this.autoAdvance = e.detail.on; saveAutoAdvance(e.detail.on); }}
      ></rec-player-deck>`;
  }

  /** Asks the host to show the neighbour in the playlist; `play` starts it once it has audio. */
  private navigate(step: 1 | -1, play = false): void {
    const id = neighbour(this.playlist, this.recordingId, step);
    if (id === null) return;
    this.autoplayId = play ? id : null;
    emitView(this, 'rec-select', { id });
  }

  private renderNote() {
    return html`<section>
      <label class="note" for="note">${t('notes')}</label>
      <textarea id="note" .value=${this.noteDraft} maxlength="4000"
        @input=${(e: Event) => { this.noteDraft = (e.target as HTMLTextAreaElement).value; this.noteState = 'dirty'; }}></textarea>
      <div class="actions"><button ?disabled=${this.busy || this.noteState !== 'dirty'} @click=${() => void this.saveNote()}>${t('noteSave')}</button>
        ${this.noteState === 'saved' ? html`<span class="saved" role="status">${t('noteSaved')}</span>` : ''}</div>
    </section>`;
  }

  private renderDialog(d: RecordingDetail) {
    return html`<dialog aria-labelledby="confirm-text">
      <p id="confirm-text">${t('deleteConfirm', d.remoteName ?? d.remoteNumber ?? t('unknownParty'), formatDateTime(d.startTime))}</p>
      <p>${t('deleteRecoverable')}</p>
      <div class="actions"><button @click=${this.closeDialog}>${t('cancel')}</button>
        <button class="danger" @click=${() => void this.confirmDelete()}>${t('confirm')}</button></div>
    </dialog>`;
  }

  private async open(id: string | null): Promise<void> {
    const gen = ++this.generation;
    this.download?.abort();
    this.playback.clear();
    const autoplay = id !== null && this.autoplayId === id;
    this.autoplayId = null;
    Object.assign(this, { detail: null, error: null, actionError: null, percent: 0, noteState: 'clean' });
    if (!id || !this.connection) { this.phase = 'empty'; return; }
    this.phase = 'loading';
    const conn = this.connection;
    try {
      const { detail } = await getRecordingDetail(conn, id); // the service, or this device's cache while offline
      if (gen !== this.generation) return;
      this.detail = detail;
      this.noteDraft = detail.note;
      this.phase = 'downloading';
      this.download = new AbortController();
      const { bytes: blob } = await getRecordingBytes(conn, detail, (done, total) => {
        if (gen === this.generation) this.percent = total > 0 ? Math.floor((100 * done) / total) : 0;
      }, this.download.signal);
      if (gen !== this.generation) return;
      this.phase = 'decoding';
      this.percent = 0;
      let started = false;
      const off = this.playback.onChange(() => {
        const p = this.playback.progress;
        if (gen !== this.generation) return;
        if (p) {
          this.stage = p.stage === 'reading' ? 'reading' : 'decoding';
          this.percent = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 0;
        }
        // Auto-advance: the next call starts with its first audio, not after the whole decode.
        if (autoplay && !started && this.playback.ready) { started = true; void this.playback.toggle(); }
      });
      try {
        const done = await this.playback.decode(blob);
        if (done && gen === this.generation) this.phase = 'ready';
      } finally {
        off();
      }
    } catch (e) {
      if (gen !== this.generation) return;
      this.playback.clear();
      Object.assign(this, { phase: 'error', error: explain(e) });
    }
  }

  private cancel(): void {
    this.generation++;
    this.download?.abort();
    this.playback.clear();
    this.phase = 'ready';
  }

  private async act(fn: (c: AppConnection) => Promise<void>): Promise<void> {
    if (!this.connection) return;
    this.busy = true;
    this.actionError = null;
    try {
      await fn(this.connection);
    } catch (e) {
      this.actionError = explain(e);
    } finally {
      this.busy = false;
    }
  }

  private protect(on: boolean): Promise<void> {
    return this.act(async (c) => {
      const r = await c.request({ mt: 'ProtectRecording', id: this.detail!.id, protected: on });
      this.updateRecording(r.recording);
      emitView(this, 'rec-changed', { recording: r.recording });
    });
  }

  private saveNote(): Promise<void> {
    return this.act(async (c) => {
      const r = await c.request({ mt: 'SetNote', id: this.detail!.id, note: this.noteDraft });
      this.noteState = 'saved';
      this.updateRecording(r.recording);
      emitView(this, 'rec-changed', { recording: r.recording });
    });
  }

  private get dialog(): HTMLDialogElement | null { return this.renderRoot.querySelector('dialog'); }
  private askDelete = (): void => { this.actionError = null; this.dialog?.showModal(); };
  private closeDialog = (): void => { this.dialog?.close(); };

  private confirmDelete(): Promise<void> {
    this.closeDialog();
    return this.act(async (c) => {
      const id = this.detail!.id;
      await c.request({ mt: 'DeleteRecording', id });
      emitView(this, 'rec-deleted', { id });
    });
  }

}
customElements.define('rec-call-player', RecCallPlayer);

declare global {
  interface HTMLElementTagNameMap { 'rec-call-player': RecCallPlayer }
}
