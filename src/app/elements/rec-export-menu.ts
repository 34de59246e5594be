// Downloads of the shown recording, built in the browser from the decoded audio: WAV in four
// layouts, ZIP with WAV + call sheet, MP3/OGG via ffmpeg.wasm. The services (pdf-lib, fflate,
// ffmpeg) are imported on first use, so none of them weighs on the page's first load.
import { LitElement, css, html } from 'lit';
import type { DecodeInfo } from '../../shared/decoder-types.js';
import type { RecordingDetail } from '../../shared/messages.js';
import { LocaleController, getLang, t } from '../i18n/i18n.js';
import type { TextKey } from '../i18n/texts.js';
import type { ExportKind } from '../services/export-names.js';
import type { PcmSource } from '../services/export-wav.js';
import { explain } from '../services/explain.js';

export type ExportAction = Exclude<ExportKind, 'pdf'>;

const ACTIONS: Array<{ action: ExportAction; label: TextKey }> = [
  { action: 'wav', label: 'exportWav' },
  { action: 'wav-mono', label: 'exportWavMono' },
  { action: 'wav-left', label: 'exportWavLeft' },
  { action: 'wav-right', label: 'exportWavRight' },
  { action: 'zip', label: 'exportZip' },
  { action: 'mp3', label: 'exportMp3' },
  { action: 'ogg', label: 'exportOgg' },
];
const LAYOUT = { 'wav': 'stereo', 'wav-mono': 'mono', 'wav-left': 'left', 'wav-right': 'right' } as const;

type Status =
  | { kind: 'idle' }
  | { kind: 'busy'; text: string; percent: number | null }
  | { kind: 'done'; text: string }
  | { kind: 'error'; code: string; text: string };

/**
 * Download buttons (`data-action` = wav | wav-mono | wav-left | wav-right | zip | mp3 | ogg).
 * Enabled once `complete` says the whole call is decoded into `pcm`.
 * @fires rec-exported {kind, name} after a file was handed to the browser
 */
export class RecExportMenu extends LitElement {
  static override properties = {
    recording: { attribute: false }, pcm: { attribute: false }, info: { attribute: false }, complete: { type: Boolean },
    status: { state: true },
  };
  declare recording: RecordingDetail | null;
  declare pcm: PcmSource | null;
  declare info: DecodeInfo | null;
  /** the decoder has delivered every frame of `pcm` */
  declare complete: boolean;
  declare status: Status;
  private job: AbortController | null = null;

  constructor() {
    super();
    new LocaleController(this);
    Object.assign(this, { recording: null, pcm: null, info: null, complete: false, status: { kind: 'idle' } });
  }

