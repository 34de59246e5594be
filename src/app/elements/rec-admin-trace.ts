import { LitElement, css, html } from 'lit';
import type { TraceCategory, TraceLineLevel, TraceLogLine } from '../../shared/messages.js';
import { LocaleController, formatDateTime, t } from '../i18n/i18n.js';
import type { TextKey } from '../i18n/texts.js';
import { TRACE_CATEGORIES } from '../services/admin-settings.js';
import { TraceLog } from '../services/admin-trace.js';
import type { AppConnection } from '../services/connection.js';
import { explain } from '../services/explain.js';
import { PanelModel } from './panel-model.js';
import { adminStyles } from './rec-admin-styles.js';

const CATEGORY_TEXT: Record<TraceCategory, TextKey> = {
  recording: 'adm.trace.recording', callInfo: 'adm.trace.callInfo', converting: 'adm.trace.converting',
  license: 'adm.trace.license', ui: 'adm.trace.ui',
};
const LEVEL_FILTER: { value: '' | TraceLineLevel; key: TextKey }[] = [
  { value: '', key: 'adm.trace.levelAll' }, { value: 'info', key: 'adm.trace.levelInfo' }, { value: 'error', key: 'adm.trace.levelError' },
];

/** Admin: the service's trace log (what the trace levels let through), newest first, older pages on demand. */
export class RecAdminTrace extends LitElement {
  static override properties = { connection: { attribute: false } };
  declare connection: AppConnection | null;
  private readonly panel = new PanelModel(this, { create: (c) => new TraceLog(c), ready: (m) => void m.load() });
  get log(): TraceLog | null { return this.panel.model; }

  constructor() {
    super();
    new LocaleController(this);
    Object.assign(this, { connection: null });
  }

  static override styles = [adminStyles, css`
    /* a part of the status section, not a panel of its own */
    :host { padding: 0; overflow: visible; }
    ol { list-style: none; margin: .3rem 0; padding: 0; font-family: ui-monospace, monospace; font-size: .8em; max-height: 28rem; overflow-y: auto;
      border: 1px solid var(--rec-border, #ccc); border-radius: 4px; }
    li { display: grid; grid-template-columns: 10.5rem 9.5rem 3.5rem 1fr; gap: .4rem; padding: .15rem .4rem; border-bottom: 1px solid var(--rec-border, #eee); }
    li .text { white-space: pre-wrap; overflow-wrap: anywhere; }
    li[data-level=error] .lvl { color: var(--rec-error, #b3261e); font-weight: 600; }
    li[data-level=debug] { color: var(--rec-muted, #666); }
    @media (max-width: 40rem) { li { grid-template-columns: 1fr; gap: 0; } }
  `];

  override render() {
    const log = this.log;
    if (!log) return '';
    const n = log.lines.length;
    return html`
      <section aria-labelledby="tr-title">
        <h3 id="tr-title">${t('adm.trace.title')}</h3>
        <p class="hint">${t('adm.trace.intro')}</p>
        <div class="row">
          <label>${t('adm.trace.level')}<select name="level" @change=${this.filterChanged}>
            ${LEVEL_FILTER.map((o) => html`<option value=${o.value} ?selected=${(log.filter.level ?? '') === o.value}>${t(o.key)}</option>`)}</select></label>
          <label>${t('adm.trace.category')}<select name="category" @change=${this.filterChanged}>
            <option value="" ?selected=${log.filter.category === undefined}>${t('adm.trace.categoryAll')}</option>
            ${TRACE_CATEGORIES.map((c) => html`<option value=${c} ?selected=${log.filter.category === c}>${t(CATEGORY_TEXT[c])}</option>`)}</select></label>
          <button data-action="trace-reload" @click=${() => void log.load()} ?disabled=${log.loading}>${t('adm.trace.refresh')}</button>
          <span role="status">${log.loading ? t('adm.loading') : t(log.before === null ? 'adm.trace.count' : 'adm.trace.countMore', n)}</span>
        </div>
        ${log.error ? html`<p class="error" role="alert" data-code=${explain(log.error).code}>${explain(log.error).text}</p>` : ''}
        ${n === 0 && !log.loading && !log.error && this.connection?.connected ? html`<p class="empty">${t('adm.trace.empty')}</p>` : ''}
        ${n > 0 ? html`<ol aria-label=${t('adm.trace.title')}>${log.lines.map((l) => this.line(l))}</ol>` : ''}
        ${log.before !== null ? html`<button data-action="trace-older" @click=${() => void log.loadOlder()} ?disabled=${log.loading}>${t('adm.trace.older')}</button>` : ''}
      </section>`;
  }

  private line(l: TraceLogLine) {
    return html`<li data-level=${l.level ?? 'other'} data-category=${l.category ?? 'other'}>
      <span>${l.at !== null ? formatDateTime(l.at) : '—'}</span><span>${l.category ? t(CATEGORY_TEXT[l.category]) : ''}</span>
      <span class="lvl">${l.level ?? ''}</span><span class="text">${l.text}</span></li>`;
  }

  private filterChanged = (): void => {
    const root = this.renderRoot;
    const level = (root.querySelector('select[name=level]') as HTMLSelectElement).value as '' | TraceLineLevel;
    const category = (root.querySelector('select[name=category]') as HTMLSelectElement).value as '' | TraceCategory;
    void this.log?.load({ ...(level ? { level } : {}), ...(category ? { category } : {}) });
  };
}
customElements.define('rec-admin-trace', RecAdminTrace);

declare global {
  interface HTMLElementTagNameMap { 'rec-admin-trace': RecAdminTrace }
}
