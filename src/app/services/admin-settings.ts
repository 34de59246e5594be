// Service settings for admins: the form's text fields checked against the same limits as the
// service (retention 0–11000 whole days, PBX name ≤ 128, licence list entries), only changed fields
// sent with SetSettings, plus the status GetSettings reports (PBX link, licence source).
import type { ServiceStatus, SetSettings, SettingsInfo, TraceCategory, TraceLevel } from '../../shared/messages.js';
import type { TextKey } from '../i18n/texts.js';
import { AdminModel } from './admin-model.js';
import type { AppConnection } from './connection.js';
import { formatNameList, parseNameList } from './admin-name-list.js';

export const TRACE_CATEGORIES: readonly TraceCategory[] = ['recording', 'callInfo', 'converting', 'license', 'ui'];
export const TRACE_LEVELS: readonly TraceLevel[] = ['off', 'error', 'info', 'debug'];
export const MAX_LICENSES = 10_000;

export interface SettingsForm {
  retentionDays: string;
  pbxName: string;
  licenses: string;
  trace: Record<TraceCategory, TraceLevel>;
}

export type SettingsField = 'retentionDays' | 'pbxName' | 'licenses';
export interface FieldError { key: TextKey; arg?: string }
export type SettingsPatch = Omit<SetSettings, 'mt' | 'src' | 'api'>;

export function formFromSettings(s: SettingsInfo): SettingsForm {
  return { retentionDays: String(s.retentionDays), pbxName: s.pbxName, licenses: formatNameList(s.licenses), trace: { ...s.trace } };
}

/** The fields that differ from `before`, or the errors that stop the save (nothing is sent then). */
export function settingsPatch(form: SettingsForm, before: SettingsInfo):
  { ok: true; patch: SettingsPatch } | { ok: false; errors: Partial<Record<SettingsField, FieldError>> } {
  const errors: Partial<Record<SettingsField, FieldError>> = {};
  const patch: SettingsPatch = {};
  const days = form.retentionDays.trim();
  if (!/^\d{1,5}$/.test(days) || Number(days) > 11000) errors.retentionDays = { key: 'adm.err.retention' };
  else if (Number(days) !== before.retentionDays) patch.retentionDays = Number(days);
  const pbx = form.pbxName.trim();
  if (pbx.length > 128) errors.pbxName = { key: 'adm.err.pbxName' };
  else if (pbx !== before.pbxName) patch.pbxName = pbx;
  const lic = parseNameList(form.licenses, MAX_LICENSES);
  if (!lic.ok) errors.licenses = { key: 'adm.err.licenses', arg: lic.bad };
  else if (lic.names.join('\n') !== before.licenses.join('\n')) patch.licenses = lic.names;
  const trace: Partial<Record<TraceCategory, TraceLevel>> = {};
  for (const c of TRACE_CATEGORIES) if (form.trace[c] !== before.trace[c]) trace[c] = form.trace[c];
  if (Object.keys(trace).length > 0) patch.trace = trace;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, patch };
}

export class ServiceSettings extends AdminModel {
  settings: SettingsInfo | null = null;
  status: ServiceStatus | null = null;

  constructor(private readonly conn: Pick<AppConnection, 'request'>) { super(); }

  load(): Promise<void> {
    return this.loadWith(() => this.conn.request({ mt: 'GetSettings' }),
      (r) => { this.settings = r.settings; this.status = r.status; });
  }

  /** Sends the patch; throws the service's refusal (the form shows it); refreshes the status after. */
  async save(patch: SettingsPatch): Promise<SettingsInfo> {
    const r = await this.conn.request({ mt: 'SetSettings', ...patch });
    this.settings = r.settings;
    this.changed();
    // PBX name and licence list change the status (which PBX, unlicensed owners).
    try { this.status = (await this.conn.request({ mt: 'GetSettings' })).status; this.changed(); } catch { /* the save itself succeeded */ }
    return r.settings;
  }

  async runRetention(): Promise<number> {
    return (await this.conn.request({ mt: 'RunRetention' })).purged;
  }
}
