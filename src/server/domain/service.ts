import { AppError } from '../../shared/errors.js';
import type { Cdr } from '../../shared/call-info.js';
import type { Push, RecordingInfo, ServiceStatus } from '../../shared/messages.js';
import type {
  CommitResult, OwnerSet, Recording, RecordingMeta, RecordingStore, StoreEvent, UploadSink, JsonValue,
} from '../storage/types.js';
import type { Trace } from '../trace.js';
import { parseCdrPost, summarizeCall } from './cdr.js';
import { CdrIntake } from './cdr-intake.js';
import type { UploadName } from './file-name.js';
import type { Identity } from './identity.js';
import { inspectPcap } from './inspect.js';
import { DownloadTokens } from './download-token.js';
import { Licensing } from './licensing.js';
import { PbxLinks } from './pbx-link.js';
import { runRetention } from './retention.js';

/**
 * Captures inspected at once. Inspection is CPU-bound and holds the whole file (plus the decoder
 * core's copy) in memory; when many calls end together, queueing keeps RSS bounded.
 */
const INSPECT_CONCURRENCY = 2;

/** A connection that asked for live pushes (SubscribeRecordings). */
export interface Subscriber {
  identity: Identity;
  src: string | undefined;
  send(push: Push): void;
}

export function toInfo(r: Recording): RecordingInfo {
  return {
    id: r.id, fileName: r.fileName, confGuid: r.confGuid, deviceMac: r.deviceMac, serial: r.serial, regName: r.regName,
    ownerSip: r.ownerSip, ownerNumber: r.ownerNumber, ownerName: r.ownerName, direction: r.direction,
    remoteNumber: r.remoteNumber, remoteName: r.remoteName, startTime: r.startTime, durationMs: r.durationMs,
    codecs: r.codecs, size: r.size, complete: r.complete, licensed: r.licensed, protected: r.protected, state: r.state,
    deletedAt: r.deletedAt, deletedBy: r.deletedBy, note: r.note, hasCallInfo: r.hasCallInfo,
    createdAt: r.createdAt, updatedAt: r.updatedAt,
  };
}

/** The domain layer (SPEC §6): ingest, owner resolution, access, licensing, retention, pushes. */
export class RecordingService {
  readonly links: PbxLinks;
  readonly licensing: Licensing;
  private readonly subscribers = new Set<Subscriber>();
  readonly tokens: DownloadTokens;
  /** the Reports/CDR link as this process saw it (admin status) */
  readonly cdrIntake: CdrIntake;
  private unsubscribeStore: (() => void) | null = null;
  private inspecting = 0;
  private readonly inspectQueue: (() => void)[] = [];

  constructor(
    readonly store: RecordingStore,
    readonly trace: Trace,
    readonly now: () => number,
    /** the instance password now (it changes with SetInstancePassword) */
    password: () => string,
  ) {
    this.links = new PbxLinks(now);
    this.licensing = new Licensing(this.links, () => store.getSettings(), trace, now);
    this.tokens = new DownloadTokens(password, now);
    this.cdrIntake = new CdrIntake(now);
  }

  async init(): Promise<void> {
    const s = await this.store.getSettings();
    this.trace.setLevels(s.trace);
    this.unsubscribeStore = this.store.subscribe((ev) => { void this.onStoreEvent(ev); });
  }

  close(): void {
    this.unsubscribeStore?.();
    this.subscribers.clear();
  }

  // ---- ingest -------------------------------------------------------------------------------------

  /** Inspects what the sink holds, resolves owner and licence, and commits it. */
  async ingest(sink: UploadSink, name: UploadName, complete: boolean): Promise<CommitResult> {
    const insp = await this.inspectLimited(sink);
    this.trace.debug('converting', `${name.fileName}: ${insp.codecs.join(',') || 'no codecs'}, ${insp.durationMs} ms, ${insp.warnings.length} warnings`);
    const cdrs = name.confGuid ? await this.cdrsFor(name.confGuid) : [];
    const sum = cdrs.length > 0 ? summarizeCall(cdrs, name.user) : null;
    const ownerSip = sum?.ownerSip ?? name.user;
    const meta: RecordingMeta = {
      confGuid: name.confGuid,
      deviceMac: name.mac,
      serial: name.serial,
      regName: name.user,
      ownerSip,
      ownerNumber: sum?.ownerNumber ?? null,
      ownerName: sum?.ownerName ?? null,
      direction: sum?.direction ?? 'unknown',
      remoteNumber: sum?.remoteNumber ?? null,
      remoteName: sum?.remoteName ?? null,
      startTime: insp.startTime ?? this.now(),
      durationMs: insp.durationMs,
      codecs: insp.codecs,
      streams: insp.streams,
      warnings: insp.warnings,
      complete,
      licensed: await this.licensing.isLicensed(ownerSip),
    };
    const result = await sink.commit(meta);
    this.trace.info('recording', `${result.replaced ? 'replaced' : 'stored'} ${name.fileName} (${sink.size} bytes${complete ? '' : ', incomplete'}) owner ${ownerSip ?? '-'}${meta.licensed ? '' : ' UNLICENSED'}`);
    return result;
  }

