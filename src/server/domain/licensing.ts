import { LICENSE_NAME, type LicenseCount } from '../../shared/messages.js';
import type { Trace } from '../trace.js';
import type { PbxLinks } from './pbx-link.js';

const CACHE_MS = 5 * 60 * 1000;

/**
 * Answers "does this owner have App(innovaphone-recorder)?" (SPEC §6): PbxAdminApi `CheckAppLic`
 * when a PBX with PbxAdminApi is connected, the configured list otherwise ("*" = everyone).
 */
export class Licensing {
  private cache = new Map<string, { ok: boolean; at: number }>();

  constructor(
    private readonly links: PbxLinks,
    private readonly settings: () => Promise<{ pbxName: string; licenses: string[] }>,
    private readonly trace: Trace,
    private readonly now: () => number,
  ) {}

  source(pbxName: string): 'pbx' | 'list' {
    const p = this.links.active(pbxName);
    return p && p.apis.includes('PbxAdminApi') ? 'pbx' : 'list';
  }

  /** How many App(innovaphone-recorder) licences the PBX in use has and assigns (PbxAdminApi GetAppLics). */
  async appLicenseCount(pbxName: string): Promise<Omit<LicenseCount, 'licensedOwners'>> {
    const peer = this.links.active(pbxName);
    if (!peer) return { granted: null, used: null, unknownReason: 'no-pbx' };
    if (!peer.apis.includes('PbxAdminApi')) return { granted: null, used: null, unknownReason: 'no-admin-api' };
    let r: Record<string, unknown>;
    try {
      // the admin waits for this answer: shorter than the licence check's timeout
      r = await this.links.request(peer, { api: 'PbxAdminApi', mt: 'GetAppLics' }, 3000);
    } catch (e) {
      this.trace.error('license', `GetAppLics failed: ${(e as Error).message}`);
      return { granted: null, used: null, unknownReason: 'no-answer' };
    }
    const lic = Array.isArray(r.lic) ? (r.lic as unknown[]).find((l) => (l as { name?: unknown } | null)?.name === LICENSE_NAME) as Record<string, unknown> | undefined : undefined;
    const whole = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);
    if (!lic || whole(lic.count) === null) {
      this.trace.info('license', `GetAppLics: the PBX has no ${LICENSE_NAME} licence${typeof r.error === 'string' ? ` (${r.error})` : ''}`);
      return { granted: null, used: null, unknownReason: 'not-on-pbx' };
    }
    return { granted: whole(lic.count), used: whole(lic.used), unknownReason: null };
  }

  clearCache(): void {
    this.cache.clear();
  }

  async isLicensed(sip: string | null): Promise<boolean> {
    const s = await this.settings();
    if (sip === null) return s.licenses.includes('*');
    const peer = this.links.active(s.pbxName);
    if (peer && peer.apis.includes('PbxAdminApi')) {
      const hit = this.cache.get(sip);
      if (hit && this.now() - hit.at < CACHE_MS) return hit.ok;
      try {
        const r = await this.links.request(peer, { api: 'PbxAdminApi', mt: 'CheckAppLic', h323: sip, lic: LICENSE_NAME });
        const ok = r.ok === true;
        this.cache.set(sip, { ok, at: this.now() });
        this.trace.info('license', `CheckAppLic ${sip}: ${ok ? 'licensed' : 'not licensed'}`);
        return ok;
      } catch (e) {
        this.trace.error('license', `CheckAppLic ${sip} failed (${(e as Error).message}); using the configured list`);
      }
    }
    const ok = s.licenses.includes('*') || s.licenses.includes(sip);
    this.trace.debug('license', `license list ${sip}: ${ok ? 'licensed' : 'not licensed'}`);
    return ok;
  }
}