  static override styles = css`
    :host { display: block; }
    .row { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
    .label { font-weight: 600; margin-right: .25rem; }
    button { font: inherit; padding: .25rem .6rem; border-radius: 6px; border: 1px solid var(--rec-border, #888);
      background: var(--rec-button, transparent); color: inherit; cursor: pointer; }
    button:disabled { opacity: .5; cursor: default; }
    button:focus-visible { outline: 2px solid var(--rec-accent, #1a73e8); }
    .status { margin: .3rem 0 0; font-size: .9em; }
    .error { color: var(--rec-error, #b3261e); }
    .hint { color: var(--rec-muted, #666); font-size: .85em; }
    progress { width: 12rem; vertical-align: middle; }
  `;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.job?.abort();
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    // Another recording: an export of the previous one must not finish into this one's name.
    if (changed.has('recording') && changed.get('recording') !== undefined) {
      this.job?.abort();
      this.status = { kind: 'idle' };
    }
  }

  private get ready(): boolean {
    return !!(this.complete && this.recording && this.pcm && this.pcm.frames > 0);
  }

  override render() {
    const busy = this.status.kind === 'busy';
    return html`<div class="row" role="group" aria-labelledby="export-label">
        <span class="label" id="export-label">${t('exportTitle')}</span>
        ${ACTIONS.map((a) => html`<button data-action=${a.action} ?disabled=${!this.ready || busy}
          @click=${() => void this.run(a.action)}>${t(a.label)}</button>`)}
      </div>
      ${!this.ready && this.recording ? html`<p class="hint">${t('exportWaiting')}</p>` : ''}
      <div role="status" aria-live="polite" class="status">${this.renderStatus()}</div>`;
  }

  private renderStatus() {
    const s = this.status;
    if (s.kind === 'busy') {
      return html`<label>${s.text} ${s.percent === null ? html`<progress aria-label=${s.text}></progress>`
        : html`<progress max="100" .value=${s.percent} aria-label=${s.text}></progress>`}</label>
        <button data-action="cancel" @click=${() => this.job?.abort()}>${t('cancel')}</button>`;
    }
    if (s.kind === 'done') return html`<span class="done">${s.text}</span>`;
    if (s.kind === 'error') return html`<span class="error" data-code=${s.code}>${s.text}</span>`;
    return '';
  }

  /** Builds one download; the buttons stay disabled until it is saved, failed or cancelled. */
  async run(action: ExportAction): Promise<void> {
    const recording = this.recording, pcm = this.pcm, info = this.info;
    if (!this.ready || !recording || !pcm || this.status.kind === 'busy') return;
    const job = new AbortController();
    this.job = job;
    // The player may close this call meanwhile: its samples must stay ours until the file is built.
    const release = pcm.hold?.();
    // Busy before the first await: a second click meanwhile must not start a second export.
    this.status = { kind: 'busy', text: t('exportBuilding', action.toUpperCase()), percent: null };
    let name = '';
    try {
      const { exportFileName } = await import('../services/export-names.js');
      name = exportFileName(recording, action);
      this.status = { kind: 'busy', text: t('exportBuilding', name), percent: null };
      let blob: Blob;
      if (action === 'zip') {
        const { exportZip } = await import('../services/export-zip.js');
        ({ blob, name } = await exportZip(recording, pcm, info, getLang()));
      } else if (action === 'mp3' || action === 'ogg') {
        const { encodeCall } = await import('../services/ffmpeg-encode.js');
        const label = action.toUpperCase();
        blob = await encodeCall(pcm, action, {
          signal: job.signal,
          onProgress: (p) => {
            if (this.job !== job) return;
            const percent = Math.floor(p.fraction * 100);
            this.status = { kind: 'busy', percent, text: p.stage === 'loading' ? t('exportLoadingEncoder', percent) : t('exportEncoding', label, percent) };
          },
        });
      } else {
        const { wavBlob } = await import('../services/export-wav.js');
        blob = wavBlob(pcm, LAYOUT[action]);
      }
      if (job.signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'aborted' });
      save(blob, name);
      this.status = { kind: 'done', text: t('exportDone', name) };
      this.dispatchEvent(new CustomEvent('rec-exported', { detail: { kind: action, name }, bubbles: true, composed: true }));
    } catch (e) {
      if (this.job !== job) return;
      this.status = describeFailure(e);
    } finally {
      release?.();
      if (this.job === job) this.job = null;
    }
  }
}

function describeFailure(e: unknown): Status {
  const err = e as { name?: string; code?: string; status?: number; message?: string };
  if (err?.name === 'aborted' || err?.code === 'aborted') return { kind: 'done', text: t('exportCancelled') };
  if (err?.name === 'encoder-load') return { kind: 'error', code: 'encoder-load', text: t('exportEncoderMissing', err.status ?? 0) };
  if (e instanceof RangeError) return { kind: 'error', code: 'too-large', text: t('exportFailed', e.message) };
  const x = explain(e);
  return { kind: 'error', code: x.code, text: t('exportFailed', x.text) };
}

/** Hands a Blob to the browser as a download. */
function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: the download may still be reading the Blob when click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

customElements.define('rec-export-menu', RecExportMenu);

declare global {
  interface HTMLElementTagNameMap { 'rec-export-menu': RecExportMenu }
  interface HTMLElementEventMap { 'rec-exported': CustomEvent<{ kind: ExportAction; name: string }> }
}
