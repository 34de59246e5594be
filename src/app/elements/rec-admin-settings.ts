import { LitElement, html } from 'lit';
import type { TraceCategory, TraceLevel } from '../../shared/messages.js';
import { LocaleController, t } from '../i18n/i18n.js';
import type { TextKey } from '../i18n/texts.js';
import {
  ServiceSettings, TRACE_CATEGORIES, TRACE_LEVELS, formFromSettings, settingsPatch,
  type FieldError, type SettingsField, type SettingsForm,
} from '../services/admin-settings.js';
import type { AppConnection } from '../services/connection.js';
import { explain } from '../services/explain.js';
import { offlineNote } from './rec-admin-offline-note.js';
import { PanelModel } from './panel-model.js';
import { adminStyles } from './rec-admin-styles.js';

const TRACE_TEXT: Record<TraceCategory, TextKey> = {
  recording: 'adm.trace.recording', callInfo: 'adm.trace.callInfo', converting: 'adm.trace.converting', license: 'adm.trace.license', ui: 'adm.trace.ui',
};
const LEVEL_TEXT: Record<TraceLevel, TextKey> = { off: 'adm.level.off', error: 'adm.level.error', info: 'adm.level.info', debug: 'adm.level.debug' };

/**
 * Admin: retention, PBX name, licence list and trace levels. Checked before sending (the reason
 * next to each field), only changed values are sent, the service's refusal is shown as it came.
 */
export class RecAdminSettings extends LitElement {
  static override properties = {
    connection: { attribute: false },
    form: { state: true }, errors: { state: true }, saving: { state: true },
    message: { state: true }, error: { state: true },
  };
  declare connection: AppConnection | null;
  declare form: SettingsForm | null;
  declare errors: Partial<Record<SettingsField, FieldError>>;
  declare saving: boolean;
  declare message: string;
  declare error: { code: string; text: string } | null;
  private readonly panel = new PanelModel(this, { create: (c) => new ServiceSettings(c), ready: () => void this.reload() });
  get model(): ServiceSettings | null { return this.panel.model; }

  constructor() {
    super();
    new LocaleController(this);
    Object.assign(this, { connection: null, form: null, errors: {}, saving: false, message: '', error: null });
  }

  static override styles = adminStyles;

  private async reload(): Promise<void> {
    await this.model?.load();
    if (this.model?.settings) { this.form = formFromSettings(this.model.settings); this.errors = {}; }
  }

  override render() {
    const m = this.model;
    if (!m) return '';
    const f = this.form;
    return html`
      <h2>${t('adm.set.title')}</h2>
      ${offlineNote(this.connection)}
      ${m.loading && !f ? html`<p role="status">${t('adm.loading')}</p>` : ''}
      ${m.error ? html`<p class="error" role="alert" data-code=${explain(m.error).code}>${explain(m.error).text}</p>` : ''}
      ${m.status?.pbxNameMissing ? html`<p class="error" data-warning="pbx-name-missing">${t('adm.st.pbxNameMissing')}</p>` : ''}
      ${f ? this.renderForm(f) : ''}`;
  }

  private field(name: SettingsField, label: TextKey, hint: TextKey, control: unknown) {
    const err = this.errors[name];
    // The label names the control only; hint and error are its description (aria-describedby).
    return html`<div class="field"><label for=${name}>${t(label)}</label>${control}
      <span class="hint" id=${`${name}-hint`}>${t(hint)}</span>
      ${err ? html`<span class="field-error" id=${`${name}-err`} role="alert">${err.arg !== undefined ? t(err.key, err.arg) : t(err.key)}</span>` : ''}</div>`;
  }