  private async inspectLimited(sink: UploadSink): Promise<Awaited<ReturnType<typeof inspectPcap>>> {
    // A finishing inspection hands its slot straight to the next waiter.
    if (this.inspecting >= INSPECT_CONCURRENCY) await new Promise<void>((r) => this.inspectQueue.push(r));
    else this.inspecting++;
    try {
      return await inspectPcap(await collect(sink.readBack(), sink.size));
    } finally {
      const next = this.inspectQueue.shift();
      if (next) next();
      else this.inspecting--;
    }
  }

  private async cdrsFor(confGuid: string): Promise<Cdr[]> {
    const ci = await this.store.getCallInfo(confGuid);
    return ci ? ci.entries.map((e) => e.data as unknown as Cdr) : [];
  }

  /**
   * A PBX's CDR POST: stores its CDRs (storeCdrXml) and records the post in the Reports link
   * status; `from` is the poster's address. Throws XmlError on malformed XML.
   */
  async addCdrXml(xml: string, from: string | null = null): Promise<{ cdrs: number; recordings: number }> {
    const r = await this.storeCdrXml(xml);
    this.cdrIntake.accepted(from, r.cdrs, r.pbx);
    return { cdrs: r.cdrs, recordings: r.recordings };
  }

  /**
   * Stores every CDR of an XML text and re-resolves the owners of recordings of those calls,
   * without counting it as traffic from a PBX (the demo's call information comes this way).
   */
  async storeCdrXml(xml: string): Promise<{ cdrs: number; recordings: number; pbx: string | null }> {
    const { cdrs, pbx } = parseCdrPost(xml);
    const touched = new Set<string>();
    for (const cdr of cdrs) {
      for (const conf of cdr.confs) {
        const { recordingIds } = await this.store.addCallInfo(conf, cdr.id, cdr as unknown as JsonValue);
        for (const id of recordingIds) touched.add(id);
      }
      this.trace.info('callInfo', `CDR ${cdr.id} ${cdr.h323 || cdr.e164} dir=${cdr.dir} confs=${cdr.confs.join(',') || 'none'}`);
    }
    for (const id of touched) await this.resolveOwner(id);
    return { cdrs: cdrs.length, recordings: touched.size, pbx };
  }

  /** Recomputes owner/direction/remote of a stored recording from its call information. */
  async resolveOwner(id: string): Promise<Recording> {
    const rec = await this.store.getRecording(id);
    if (!rec) throw new AppError('not-found', `no recording ${id}`);
    if (!rec.confGuid) return rec;
    const cdrs = await this.cdrsFor(rec.confGuid);
    if (cdrs.length === 0) return rec;
    const sum = summarizeCall(cdrs, rec.regName);
    const ownerSip = sum.ownerSip ?? rec.ownerSip;
    const licensed = await this.licensing.isLicensed(ownerSip);
    return this.store.updateRecording(id, {
      ownerSip, ownerNumber: sum.ownerNumber, ownerName: sum.ownerName, direction: sum.direction,
      remoteNumber: sum.remoteNumber, remoteName: sum.remoteName, licensed,
    });
  }

