import { LitElement, css, html } from 'lit';
import type { Direction, RecordingFilterMsg, SortKey } from '../../shared/messages.js';
import { LocaleController, t } from '../i18n/i18n.js';
import type { ListQuery } from '../services/recording-list.js';

/**
 * Text, date range, direction (and owner for admins) filters plus the sort order. Every change,
 * each keystroke included, fires `rec-query` with the whole query at once: the list model drops
 * answers that a newer query superseded, so there is no debounce delay between typing and the
 * list (bench/app-list.mjs measures that path).
 * @fires rec-query
 */
export class RecFilterBar extends LitElement {
  static override properties = { query: { attribute: false }, admin: { type: Boolean } };
  declare query: ListQuery;
  /** shows the owner filter */
  declare admin: boolean;

  constructor() {
    super();
    new LocaleController(this);
    this.query = { filter: {}, sort: 'startTime', dir: 'desc' };
    this.admin = false;
  }

  static override styles = css`
    :host { display: flex; flex-wrap: wrap; gap: .4rem .75rem; align-items: end; padding: .5rem; }
    label { display: flex; flex-direction: column; font-size: .75em; color: var(--rec-muted, #666); gap: .15rem; }
    input, select { font: inherit; font-size: 1.25em; padding: .25rem .4rem; border-radius: 4px; color: var(--rec-fg, inherit);
      background: var(--rec-bg, #fff); border: 1px solid var(--rec-border, #ccc); }
    input[type=search] { min-width: 14rem; }
    input:focus-visible, select:focus-visible { outline: 2px solid var(--rec-accent, #1a73e8); }
  `;

  override render() {
    const f = this.query.filter;
    return html`
      <label>${t('filterText')}<input type="search" name="text" .value=${f.text ?? ''} @input=${this.onText}></label>
      <label>${t('filterFrom')}<input type="date" name="from" .value=${day(f.from)} @change=${this.onFrom}></label>
      <label>${t('filterTo')}<input type="date" name="to" .value=${day(f.to, -1)} @change=${this.onTo}></label>
      <label>${t('filterDirection')}<select name="direction" @change=${this.onDir}>
        ${(['', 'in', 'out', 'unknown'] as const).map((d) => html`<option value=${d} ?selected=${(f.direction ?? '') === d}>${
          t(d === '' ? 'dirAll' : d === 'in' ? 'dirIn' : d === 'out' ? 'dirOut' : 'dirUnknown')}</option>`)}
      </select></label>
      ${this.admin ? html`<label>${t('filterOwner')}<input type="search" name="owner" .value=${f.owner ?? ''} @input=${this.onOwner}></label>` : ''}
      <label>${t('sortBy')}<select name="sort" @change=${this.onSort}>
        ${(['startTime', 'duration', 'remote', 'owner', 'fileName'] as const).map((k) => html`<option value=${k} ?selected=${this.query.sort === k}>${t(SORT_TEXT[k])}</option>`)}
      </select></label>
      <label>${t('sortOrder')}<select name="dir" @change=${this.onOrder}>
        <option value="desc" ?selected=${this.query.dir === 'desc'}>${t('sortDesc')}</option>
        <option value="asc" ?selected=${this.query.dir === 'asc'}>${t('sortAsc')}</option>
      </select></label>`;
  }

  private fire(filter: Partial<RecordingFilterMsg>, rest: Partial<ListQuery> = {}): void {
    this.query = { ...this.query, ...rest, filter: { ...this.query.filter, ...filter } };
    this.dispatchEvent(new CustomEvent('rec-query', { detail: this.query, bubbles: true, composed: true }));
  }

  private onText = (e: Event) => this.fire({ text: (e.target as HTMLInputElement).value || undefined });
  private onOwner = (e: Event) => this.fire({ owner: (e.target as HTMLInputElement).value.trim() || undefined });
  private onFrom = (e: Event) => this.fire({ from: parseDay((e.target as HTMLInputElement).value, 0) });
  private onTo = (e: Event) => this.fire({ to: parseDay((e.target as HTMLInputElement).value, 1) });
  private onDir = (e: Event) => this.fire({ direction: ((e.target as HTMLSelectElement).value || undefined) as Direction | undefined });
  private onSort = (e: Event) => this.fire({}, { sort: (e.target as HTMLSelectElement).value as SortKey });
  private onOrder = (e: Event) => this.fire({}, { dir: (e.target as HTMLSelectElement).value as 'asc' | 'desc' });
}

const SORT_TEXT = { startTime: 'sortStartTime', duration: 'sortDuration', owner: 'sortOwner', remote: 'sortRemote', fileName: 'sortFileName' } as const;

/** yyyy-mm-dd (local day) → local midnight, plus `addDays` (the "to" day is inclusive for the user, exclusive on the wire). */
function parseDay(v: string, addDays: number): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + addDays).getTime();
}

function day(ms: number | undefined, addDays = 0): string {
  if (ms === undefined) return '';
  const d = new Date(ms);
  d.setDate(d.getDate() + addDays);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

customElements.define('rec-filter-bar', RecFilterBar);

declare global {
  interface HTMLElementTagNameMap { 'rec-filter-bar': RecFilterBar }
  interface HTMLElementEventMap { 'rec-query': CustomEvent<ListQuery> }
}
