import { LitElement, html, css } from 'lit';
import { format, type TextKey, type Texts } from '../texts.js';
import { DEFAULT_CHECKMARKS, defaultNaming, type AppObjectForm, type ObjectType } from '../messages.js';
import { ManagerModel, type AppObjectRow, type ManagerState } from '../manager-model.js';
import { RequestError } from '../pbx-client.js';
import { pluginStyles } from './styles.js';
import { defineOnce } from '../define.js';
import './rec-plugin-list.js';
import './rec-plugin-editor.js';

export type InstanceState = 'connecting' | 'connected' | 'closed';

/** Sentence for a failed request: which side refused what, and why. */
export function explain(texts: Texts, e: unknown): string {
  if (e instanceof RequestError) {
    if (e.timeout) return format(texts, 'errTimeout', e.request, e.reason);
    const key: TextKey = e.channel === 'pbx' ? 'errPbx' : e.channel === 'instance' ? 'errInstance' : 'errManager';
    return format(texts, key, e.request, e.reason);
  }
  return e instanceof Error ? e.message : String(e);
}

/**
 * The plugin's page inside PBX Manager: licence count, instance state, the App object list and
 * the editor. Holds no logic of its own beyond which view is shown; the model does the work.
 */
export class RecPluginRoot extends LitElement {
  static override properties = {
    texts: { attribute: false }, model: { attribute: false }, scheme: { reflect: true }, instance: { reflect: true },
    state: { state: true }, editing: { state: true }, busy: { state: true }, message: { state: true }, confirming: { state: true }, loaded: { state: true },
  };
  static override styles = [pluginStyles, css`
    :host { min-height: 100%; }
    header { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; padding: 12px 16px; border-bottom: 1px solid var(--rp-line); }
    h1 { font-size: 18px; font-weight: 500; margin: 0; flex: 1; display: flex; align-items: center; gap: 8px; }
    .bar { display: flex; gap: 8px; }
    .status { padding: 0 16px; font-size: 13px; }
    .body { padding: 8px 16px; }
    .confirm { border: 1px solid var(--rp-bad); border-radius: 6px; padding: 10px; margin: 8px 0; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    .confirm span { flex: 1; }
  `];

  declare texts: Texts;
  declare model: ManagerModel | null;
  declare scheme: string;
  declare instance: InstanceState;
  declare state: ManagerState | null;
  declare editing: AppObjectForm | null;
  declare busy: boolean;
  declare message: { kind: 'ok' | 'error'; text: string } | null;
  declare confirming: AppObjectRow | null;
  declare loaded: boolean;

  constructor() {
    super();
    this.model = null;
    this.scheme = 'light';
    this.instance = 'connecting';
    this.state = null;
    this.editing = null;
    this.busy = false;
    this.message = null;
    this.confirming = null;
    this.loaded = false;
  }

  private loads = 0;
  private poll: ReturnType<typeof setInterval> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // The PBX reconnects App objects on its own (after a password change, a service restart): keep the state column current.
    this.poll = setInterval(() => void this.refreshConnections(), 3000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
  }

  private async refreshConnections(): Promise<void> {
    if (!this.model || !this.loaded || this.busy || this.editing) return;
    const n = this.loads;
    try {
      const s = await this.model.refreshConnections();
      if (n === this.loads && !this.busy) this.state = s;
    } catch {
      // the next full reload reports PBX errors; a missed poll changes nothing
    }
  }

  /** Re-reads everything from the PBX and the instance; only the latest of overlapping reads is shown. */
  async reload(): Promise<void> {
    if (!this.model) return;
    const n = ++this.loads;
    this.busy = true;
    try {
      const s = await this.model.load();
      if (n === this.loads) {
        this.state = s;
        this.loaded = true;
      }
    } catch (e) {
      if (n === this.loads) this.message = { kind: 'error', text: explain(this.texts, e) };
    } finally {
      if (n === this.loads) this.busy = false;
    }
  }

  private async run(work: () => Promise<string | null>): Promise<void> {
    this.busy = true;
    this.message = null;
    try {
      const ok = await work();
      await this.reload();
      if (ok) this.message = { kind: 'ok', text: ok };
    } catch (e) {
      this.message = { kind: 'error', text: explain(this.texts, e) };
      this.busy = false;
    }
  }

  private add(type: ObjectType): void {
    const n = (this.state?.objects ?? []).filter((o) => o.type === type).length;
    const { name, title } = defaultNaming(type, n);
    this.message = null;
    this.editing = {
      type, title, name, checkmarks: { ...DEFAULT_CHECKMARKS[type] },
      // The panel reads call information like the user app; the admin UI goes through the user object.
      reports: type !== 'admin' ? (this.state?.reports[0]?.sip ?? '') : '', templates: [], accessList: [], deleteMode: 'recoverable',
    };
  }