  /** Re-checks the licence of every recording's owner (after a PBX connected or the list changed). */
  async recheckLicenses(): Promise<number> {
    this.licensing.clearCache();
    let changed = 0;
    let cursor: string | undefined;
    for (;;) {
      const page = await this.store.listRecordings({ state: 'all' }, { limit: 500, cursor, sort: 'startTime', dir: 'asc' });
      for (const r of page.items) {
        const ok = await this.licensing.isLicensed(r.ownerSip);
        if (ok !== r.licensed) {
          await this.store.updateRecording(r.id, { licensed: ok });
          changed++;
          this.trace.info('license', `${r.fileName}: owner ${r.ownerSip ?? '-'} now ${ok ? 'licensed' : 'unlicensed'}`);
        }
      }
      if (!page.more || !page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return changed;
  }

  // ---- access -------------------------------------------------------------------------------------

  /** Owners a caller may see; undefined = everyone (admins). */
  async ownersFor(id: Identity): Promise<OwnerSet | undefined> {
    if (id.kind === 'admin') return undefined;
    if (id.kind !== 'user') return { sips: [], numbers: [] };
    const extra = id.appobj ? (await this.store.getAppObjectConfig(id.appobj)).accessList : [];
    return { sips: [id.sip, ...extra], numbers: [...extra] };
  }

  async canSee(id: Identity, r: Recording): Promise<boolean> {
    if (id.kind === 'admin') return true;
    if (id.kind !== 'user' || !r.licensed) return false;
    const o = (await this.ownersFor(id))!;
    return (r.ownerSip !== null && o.sips!.includes(r.ownerSip)) || (r.ownerNumber !== null && o.numbers!.includes(r.ownerNumber));
  }

  /** The recording if the caller may see it; the same 'not-found' otherwise, so ids leak nothing. */
  async visible(id: Identity, recId: string): Promise<Recording> {
    const r = await this.store.getRecording(recId);
    if (!r || !(await this.canSee(id, r)) || (id.kind !== 'admin' && r.state !== 'active')) {
      throw new AppError('not-found', `no recording ${recId}`);
    }
    return r;
  }

  // ---- pushes -------------------------------------------------------------------------------------

  addSubscriber(s: Subscriber): void {
    this.subscribers.add(s);
  }

  removeSubscriber(s: Subscriber): void {
    this.subscribers.delete(s);
  }

  private async onStoreEvent(ev: StoreEvent): Promise<void> {
    try {
      if (ev.type === 'settings') {
        this.trace.setLevels((await this.store.getSettings()).trace);
        return;
      }
      if (ev.type !== 'recording' || this.subscribers.size === 0) return;
      const gone = ev.change === 'purged' || ev.change === 'deleted';
      const rec = gone && ev.change === 'purged' ? null : await this.store.getRecording(ev.id);
      for (const s of this.subscribers) {
        if (gone) {
          const ghost = { licensed: true, ownerSip: ev.ownerSip, ownerNumber: ev.ownerNumber } as Recording;
          if (s.identity.kind === 'admin' && ev.change === 'deleted' && rec) {
            s.send({ mt: 'RecordingUpdated', src: s.src, recording: toInfo(rec) });
          } else if (await this.canSee(s.identity, ghost)) {
            s.send({ mt: 'RecordingDeleted', src: s.src, id: ev.id, purged: ev.change === 'purged' });
          }
          continue;
        }
        if (!rec) continue;
        if (await this.canSee(s.identity, rec)) {
          const mt = ev.change === 'added' || ev.change === 'restored' ? 'RecordingAdded' : 'RecordingUpdated';
          s.send({ mt, src: s.src, recording: toInfo(rec) });
        } else if (s.identity.kind === 'user' && ev.change === 'updated' && !rec.licensed) {
          // a recording that became unlicensed disappears from the user's list
          s.send({ mt: 'RecordingDeleted', src: s.src, id: rec.id, purged: false });
        }
      }
    } catch (e) {
      this.trace.error('ui', `push failed: ${(e as Error).message}`);
    }
  }

  // ---- retention ----------------------------------------------------------------------------------

  /** Scheduled deletion (see retention.ts). */
  runRetention(): Promise<number> {
    return runRetention(this.store, this.now, this.trace);
  }

  // ---- status -------------------------------------------------------------------------------------

  async status(): Promise<ServiceStatus> {
    const s = await this.store.getSettings();
    const peer = this.links.active(s.pbxName);
    // Unlicensed owners are listed by name (few, and the admin acts on them); licensed ones only counted.
    const [unlicensed, licensedOwners, fromPbx] = await Promise.all([
      this.unlicensedOwners(), this.store.countOwners({ state: 'all', licensed: true }), this.licensing.appLicenseCount(s.pbxName),
    ]);
    return {
      pbxNameMissing: s.pbxName === '',
      pbxConnected: peer !== null,
      pbx: peer?.pbx ?? null,
      licenseSource: this.licensing.source(s.pbxName),
      unlicensedOwners: [...unlicensed.owners].sort(),
      unlicensedRecordings: unlicensed.recordings,
      pbxLostAt: peer ? null : this.links.lostAt,
      cdr: this.cdrIntake.snapshot(),
      licenseCount: { ...fromPbx, licensedOwners },
    };
  }

  /** Owners of unlicensed recordings; stops counting after 100,000 recordings. */
  private async unlicensedOwners(): Promise<{ owners: Set<string>; recordings: number }> {
    const owners = new Set<string>();
    let recordings = 0;
    let cursor: string | undefined;
    for (;;) {
      const page = await this.store.listRecordings({ state: 'all', licensed: false }, { limit: 1000, cursor });
      for (const r of page.items) owners.add(r.ownerSip ?? r.ownerNumber ?? '(unknown)');
      recordings += page.items.length;
      if (!page.more || !page.nextCursor || recordings >= 100_000) break;
      cursor = page.nextCursor;
    }
    return { owners, recordings };
  }
}

async function collect(chunks: AsyncIterable<Uint8Array>, hint: number): Promise<Uint8Array> {
  const out = new Uint8Array(hint);
  let off = 0;
  const extra: Uint8Array[] = [];
  for await (const c of chunks) {
    if (off + c.length <= out.length) {
      out.set(c, off);
      off += c.length;
    } else {
      extra.push(c);
    }
  }
  if (extra.length === 0) return off === out.length ? out : out.subarray(0, off);
  return Buffer.concat([out.subarray(0, off), ...extra]);
}
