import { LitElement, html, css } from 'lit';
import { format, TYPE_TEXT, type Texts } from '../texts.js';
import type { AppObjectRow } from '../manager-model.js';
import { pluginStyles } from './styles.js';
import { defineOnce } from '../define.js';

/** The App objects of this instance, one row each. Fires `edit`, `remove`, `fix` with the row as detail. */
export class RecPluginList extends LitElement {
  static override properties = { texts: { attribute: false }, rows: { attribute: false }, busy: { type: Boolean }, scheme: { reflect: true } };
  static override styles = [pluginStyles, css`
    table { border-collapse: collapse; width: 100%; }
    th { text-align: left; font-weight: 500; color: var(--rp-muted); border-bottom: 1px solid var(--rp-line); padding: 6px 8px; }
    td { padding: 6px 8px; border-bottom: 1px solid var(--rp-line); vertical-align: top; }
    tr:nth-child(even) td { background: var(--rp-row); }
    .type { display: inline-block; border-radius: 3px; padding: 0 6px; font-size: 12px; background: var(--rp-button); }
    .dot::before { content: '●'; margin-right: 4px; }
    .actions { white-space: nowrap; text-align: right; }
    .url { font-size: 12px; }
  `];

  declare texts: Texts;
  declare rows: AppObjectRow[];
  declare busy: boolean;
  declare scheme: string;

  constructor() {
    super();
    this.rows = [];
    this.busy = false;
    this.scheme = 'light';
  }

  private fire(name: 'edit' | 'remove' | 'fix', row: AppObjectRow): void {
    this.dispatchEvent(new CustomEvent(name, { detail: row }));
  }

  override render() {
    const t = this.texts;
    if (this.rows.length === 0) return html`<p class="muted" id="empty">${format(t, 'noObjects')}</p>`;
    return html`<table>
      <thead><tr>
        <th>${format(t, 'colType')}</th><th>${format(t, 'colTitle')}</th><th>${format(t, 'colName')}</th><th>${format(t, 'colConnection')}</th>
        <th>${format(t, 'colPassword')}</th><th>${format(t, 'colAccess')}</th><th>${format(t, 'colDeleteMode')}</th><th></th>
      </tr></thead>
      <tbody>${this.rows.map((r) => html`
        <tr data-sip=${r.sip}>
          <td><span class="type">${format(t, TYPE_TEXT[r.type])}</span></td>
          <td>${r.title}<div class="url muted">${r.url.slice(r.url.lastIndexOf('/'))}</div></td>
          <td>${r.sip}</td>
          <td class="conn">${!r.checkmarks.websocket ? html`<span class="muted">${format(t, 'noWebsocket')}</span>`
            : r.connected ? html`<span class="dot ok">${format(t, 'connected')}</span>` : html`<span class="dot bad">${format(t, 'notConnected')}</span>`}</td>
          <td class="pwd" data-ok=${String(r.passwordOk)}>${r.passwordOk === true ? html`<span class="ok">✓ ${format(t, 'pwdOk')}</span>`
            : r.passwordOk === false ? html`<span class="bad">⚠ ${format(t, 'pwdWrong')}</span>
                <div><button class="fix primary" ?disabled=${this.busy} @click=${() => this.fire('fix', r)}>${format(t, 'fixPassword')}</button></div>`
            : html`<span class="muted">${format(t, 'pwdUnknown')}</span>`}</td>
          <td class="access">${r.config.accessList.length ? r.config.accessList.join(', ') : html`<span class="muted">${format(t, 'accessNone')}</span>`}</td>
          <td class="mode">${format(t, r.config.deleteMode === 'permanent' ? 'modePermanent' : 'modeRecoverable')}</td>
          <td class="actions">
            <button class="edit" ?disabled=${this.busy} @click=${() => this.fire('edit', r)}>${format(t, 'edit')}</button>
            <button class="remove danger" ?disabled=${this.busy} @click=${() => this.fire('remove', r)}>${format(t, 'delete')}</button>
          </td>
        </tr>`)}
      </tbody></table>`;
  }
}
defineOnce('rec-plugin-list', RecPluginList);
