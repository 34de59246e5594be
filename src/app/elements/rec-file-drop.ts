import { LitElement, css, html } from 'lit';
import { LocaleController, t } from '../i18n/i18n.js';
import { emit } from './events.js';

/**
 * Drop zone and file picker for a capture. The file never leaves the browser.
 * @fires rec-file
 */
export class RecFileDrop extends LitElement {
  static override properties = { dragging: { state: true } };
  declare dragging: boolean;

  constructor() {
    super();
    new LocaleController(this);
    this.dragging = false;
  }

  static override styles = css`
    :host { display: block; }
    label {
      display: flex; flex-direction: column; align-items: center; gap: .25rem; padding: 1.25rem;
      border: 2px dashed var(--rec-border, #8a8f98); border-radius: 8px; cursor: pointer; text-align: center;
    }
    label.dragging { border-color: var(--rec-accent, #1a73e8); background: var(--rec-accent-bg, #e8f0fe); }
    input { position: absolute; width: 1px; height: 1px; opacity: 0; }
    input:focus-visible + span { outline: 2px solid var(--rec-accent, #1a73e8); }
    .hint { font-size: .85em; opacity: .75; }
  `;

  override render() {
    return html`
      <label class=${this.dragging ? 'dragging' : ''}
        @dragover=${this.onDragOver} @dragleave=${() => { this.dragging = false; }} @drop=${this.onDrop}>
        <input type="file" accept=".pcap,.pcapng,.cap,application/vnd.tcpdump.pcap"
          aria-label=${t('dropPick')} @change=${this.onPick} />
        <span>${t('dropHere')} <u>${t('dropChoose')}</u></span>
        <span class="hint">${t('dropHint')}</span>
      </label>`;
  }

  private onPick(e: Event): void {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) emit(this, 'rec-file', { file });
    input.value = ''; // picking the same file again must fire again
  }

  private onDragOver(e: DragEvent): void {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    this.dragging = false;
    const file = e.dataTransfer?.files?.[0];
    if (file) emit(this, 'rec-file', { file });
  }
}
customElements.define('rec-file-drop', RecFileDrop);

declare global {
  interface HTMLElementTagNameMap { 'rec-file-drop': RecFileDrop }
}
