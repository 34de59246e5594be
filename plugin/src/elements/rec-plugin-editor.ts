import { LitElement, html, css } from 'lit';
import { format, TYPE_TEXT, type Texts } from '../texts.js';
import { DEFAULT_CHECKMARKS, NAME_RE, type AppObjectForm, type Checkmarks, type ObjectType } from '../messages.js';
import type { ReportsApp, Template, UserHit } from '../manager-model.js';
import { pluginStyles } from './styles.js';
import { defineOnce } from '../define.js';
import './rec-plugin-access.js';

/**
 * Form for one App object: type, title, name, checkmarks, Reports app, template grants, access
 * list and delete mode. Checks what it can locally; fires `save` (detail: AppObjectForm) or `cancel`.
 */
export class RecPluginEditor extends LitElement {
  static override properties = {
    texts: { attribute: false }, form: { attribute: false }, templates: { attribute: false }, reports: { attribute: false },
    search: { attribute: false }, busy: { type: Boolean }, scheme: { reflect: true }, error: { state: true },
  };
  static override styles = [pluginStyles, css`
    :host { padding: 12px 16px; }
    h2 { font-size: 17px; font-weight: 500; margin: 0 0 12px; }
    fieldset { border: 1px solid var(--rp-line); border-radius: 6px; margin: 0 0 12px; padding: 8px 12px; }
    legend { color: var(--rp-muted); padding: 0 4px; }
    label.line { display: grid; grid-template-columns: 220px 1fr; gap: 8px; align-items: center; margin: 6px 0; }
    label.check { display: flex; gap: 6px; align-items: center; margin: 3px 0; }
    .warn { color: var(--rp-bad); font-size: 13px; }
    footer { display: flex; gap: 8px; justify-content: flex-end; }
    input[type=text] { min-width: 240px; }
  `];

  declare texts: Texts;
  declare form: AppObjectForm;
  declare templates: Template[];
  declare reports: ReportsApp[];
  declare search: ((text: string) => Promise<UserHit[]>) | null;
  declare busy: boolean;
  declare scheme: string;
  declare error: string;

  constructor() {
    super();
    this.templates = [];
    this.reports = [];
    this.search = null;
    this.busy = false;
    this.scheme = 'light';
    this.error = '';
  }

  private patch(p: Partial<AppObjectForm>): void {
    this.form = { ...this.form, ...p };
  }

  private setType(type: ObjectType): void {
    this.patch({ type, checkmarks: { ...DEFAULT_CHECKMARKS[type] } });
  }

  private setFlag(k: keyof Checkmarks, v: boolean): void {
    this.patch({ checkmarks: { ...this.form.checkmarks, [k]: v } });
  }

  private submit(e: Event): void {
    e.preventDefault();
    const f = { ...this.form, title: this.form.title.trim(), name: this.form.name.trim() };
    if (f.title === '') this.error = format(this.texts, 'errTitle');
    else if (!NAME_RE.test(f.name)) this.error = format(this.texts, 'errName');
    else {
      this.error = '';
      this.dispatchEvent(new CustomEvent('save', { detail: f }));
    }
  }

  override render() {
    const t = this.texts, f = this.form;
    const typeText = format(t, TYPE_TEXT[f.type]);
    // The panel reads the same PBX information as the user app, so it needs the same checkmarks.
    const flagsMissing = f.type !== 'admin' && !(f.checkmarks.websocket && f.checkmarks.admin && f.checkmarks.services);
    return html`
      <form @submit=${this.submit} novalidate>
        <h2>${f.guid ? format(t, 'editTitle', f.name) : format(t, 'editTitleNew', typeText)}</h2>
        <fieldset>
          <label class="line">${format(t, 'fieldType')}
            <select id="type" .value=${f.type} @change=${(e: Event) => this.setType((e.target as HTMLSelectElement).value as ObjectType)}>
              ${(['user', 'panel', 'admin'] as const).map((ty) => html`<option value=${ty} ?selected=${f.type === ty}>${format(t, TYPE_TEXT[ty])}</option>`)}
            </select></label>
          <label class="line">${format(t, 'fieldTitle')}<input id="title" type="text" .value=${f.title} @input=${(e: Event) => this.patch({ title: (e.target as HTMLInputElement).value })}></label>
          <label class="line">${format(t, 'fieldName')}<input id="name" type="text" .value=${f.name} @input=${(e: Event) => this.patch({ name: (e.target as HTMLInputElement).value })}></label>
        </fieldset>
        <fieldset>
          <legend>${format(t, 'checkmarks')}</legend>
          ${(['websocket', 'admin', 'services'] as const).map((k) => html`
            <label class="check"><input type="checkbox" id=${`flag-${k}`} .checked=${f.checkmarks[k]} @change=${(e: Event) => this.setFlag(k, (e.target as HTMLInputElement).checked)}>
              ${format(t, k === 'websocket' ? 'flagWebsocket' : k === 'admin' ? 'flagAdmin' : 'flagServices')}</label>`)}
          ${flagsMissing ? html`<div class="warn" role="note">${format(t, f.type === 'panel' ? 'flagsMissingPanel' : 'flagsMissing')}</div>` : ''}
          <label class="line">${format(t, 'reports')}
            <select id="reports" @change=${(e: Event) => this.patch({ reports: (e.target as HTMLSelectElement).value })}>
              <option value="" ?selected=${f.reports === ''}>${format(t, 'reportsNone')}</option>
              ${this.reports.map((r) => html`<option value=${r.sip} ?selected=${f.reports === r.sip}>${r.title} (${r.sip})</option>`)}
            </select></label>
        </fieldset>
        <fieldset>
          <legend>${format(t, 'templates')}</legend>
          ${this.templates.length === 0 ? html`<span class="muted">${format(t, 'noTemplates')}</span>` : ''}
          ${this.templates.map((tp) => html`
            <label class="check"><input type="checkbox" data-template=${tp.cn} .checked=${f.templates.includes(tp.cn)}
              @change=${(e: Event) => this.patch({ templates: (e.target as HTMLInputElement).checked ? [...f.templates, tp.cn] : f.templates.filter((c) => c !== tp.cn) })}>${tp.cn}</label>`)}
        </fieldset>
        <fieldset>
          <legend>${format(t, 'accessList')}</legend>
          <rec-plugin-access .texts=${t} .entries=${f.accessList} .search=${this.search} scheme=${this.scheme}
            @change=${(e: CustomEvent<string[]>) => this.patch({ accessList: e.detail })}></rec-plugin-access>
        </fieldset>
        <fieldset>
          <legend>${format(t, 'deleteMode')}</legend>
          ${(['recoverable', 'permanent'] as const).map((m) => html`
            <label class="check"><input type="radio" name="mode" value=${m} id=${`mode-${m}`} .checked=${f.deleteMode === m} @change=${() => this.patch({ deleteMode: m })}>
              ${format(t, m === 'recoverable' ? 'modeRecoverable' : 'modePermanent')}</label>`)}
        </fieldset>
        ${this.error ? html`<div class="msg error" role="alert">${this.error}</div>` : ''}
        <footer>
          <button type="button" id="cancel" @click=${() => this.dispatchEvent(new CustomEvent('cancel'))}>${format(t, 'cancel')}</button>
          <button type="submit" id="save" class="primary" ?disabled=${this.busy}>${format(t, this.busy ? 'saving' : 'save')}</button>
        </footer>
      </form>
    `;
  }
}
defineOnce('rec-plugin-editor', RecPluginEditor);
