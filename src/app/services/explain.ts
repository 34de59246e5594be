// Any failure of a request, a download or a decode → one sentence in the current language.
import { fromError } from '../../shared/errors.js';
import { t } from '../i18n/i18n.js';
import { en, type TextKey } from '../i18n/texts.js';

export class DownloadError extends Error {
  constructor(readonly status: number) { super(`HTTP ${status}`); this.name = 'download'; }
}

export function explain(e: unknown): { code: string; text: string } {
  if (e instanceof DownloadError) return { code: 'download', text: t('err.download', e.status) };
  if (e instanceof Error && e.name === 'not-connected') return { code: 'not-connected', text: t('err.not-connected') };
  if (e instanceof Error && e.name === 'offline') return { code: 'offline', text: e.message }; // OfflineError: already a sentence
  const err = fromError(e);
  const key = `err.${err.code}`;
  return { code: err.code, text: key in en ? t(key as TextKey, err.message) : t('err.other', err.message) };
}