  private edit(r: AppObjectRow): void {
    this.message = null;
    this.editing = {
      guid: r.guid, type: r.type, title: r.title, name: r.sip, checkmarks: { ...r.checkmarks }, reports: r.reports,
      templates: [...r.templates], accessList: [...r.config.accessList], deleteMode: r.config.deleteMode,
    };
  }

  private async save(form: AppObjectForm): Promise<void> {
    const model = this.model!;
    this.busy = true;
    if (!(await model.nameFree(form.name, form.guid))) {
      this.busy = false;
      this.message = { kind: 'error', text: format(this.texts, 'errNameUsed', form.name) };
      return;
    }
    await this.run(async () => {
      const newPwd = await model.save(form);
      this.editing = null;
      return format(this.texts, 'saved') + (newPwd ? ' ' + format(this.texts, 'passwordSet') : '');
    });
  }

  override render() {
    const t = this.texts;
    if (!t) return html``;
    const lic = this.state?.license;
    return html`
      <header>
        <h1>${format(t, 'pluginTitle')}</h1>
        <span id="licenses" class="muted">${this.state ? (lic ? format(t, 'licenses', lic.used, lic.count) : format(t, 'licensesNone')) : ''}</span>
        <div class="bar">
          <button id="add-user" ?disabled=${this.busy || !this.loaded} @click=${() => this.add('user')}>${format(t, 'addUser')}</button>
          <button id="add-panel" ?disabled=${this.busy || !this.loaded} @click=${() => this.add('panel')}>${format(t, 'addPanel')}</button>
          <button id="add-admin" ?disabled=${this.busy || !this.loaded} @click=${() => this.add('admin')}>${format(t, 'addAdmin')}</button>
          <button id="reload" ?disabled=${this.busy} @click=${() => this.reload()}>${format(t, 'reload')}</button>
        </div>
      </header>
      <div class="status" id="instance" data-state=${this.instance}>
        ${this.instance === 'connected' ? html`<span class="ok">${format(t, 'instanceConnected')}</span>`
          : this.instance === 'connecting' ? html`<span class="muted">${format(t, 'instanceConnecting')}</span>`
          : html`<span class="bad">${format(t, 'instanceNotConnected')}</span>`}
      </div>
      <div class="body">
        ${this.message ? html`<div id="message" class="msg ${this.message.kind}" role=${this.message.kind === 'error' ? 'alert' : 'status'}>${this.message.text}</div>` : ''}
        ${this.confirming ? html`<div class="confirm" id="confirm" role="alertdialog">
            <span>${format(t, 'confirmDelete', this.confirming.sip)}</span>
            <button id="confirm-no" @click=${() => { this.confirming = null; }}>${format(t, 'cancel')}</button>
            <button id="confirm-yes" class="danger" @click=${() => { const r = this.confirming!; this.confirming = null; void this.run(async () => { await this.model!.remove(r); return format(t, 'deleted', r.sip); }); }}>${format(t, 'confirmYes')}</button>
          </div>` : ''}
        ${this.editing ? html`<rec-plugin-editor .texts=${t} .form=${this.editing} .templates=${this.state?.templates ?? []} .reports=${this.state?.reports ?? []}
              .search=${(s: string) => this.model!.searchUsers(s)} ?busy=${this.busy} scheme=${this.scheme}
              @save=${(e: CustomEvent<AppObjectForm>) => void this.save(e.detail)} @cancel=${() => { this.editing = null; }}></rec-plugin-editor>`
          : !this.loaded ? html`<p class="muted">${format(t, 'loading')}</p>`
          : html`<rec-plugin-list .texts=${t} .rows=${this.state?.objects ?? []} ?busy=${this.busy} scheme=${this.scheme}
              @edit=${(e: CustomEvent<AppObjectRow>) => this.edit(e.detail)}
              @remove=${(e: CustomEvent<AppObjectRow>) => { this.confirming = e.detail; }}
              @fix=${(e: CustomEvent<AppObjectRow>) => void this.run(async () => { const np = await this.model!.fixPassword(e.detail); return format(t, 'fixed', e.detail.sip) + (np ? ' ' + format(t, 'passwordSet') : ''); })}></rec-plugin-list>`}
      </div>
    `;
  }
}
defineOnce('rec-plugin-root', RecPluginRoot);
