// Access lists and delete mode per App object (the same settings the PBX Manager plugin edits):
// ListAppObjectConfigs to show them, SetAppObjectConfig to change one. Names are checked before
// sending so a typo is pointed at, not answered with a generic refusal.
import type { AppObjectConfigInfo, DeleteMode } from '../../shared/messages.js';
import type { TextKey } from '../i18n/texts.js';
import { AdminModel } from './admin-model.js';
import type { AppConnection } from './connection.js';
import { parseNameList } from './admin-name-list.js';

export const MAX_ACCESS_LIST = 1000;
const APP_OBJECT = /^[A-Za-z0-9._@-]{1,128}$/;

export type AccessEdit = { appObject: string; accessList: string; deleteMode: DeleteMode };
export type AccessEditResult =
  | { ok: true; appObject: string; accessList: string[]; deleteMode: DeleteMode }
  | { ok: false; field: 'appObject' | 'accessList'; key: TextKey; arg?: string };

export function parseAccessEdit(e: AccessEdit): AccessEditResult {
  const appObject = e.appObject.trim();
  if (!APP_OBJECT.test(appObject)) return { ok: false, field: 'appObject', key: 'adm.err.appObject' };
  const list = parseNameList(e.accessList, MAX_ACCESS_LIST);
  if (!list.ok) return { ok: false, field: 'accessList', key: 'adm.err.accessList', arg: list.bad };
  return { ok: true, appObject, accessList: list.names, deleteMode: e.deleteMode };
}

export class AccessConfigs extends AdminModel {
  configs: AppObjectConfigInfo[] = [];

  constructor(private readonly conn: Pick<AppConnection, 'request'>) { super(); }

  load(): Promise<void> {
    return this.loadWith(() => this.conn.request({ mt: 'ListAppObjectConfigs' }),
      (r) => { this.configs = [...r.configs].sort((a, b) => a.appObject.localeCompare(b.appObject)); });
  }

  /** Throws the service's refusal; on success the stored config replaces the shown one. */
  async save(appObject: string, accessList: string[], deleteMode: DeleteMode): Promise<AppObjectConfigInfo> {
    const r = await this.conn.request({ mt: 'SetAppObjectConfig', appObject, accessList, deleteMode });
    const rest = this.configs.filter((c) => c.appObject !== r.config.appObject);
    this.configs = [...rest, r.config].sort((a, b) => a.appObject.localeCompare(b.appObject));
    this.changed();
    return r.config;
  }
}
