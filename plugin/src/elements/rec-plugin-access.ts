import { LitElement, html, css } from 'lit';
import { format, type Texts } from '../texts.js';
import { ACCESS_MAX, parseAccessEntries } from '../messages.js';
import type { UserHit } from '../manager-model.js';
import { pluginStyles } from './styles.js';
import { defineOnce } from '../define.js';

/**
 * The access list of one App object: chips, a PBX user search (SearchUsers) and a free-text field
 * for names or numbers. Fires `change` with `detail: string[]`; invalid text stays in the field with the reason.
 */
export class RecPluginAccess extends LitElement {
  static override properties = {
    texts: { attribute: false }, entries: { attribute: false }, search: { attribute: false },
    scheme: { reflect: true }, hits: { state: true }, error: { state: true },
  };
  static override styles = [pluginStyles, css`
    .chips { display: flex; flex-wrap: wrap; gap: 4px; margin: 4px 0; }
    .chip { display: inline-flex; align-items: center; gap: 4px; background: var(--rp-row); border: 1px solid var(--rp-line); border-radius: 12px; padding: 1px 4px 1px 10px; }
    .chip button { border: 0; background: none; padding: 0 4px; }
    .row { display: flex; gap: 6px; flex-wrap: wrap; margin: 4px 0; }
    .row input { flex: 1; max-width: 480px; }
    ul { list-style: none; margin: 0; padding: 0; border: 1px solid var(--rp-line); max-height: 160px; overflow: auto; }
    li button { width: 100%; text-align: left; border: 0; border-radius: 0; background: none; }
    li button:hover { background: var(--rp-row); }
  `];

  // Reactive properties are declared, not initialised as class fields: a field would shadow Lit's accessor.
  declare texts: Texts;
  declare entries: string[];
  declare scheme: string;
  declare search: ((text: string) => Promise<UserHit[]>) | null;
  declare hits: UserHit[];
  declare error: string;
  private seq = 0;

  constructor() {
    super();
    this.entries = [];
    this.scheme = 'light';
    this.search = null;
    this.hits = [];
    this.error = '';
  }

  private set(next: string[]): void {
    this.entries = next;
    this.dispatchEvent(new CustomEvent('change', { detail: next }));
  }

  private addTyped(): void {
    const input = this.renderRoot.querySelector<HTMLInputElement>('#typed')!;
    const { entries, invalid } = parseAccessEntries(input.value);
    const next = [...this.entries, ...entries.filter((e) => !this.entries.includes(e))];
    if (next.length > ACCESS_MAX) {
      this.error = format(this.texts, 'accessTooMany', ACCESS_MAX);
      return;
    }
    this.set(next);
    this.error = invalid.length ? invalid.map((i) => format(this.texts, 'accessInvalid', i)).join(' ') : '';
    input.value = invalid.join(', ');
  }

  private async onSearch(e: Event): Promise<void> {
    const text = (e.target as HTMLInputElement).value.trim();
    const n = ++this.seq;
    if (!this.search || text === '') {
      this.hits = [];
      return;
    }
    try {
      const hits = await this.search(text);
      if (n === this.seq) this.hits = hits;
    } catch (err) {
      if (n === this.seq) this.error = (err as Error).message;
    }
  }

  private pick(h: UserHit): void {
    if (!this.entries.includes(h.h323)) this.set([...this.entries, h.h323]);
    this.hits = [];
    const s = this.renderRoot.querySelector<HTMLInputElement>('#search');
    if (s) s.value = '';
  }

  override render() {
    const t = this.texts;
    return html`
      <div class="chips" aria-live="polite">
        ${this.entries.length === 0 ? html`<span class="muted">${format(t, 'accessEmpty')}</span>` : ''}
        ${this.entries.map((e) => html`<span class="chip" data-entry=${e}>${e}<button aria-label=${format(t, 'accessRemove', e)} @click=${() => this.set(this.entries.filter((x) => x !== e))}>×</button></span>`)}
      </div>
      <div class="row">
        <input id="search" type="text" placeholder=${format(t, 'accessSearch')} aria-label=${format(t, 'accessSearch')} @input=${this.onSearch} autocomplete="off">
      </div>
      ${this.hits.length ? html`<ul role="listbox">${this.hits.map((h) => html`<li><button role="option" data-h323=${h.h323} @click=${() => this.pick(h)}>${h.cn} <span class="muted">${h.h323}${h.e164 ? ` · ${h.e164}` : ''}</span></button></li>`)}</ul>` : ''}
      <div class="row">
        <input id="typed" type="text" placeholder=${format(t, 'accessType')} aria-label=${format(t, 'accessType')} @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') { e.preventDefault(); this.addTyped(); } }}>
        <button id="add-typed" @click=${this.addTyped}>${format(t, 'accessAdd')}</button>
      </div>
      ${this.error ? html`<div class="msg error" role="alert">${this.error}</div>` : ''}
    `;
  }
}
defineOnce('rec-plugin-access', RecPluginAccess);