  private renderForm(f: SettingsForm) {
    const invalid = (n: SettingsField) => (this.errors[n] ? 'true' : 'false');
    const desc = (n: SettingsField) => `${n}-hint${this.errors[n] ? ` ${n}-err` : ''}`;
    return html`<form @submit=${this.save} novalidate>
      ${this.field('retentionDays', 'adm.set.retention', 'adm.set.retentionHint', html`<input id="retentionDays" name="retentionDays" inputmode="numeric"
        .value=${f.retentionDays} aria-invalid=${invalid('retentionDays')} aria-describedby=${desc('retentionDays')}
        @input=${(e: Event) => this.edit({ retentionDays: (e.target as HTMLInputElement).value })}>`)}
      ${this.field('pbxName', 'adm.set.pbxName', 'adm.set.pbxNameHint', html`<input id="pbxName" name="pbxName" .value=${f.pbxName}
        aria-invalid=${invalid('pbxName')} aria-describedby=${desc('pbxName')}
        @input=${(e: Event) => this.edit({ pbxName: (e.target as HTMLInputElement).value })}>`)}
      ${this.field('licenses', 'adm.set.licenses', 'adm.set.licensesHint', html`<textarea id="licenses" name="licenses" .value=${f.licenses}
        aria-invalid=${invalid('licenses')} aria-describedby=${desc('licenses')}
        @input=${(e: Event) => this.edit({ licenses: (e.target as HTMLTextAreaElement).value })}></textarea>`)}
      <fieldset>
        <legend>${t('adm.set.trace')}</legend>
        <p class="hint">${t('adm.set.traceHint')}</p>
        ${TRACE_CATEGORIES.map((c) => html`<div class="field"><label for=${`trace-${c}`}>${t(TRACE_TEXT[c])}</label><select id=${`trace-${c}`} name=${`trace-${c}`}
          @change=${(e: Event) => this.edit({ trace: { ...f.trace, [c]: (e.target as HTMLSelectElement).value as TraceLevel } })}>
          ${TRACE_LEVELS.map((l) => html`<option value=${l} ?selected=${f.trace[c] === l}>${t(LEVEL_TEXT[l])}</option>`)}</select></div>`)}
      </fieldset>
      <div class="row">
        <button type="submit" ?disabled=${this.saving}>${this.saving ? t('adm.saving') : t('adm.save')}</button>
        <button type="button" data-action="run-retention" ?disabled=${this.saving} @click=${this.runRetention}>${t('adm.set.runRetention')}</button>
      </div>
      ${this.message ? html`<p class="msg ok" role="status">${this.message}</p>` : ''}
      ${this.error ? html`<p class="error" role="alert" data-code=${this.error.code}>${this.error.text}</p>` : ''}
    </form>`;
  }

  private edit(p: Partial<SettingsForm>): void {
    if (!this.form) return;
    this.form = { ...this.form, ...p };
    this.message = '';
  }

  private save = async (ev: Event): Promise<void> => {
    ev.preventDefault();
    const m = this.model, f = this.form;
    if (!m?.settings || !f) return;
    this.message = '';
    this.error = null;
    const r = settingsPatch(f, m.settings);
    if (!r.ok) { this.errors = r.errors; this.error = { code: 'form', text: t('adm.err.form') }; return; }
    this.errors = {};
    if (Object.keys(r.patch).length === 0) { this.message = t('adm.set.unchanged'); return; }
    this.saving = true;
    try {
      const saved = await m.save(r.patch);
      this.form = formFromSettings(saved);
      this.message = t('adm.saved');
    } catch (e) {
      this.error = explain(e);
    } finally {
      this.saving = false;
    }
  };

  private runRetention = async (): Promise<void> => {
    if (!this.model) return;
    this.message = '';
    this.error = null;
    this.saving = true;
    try {
      this.message = t('adm.set.retentionRan', await this.model.runRetention());
    } catch (e) {
      this.error = explain(e);
    } finally {
      this.saving = false;
    }
  };
}
customElements.define('rec-admin-settings', RecAdminSettings);

declare global {
  interface HTMLElementTagNameMap { 'rec-admin-settings': RecAdminSettings }
}
