/**
 * The behaviour every RecordingStore must have. Run by storage-sqlite.test.ts and storage-pg.test.ts
 * with a factory; each test gets a fresh, empty store with a controllable clock.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors.js';
import type {
  Recording, RecordingMeta, RecordingStore, SortKey, StoreEvent,
} from '../../src/server/storage/types.js';

export interface Clock { t: number; now: () => number }

export interface StoreHarness {
  store: RecordingStore;
  /** closes the store and opens it again on the same data (migrations must be idempotent) */
  reopen(): Promise<RecordingStore>;
  /** a second store on the same data, as a second server process would have (PostgreSQL only) */
  openPeer?(): Promise<RecordingStore>;
  cleanup(): Promise<void>;
}

export type StoreFactory = (clock: Clock) => Promise<StoreHarness>;

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const DAY = 86_400_000;
const GUID = 'f9e5956e47d460010630009033302ab1';

export function meta(o: Partial<RecordingMeta> = {}): RecordingMeta {
  return {
    confGuid: null, deviceMac: null, serial: null, regName: null,
    ownerSip: 'alice', ownerNumber: '100', ownerName: 'Alice', direction: 'out',
    remoteNumber: '200', remoteName: 'Bob', startTime: T0, durationMs: 1000,
    codecs: ['PCMA'], streams: [], warnings: [], complete: true, licensed: true, ...o,
  };
}

async function collect(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

async function code(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return e instanceof AppError ? e.code : `non-AppError: ${(e as Error).message}`;
  }
  return 'resolved';
}

async function until(pred: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface ContractOptions {
  /** the store is shared by several processes (PostgreSQL): run the cross-process test with `openPeer` */
  multiProcess?: boolean;
}

export function runStoreContract(label: string, factory: StoreFactory, options: ContractOptions = {}): void {
  describe(`RecordingStore contract: ${label}`, () => {
    let h: StoreHarness;
    let s: RecordingStore;
    let clock: Clock;

    beforeEach(async () => {
      clock = { t: T0, now: () => clock.t };
      h = await factory(clock);
      s = h.store;
    });
    afterEach(async () => { await h.cleanup(); });

    async function put(name: string, bytes: Buffer | string, m: Partial<RecordingMeta> = {}): Promise<Recording> {
      const up = await s.openUpload(name);
      const b = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
      // odd-sized pieces so chunk boundaries never line up with writes
      for (let i = 0; i < b.length; i += 777) await up.write(b.subarray(i, i + 777));
      return (await up.commit(meta(m))).recording;
    }

    // ---- uploads ---------------------------------------------------------------------------------

    it('stores an upload with its metadata and streams the exact bytes back', async () => {
      const bytes = randomBytes(600_000);
      const r = await put('a.pcap', bytes, { confGuid: 'F9E5956E-47D4-6001-0630-009033302AB1', deviceMac: '009033302AB1', serial: 11, regName: 'alice' });
      expect(r.id).toMatch(/^[0-9a-f]{32}$/);
      expect(r).toMatchObject({
        fileName: 'a.pcap', confGuid: GUID, deviceMac: '009033302ab1', serial: 11, regName: 'alice', size: bytes.length,
        state: 'active', protected: false, note: '', complete: true, licensed: true, hasCallInfo: false,
        createdAt: T0, updatedAt: T0, deletedAt: null, deletedBy: null, codecs: ['PCMA'],
      });
      expect(await s.getRecording(r.id)).toEqual(r);
      expect(await s.getRecordingByName('a.pcap')).toEqual(r);
      expect((await collect(s.readPcap(r.id))).equals(bytes)).toBe(true);
    });

    it('keeps stream statistics and warnings as given', async () => {
      const streams = [{ index: 0, src: '10.0.0.1:16386', dst: '10.0.0.2:16388', ssrc: 4242, codec: 'PCMA', packets: 50, jitterMs: 1.25 }];
      const warnings = [{ code: 'timestamp-jump', stream: 0, timeMs: 120, detail: 3, message: 'jump ✓' }];
      const r = await put('s.pcap', 'x', { streams: streams as never, warnings: warnings as never, durationMs: 1234.4 });
      const back = (await s.getRecording(r.id))!;
      expect(back.streams).toEqual(streams);
      expect(back.warnings).toEqual(warnings);
      expect(back.durationMs).toBe(1234);
    });

    it('reads back what was written before commit, and an empty upload is allowed', async () => {
      const up = await s.openUpload('rb.pcap');
      const bytes = randomBytes(5000);
      await up.write(bytes.subarray(0, 3000));
      await up.write(bytes.subarray(3000));
      expect(up.size).toBe(5000);
      expect((await collect(up.readBack())).equals(bytes)).toBe(true);
      const { recording } = await up.commit(meta());
      expect((await collect(s.readPcap(recording.id))).equals(bytes)).toBe(true);
      const empty = await (await s.openUpload('empty.pcap')).commit(meta({ complete: false }));
      expect(empty.recording.size).toBe(0);
      expect((await collect(s.readPcap(empty.recording.id))).length).toBe(0);
    });

    it('indexes nothing for an aborted upload; abort is idempotent and commit after abort fails', async () => {
      const up = await s.openUpload('ab.pcap');
      await up.write(randomBytes(4000));
      await up.abort();
      await up.abort();
      expect(await s.getRecordingByName('ab.pcap')).toBeNull();
      expect(await s.countRecordings({ state: 'all' })).toBe(0);
      expect(await code(up.commit(meta()))).toBe('conflict');
      expect(await code(up.write(Buffer.from('x')))).toBe('conflict');
    });

    it('keeps a cut-off upload as an incomplete recording', async () => {
      const r = await put('cut.pcap', randomBytes(3000), { complete: false });
      expect(r.complete).toBe(false);
      expect((await s.listRecordings({ complete: false })).items.map((x) => x.id)).toEqual([r.id]);
      expect((await s.listRecordings({ complete: true })).items).toEqual([]);
    });

    it('replaces a recording of the same name atomically, keeping id, note and protection', async () => {
      const first = await put('same.pcap', Buffer.from('old bytes'), { complete: false, durationMs: 5 });
      await s.setNote(first.id, 'keep me');
      await s.setProtected(first.id, true);
      clock.t += 1000;
      const up = await s.openUpload('same.pcap');
      await up.write(Buffer.from('new and longer bytes'));
      const { recording, replaced } = await up.commit(meta({ durationMs: 50 }));
      expect(replaced?.id).toBe(first.id);
      expect(replaced?.complete).toBe(false);
      expect(recording).toMatchObject({ id: first.id, note: 'keep me', protected: true, complete: true, durationMs: 50, size: 20, createdAt: T0, updatedAt: T0 + 1000 });
      expect((await collect(s.readPcap(first.id))).toString()).toBe('new and longer bytes');
      expect(await s.countRecordings({ state: 'all' })).toBe(1);
    });

    it('a replace while a reader streams never mixes old and new bytes', async () => {
      const oldBytes = Buffer.alloc(900_000, 0x11);
      const r = await put('race.pcap', oldBytes);
      const it = s.readPcap(r.id)[Symbol.asyncIterator]();
      const first = await it.next();
      const newBytes = Buffer.alloc(900_000, 0x22);
      await put('race.pcap', newBytes);
      const parts = [Buffer.from(first.value as Uint8Array)];
      for (let n = await it.next(); !n.done; n = await it.next()) parts.push(Buffer.from(n.value));
      const got = Buffer.concat(parts);
      expect(got.equals(oldBytes) || got.equals(newBytes)).toBe(true);
      expect((await collect(s.readPcap(r.id))).equals(newBytes)).toBe(true);
    });

    it('brings a recycle-bin recording back to active when the same name is uploaded again', async () => {
      const r = await put('bin.pcap', 'a');
      await s.deleteRecording(r.id, 'alice');
      const again = await put('bin.pcap', 'b');
      expect(again).toMatchObject({ id: r.id, state: 'active', deletedAt: null, deletedBy: null });
    });

    it('handles concurrent uploads, including several of the same name', async () => {
      const names = Array.from({ length: 20 }, (_, i) => `c${i}.pcap`);
      const payload = (i: number) => Buffer.alloc(20_000 + i * 101, i + 1);
      const sinks = await Promise.all([...names, 'dup.pcap', 'dup.pcap', 'dup.pcap'].map((n) => s.openUpload(n)));
      for (let round = 0; round < 4; round++) {
        await Promise.all(sinks.map((u, i) => {
          const b = payload(i);
          const q = Math.ceil(b.length / 4);
          return u.write(b.subarray(round * q, (round + 1) * q));
        }));
      }
      const results = await Promise.all(sinks.map((u, i) => u.commit(meta({ startTime: T0 + i }))));
      expect(await s.countRecordings({})).toBe(21);
      for (let i = 0; i < 20; i++) {
        const r = await s.getRecordingByName(names[i]);
        expect((await collect(s.readPcap(r!.id))).equals(payload(i))).toBe(true);
      }
      const dup = (await s.getRecordingByName('dup.pcap'))!;
      const got = await collect(s.readPcap(dup.id));
      expect([20, 21, 22].some((i) => got.equals(payload(i)))).toBe(true);
      expect(results.slice(20).filter((r) => r.replaced === null)).toHaveLength(1);
      expect(new Set(results.slice(20).map((r) => r.recording.id)).size).toBe(1);
    });

    it('refuses file names with paths, control characters or no name at all', async () => {
      for (const bad of ['../x.pcap', 'a/b.pcap', 'a\\b.pcap', '', '.', '..', 'x\u0000.pcap', 'x\n.pcap', 'é'.repeat(200)]) {
        expect(await code(s.openUpload(bad)), JSON.stringify(bad)).toBe('bad-request');
      }
      expect((await s.openUpload('ünïcødé-名前.pcap')).fileName).toBe('ünïcødé-名前.pcap');
    });

    it('refuses invalid metadata at commit and indexes nothing', async () => {
      for (const m of [{ confGuid: 'nope' }, { direction: 'sideways' }, { deviceMac: '12' }, { durationMs: -1 }, { complete: 'yes' }, { serial: 1.5 }]) {
        const up = await s.openUpload('m.pcap');
        await up.write(Buffer.from('x'));
        expect(await code(up.commit(meta(m as never))), JSON.stringify(m)).toBe('bad-request');
        await up.abort();
      }
      expect(await s.countRecordings({ state: 'all' })).toBe(0);
    });

    it('removes stale uploads and refuses to commit them afterwards', async () => {
      const up = await s.openUpload('stale.pcap');
      await up.write(Buffer.from('abc'));
      expect(await s.cleanupStaleUploads(clock.t - 1)).toBe(0);
      clock.t += 60_000;
      expect(await s.cleanupStaleUploads(clock.t - 30_000)).toBe(1);
      expect(await code(up.commit(meta()))).not.toBe('resolved');
      expect(await s.getRecordingByName('stale.pcap')).toBeNull();
    });

    // ---- listing ---------------------------------------------------------------------------------

    async function seed(): Promise<Recording[]> {
      const people = [
        ['alice', '100', 'Alice Ärger'], ['bob', '101', 'bob'], ['carol', '102', 'Carol Müller'], [null, '103', null], ['dave', null, 'Dave'],
      ] as const;
      const out: Recording[] = [];
      for (let i = 0; i < 27; i++) {
        const [sip, num, name] = people[i % people.length];
        out.push(await put(`r${String(i).padStart(2, '0')}_${i % 3 === 0 ? 'x%_y' : 'plain'}.pcap`, `b${i}`, {
          ownerSip: sip, ownerNumber: num, ownerName: name,
          direction: (['in', 'out', 'unknown'] as const)[i % 3],
          remoteNumber: `0${700 + (i % 7)}`, remoteName: i % 4 === 0 ? 'Zoë Straße' : null,
          startTime: T0 + (i % 9) * 3_600_000, // duplicates on purpose: ties are broken by id
          durationMs: (i * 7919) % 5000,
        }));
      }
      return out;
    }

    const keyOf: Record<SortKey, (r: Recording) => string | number> = {
      startTime: (r) => r.startTime,
      duration: (r) => r.durationMs,
      owner: (r) => (r.ownerName || r.ownerSip || r.ownerNumber || '').normalize('NFC').toLowerCase(),
      remote: (r) => (r.remoteName || r.remoteNumber || '').normalize('NFC').toLowerCase(),
      fileName: (r) => r.fileName,
    };
    const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

    function expected(all: Recording[], sort: SortKey, dir: 'asc' | 'desc'): string[] {
      const k = keyOf[sort];
      const sign = dir === 'asc' ? 1 : -1;
      return [...all].sort((a, b) => sign * (cmp(k(a), k(b)) || cmp(a.id, b.id))).map((r) => r.id);
    }

    it('pages with cursors through every sort key in both directions without gaps or repeats', async () => {
      const all = await seed();
      for (const sort of ['startTime', 'duration', 'owner', 'remote', 'fileName'] as const) {
        for (const dir of ['asc', 'desc'] as const) {
          const ids: string[] = [];
          let cursor: string | undefined;
          let pages = 0;
          for (;;) {
            const p = await s.listRecordings({}, { sort, dir, limit: 5, cursor });
            ids.push(...p.items.map((r) => r.id));
            pages++;
            if (!p.more) { expect(p.nextCursor).toBeNull(); break; }
            expect(p.items).toHaveLength(5);
            cursor = p.nextCursor!;
          }
          expect(pages).toBe(6);
          expect(ids, `${sort} ${dir}`).toEqual(expected(all, sort, dir));
        }
      }
    });

    it('reports `more` exactly at page boundaries and supports offset paging', async () => {
      const all = await seed();
      const n = all.length;
      expect((await s.listRecordings({}, { limit: n })).more).toBe(false);
      const p1 = await s.listRecordings({}, { limit: n - 1 });
      expect(p1.more).toBe(true);
      const p2 = await s.listRecordings({}, { limit: n - 1, cursor: p1.nextCursor! });
      expect(p2.items).toHaveLength(1);
      expect(p2.more).toBe(false);
      const exp = expected(all, 'startTime', 'desc');
      expect((await s.listRecordings({}, { limit: 10, offset: 20 })).items.map((r) => r.id)).toEqual(exp.slice(20, 30));
      expect((await s.listRecordings({}, { limit: 10, offset: 27 })).items).toEqual([]);
      expect((await s.listRecordings({}, { limit: 1000 })).items).toHaveLength(n);
    });

    it('keyset pages stay consistent while recordings are added and removed between pages', async () => {
      const all = await seed();
      const exp = expected(all, 'startTime', 'desc');
      const p1 = await s.listRecordings({}, { limit: 10 });
      expect(p1.items.map((r) => r.id)).toEqual(exp.slice(0, 10));
      // a newer recording (sorts before the cursor) and the removal of an already-listed one change nothing after it
      await put('late.pcap', 'x', { startTime: T0 + 100 * 3_600_000 });
      await s.purgeRecording(p1.items[0].id);
      const p2 = await s.listRecordings({}, { limit: 10, cursor: p1.nextCursor! });
      expect(p2.items.map((r) => r.id)).toEqual(exp.slice(10, 20));
    });

    it('refuses bad paging input', async () => {
      await seed();
      const p = await s.listRecordings({}, { limit: 3 });
      expect(await code(s.listRecordings({}, { limit: 3, cursor: p.nextCursor!, sort: 'duration' }))).toBe('bad-request');
      expect(await code(s.listRecordings({}, { limit: 3, cursor: p.nextCursor!, dir: 'asc' }))).toBe('bad-request');
      expect(await code(s.listRecordings({}, { cursor: 'garbage!' }))).toBe('bad-request');
      expect(await code(s.listRecordings({}, { limit: 0 }))).toBe('bad-request');
      expect(await code(s.listRecordings({}, { limit: 1001 }))).toBe('bad-request');
      expect(await code(s.listRecordings({}, { offset: -1 }))).toBe('bad-request');
      expect(await code(s.listRecordings({}, { sort: 'size' as never }))).toBe('bad-request');
      expect(await code(s.listRecordings({ direction: 'up' as never }))).toBe('bad-request');
      expect(await code(s.listRecordings({ state: 'gone' as never }))).toBe('bad-request');
    });

    it('filters by text (case-insensitive, Unicode, wildcard characters literal), date, direction and owners, combined', async () => {
      const all = await seed();
      const ids = async (f: Parameters<RecordingStore['listRecordings']>[0]) =>
        (await s.listRecordings(f, { limit: 1000, sort: 'fileName', dir: 'asc' })).items.map((r) => r.id);
      const byName = (pred: (r: Recording) => boolean) => all.filter(pred).sort((a, b) => cmp(a.fileName, b.fileName)).map((r) => r.id);

      expect(await ids({ text: 'MÜLLER' })).toEqual(byName((r) => r.ownerName === 'Carol Müller'));
      expect(await ids({ text: 'zoë straße' })).toEqual(byName((r) => r.remoteName === 'Zoë Straße'));
      expect(await ids({ text: 'x%_y' })).toEqual(byName((r) => r.fileName.includes('x%_y')));
      expect(await ids({ text: '%' })).toEqual(byName((r) => r.fileName.includes('%')));
      expect(await ids({ text: '0703' })).toEqual(byName((r) => r.remoteNumber === '0703'));
      expect(await ids({ text: '  ' })).toHaveLength(all.length);
      expect(await ids({ text: 'nobody-has-this' })).toEqual([]);

      expect(await ids({ from: T0 + 3_600_000, to: T0 + 3 * 3_600_000 }))
        .toEqual(byName((r) => r.startTime >= T0 + 3_600_000 && r.startTime < T0 + 3 * 3_600_000));
      expect(await ids({ direction: 'in' })).toEqual(byName((r) => r.direction === 'in'));

      expect(await ids({ owners: { sips: ['alice'] } })).toEqual(byName((r) => r.ownerSip === 'alice'));
      expect(await ids({ owners: { numbers: ['103'] } })).toEqual(byName((r) => r.ownerNumber === '103'));
      expect(await ids({ owners: { sips: ['dave'], numbers: ['100'] } })).toEqual(byName((r) => r.ownerSip === 'dave' || r.ownerNumber === '100'));
      expect(await ids({ owners: {} })).toEqual([]);
      expect(await ids({ owners: { sips: [], numbers: [] } })).toEqual([]);

      const combined = { owners: { sips: ['alice', 'carol'] }, direction: 'out' as const, from: T0, to: T0 + 9 * 3_600_000, text: 'plain' };
      const exp = byName((r) => ['alice', 'carol'].includes(r.ownerSip ?? '') && r.direction === 'out' && r.fileName.includes('plain'));
      expect(exp.length).toBeGreaterThan(0);
      expect(await ids(combined)).toEqual(exp);
      expect(await s.countRecordings(combined)).toBe(exp.length);
      expect(await s.countRecordings({})).toBe(all.length);
    });

    it('filters by licence, protection and conference GUID', async () => {
      const a = await put('l1.pcap', 'a', { licensed: false, confGuid: GUID });
      const b = await put('l2.pcap', 'b');
      await s.setProtected(b.id, true);
      expect((await s.listRecordings({ licensed: false })).items.map((r) => r.id)).toEqual([a.id]);
      expect((await s.listRecordings({ protected: true })).items.map((r) => r.id)).toEqual([b.id]);
      expect((await s.listRecordings({ confGuid: GUID.toUpperCase() })).items.map((r) => r.id)).toEqual([a.id]);
      expect((await s.listRecordingsByConf(GUID)).map((r) => r.id)).toEqual([a.id]);
    });

    it('counts distinct owners of the filtered recordings (sip name, else number; owner-less ones as one)', async () => {
      expect(await s.countOwners({ state: 'all' })).toBe(0);
      await put('o1.pcap', 'a');
      await put('o2.pcap', 'b'); // alice again
      await put('o3.pcap', 'c', { ownerSip: 'bob', ownerNumber: '101' });
      await put('o4.pcap', 'd', { ownerSip: null, ownerNumber: '102' });
      await put('o5.pcap', 'e', { ownerSip: null, ownerNumber: null });
      await put('o6.pcap', 'f', { ownerSip: null, ownerNumber: null });
      const z = await put('o7.pcap', 'g', { ownerSip: 'zed', licensed: false });
      expect(await s.countOwners({ state: 'all' })).toBe(5);
      expect(await s.countOwners({ state: 'all', licensed: true })).toBe(4);
      expect(await s.countOwners({ state: 'all', licensed: false })).toBe(1);
      await s.deleteRecording(z.id, 'admin');
      expect(await s.countOwners({ licensed: false })).toBe(0); // active only by default
      expect(await s.countOwners({ state: 'deleted' })).toBe(1);
    });

    // ---- lifecycle -------------------------------------------------------------------------------

    it('recycle bin: delete, list, restore, and the conflicts around it', async () => {
      const r = await put('d.pcap', 'x');
      clock.t += 5000;
      const d = await s.deleteRecording(r.id, 'alice');
      expect(d).toMatchObject({ state: 'deleted', deletedAt: T0 + 5000, deletedBy: 'alice', updatedAt: T0 + 5000 });
      expect((await s.listRecordings({})).items).toEqual([]);
      expect((await s.listRecordings({ state: 'deleted' })).items.map((x) => x.id)).toEqual([r.id]);
      expect((await s.listRecordings({ state: 'all' })).items).toHaveLength(1);
      expect(await code(s.deleteRecording(r.id, 'alice'))).toBe('conflict');
      expect((await collect(s.readPcap(r.id))).toString()).toBe('x');
      const back = await s.restoreRecording(r.id);
      expect(back).toMatchObject({ state: 'active', deletedAt: null, deletedBy: null });
      expect(await code(s.restoreRecording(r.id))).toBe('conflict');
      expect(await code(s.deleteRecording(r.id, ''))).toBe('bad-request');
    });

    it('protect blocks delete and purge until removed; purge removes bytes', async () => {
      const r = await put('p.pcap', 'bytes');
      expect((await s.setProtected(r.id, true)).protected).toBe(true);
      expect(await code(s.deleteRecording(r.id, 'alice'))).toBe('protected');
      expect(await code(s.purgeRecording(r.id))).toBe('protected');
      expect((await s.setProtected(r.id, false)).protected).toBe(false);
      await s.deleteRecording(r.id, 'alice');
      const gone = await s.purgeRecording(r.id);
      expect(gone.id).toBe(r.id);
      expect(await s.getRecording(r.id)).toBeNull();
      expect(await code(collect(s.readPcap(r.id)))).toBe('not-found');
      expect(await code(s.purgeRecording(r.id))).toBe('not-found');
      expect(await code(s.setProtected(r.id, 'yes' as never))).toBe('bad-request');
    });

    it('retention purges old active and expired recycle-bin recordings, never protected ones', async () => {
      const old = await put('old.pcap', 'o', { startTime: T0 - 40 * DAY });
      const oldProt = await put('oldp.pcap', 'o', { startTime: T0 - 40 * DAY });
      await s.setProtected(oldProt.id, true);
      const fresh = await put('fresh.pcap', 'f', { startTime: T0 - DAY });
      const binned = await put('bin.pcap', 'b', { startTime: T0 });
      await s.deleteRecording(binned.id, 'alice');
      clock.t = T0 + 10 * DAY;
      const binnedLate = await put('bin2.pcap', 'b', { startTime: T0 });
      await s.deleteRecording(binnedLate.id, 'bob');
      clock.t = T0 + 12 * DAY;
      const purged = await s.purgeExpired({ activeBefore: clock.t - 30 * DAY, deletedBefore: clock.t - 7 * DAY });
      expect(purged.map((r) => r.id).sort()).toEqual([old.id, binned.id].sort());
      const left = (await s.listRecordings({ state: 'all' }, { limit: 100 })).items.map((r) => r.id).sort();
      expect(left).toEqual([oldProt.id, fresh.id, binnedLate.id].sort());
      expect(await s.purgeExpired({})).toEqual([]);
      const some = await s.purgeExpired({ activeBefore: clock.t, limit: 1 });
      expect(some).toHaveLength(1);
    });

    it('updates owner fields and the text search follows them', async () => {
      const r = await put('o.pcap', 'x', { ownerSip: null, ownerNumber: null, ownerName: null, direction: 'unknown' });
      expect((await s.listRecordings({ text: 'Érik' })).items).toEqual([]);
      clock.t += 10;
      const u = await s.updateRecording(r.id, { ownerSip: 'erik', ownerName: 'Érik', direction: 'in', licensed: false });
      expect(u).toMatchObject({ ownerSip: 'erik', ownerName: 'Érik', direction: 'in', licensed: false, updatedAt: T0 + 10, ownerNumber: null });
      expect((await s.listRecordings({ text: 'éRIK' })).items.map((x) => x.id)).toEqual([r.id]);
      expect((await s.listRecordings({ owners: { sips: ['erik'] } })).items.map((x) => x.id)).toEqual([r.id]);
      expect(await code(s.updateRecording(r.id, { size: 5 } as never))).toBe('bad-request');
      expect(await code(s.updateRecording(r.id, { direction: 'x' } as never))).toBe('bad-request');
    });

    it('stores notes (Unicode, bounded)', async () => {
      const r = await put('n.pcap', 'x');
      const note = 'Rückruf 📞 — «wichtig»\nzweite Zeile';
      expect((await s.setNote(r.id, note)).note).toBe(note);
      expect((await s.getRecording(r.id))!.note).toBe(note);
      expect(await code(s.setNote(r.id, 'x'.repeat(10_001)))).toBe('bad-request');
      expect(await code(s.setNote(r.id, 5 as never))).toBe('bad-request');
    });

    it('answers not-found for unknown ids everywhere', async () => {
      const ghost = 'ab'.repeat(16);
      expect(await s.getRecording(ghost)).toBeNull();
      expect(await s.getRecording('../../etc/passwd')).toBeNull();
      for (const p of [
        () => s.updateRecording(ghost, { ownerSip: 'x' }), () => s.setProtected(ghost, true), () => s.setNote(ghost, 'n'),
        () => s.deleteRecording(ghost, 'a'), () => s.restoreRecording(ghost), () => s.purgeRecording(ghost),
        () => collect(s.readPcap(ghost)), () => collect(s.readPcap('../x')),
      ]) expect(await code(p)).toBe('not-found');
    });

    // ---- call information ------------------------------------------------------------------------

    it('matches call information by conference GUID whichever arrives first', async () => {
      const dashed = 'F9E5956E-47D4-6001-0630-009033302AB1';
      expect(await s.getCallInfo(GUID)).toBeNull();
      expect(await s.addCallInfo(dashed, 'cdr-1', { dir: 'from', events: [{ msg: 'setup-from' }] })).toEqual({ recordingIds: [] });
      clock.t += 1;
      const r = await put('ci.pcap', 'x', { confGuid: GUID });
      expect(r.hasCallInfo).toBe(true);
      const other = await put('ci2.pcap', 'x', { confGuid: 'aa'.repeat(16) });
      expect(other.hasCallInfo).toBe(false);
      clock.t += 1;
      expect(await s.addCallInfo('aa'.repeat(16), 'cdr-2', { n: 'ü' })).toEqual({ recordingIds: [other.id] });
      expect((await s.getRecording(other.id))!.hasCallInfo).toBe(true);
      clock.t += 1;
      await s.addCallInfo(GUID, 'cdr-3', { second: true });
      await s.addCallInfo(GUID, 'cdr-1', { dir: 'from', replaced: true });
      const ci = (await s.getCallInfo(dashed))!;
      expect(ci.confGuid).toBe(GUID);
      expect(ci.entries.map((e) => e.cdrId)).toEqual(['cdr-1', 'cdr-3']);
      expect(ci.entries[0].data).toEqual({ dir: 'from', replaced: true });
      expect(ci.entries[1]).toEqual({ cdrId: 'cdr-3', data: { second: true }, receivedAt: T0 + 3 });
      expect(await code(s.addCallInfo('not-a-guid', 'x', {}))).toBe('bad-request');
      expect(await code(s.addCallInfo(GUID, '', {}))).toBe('bad-request');
      expect(await code(s.addCallInfo(GUID, 'big', { s: 'x'.repeat(1024 * 1024) }))).toBe('bad-request');
    });

    // ---- settings and App objects ----------------------------------------------------------------

    it('settings: defaults, partial updates, validation, persistence', async () => {
      expect(await s.getSettings()).toEqual({
        retentionDays: 0, pbxName: '', licenses: [],
        trace: { recording: 'error', callInfo: 'error', converting: 'error', license: 'error', ui: 'error' },
      });
      const next = await s.updateSettings({ retentionDays: 11000, pbxName: ' master ', trace: { license: 'debug' }, licenses: ['alice', 'bob', 'alice'] });
      expect(next).toMatchObject({ retentionDays: 11000, pbxName: 'master', licenses: ['alice', 'bob'] });
      expect(next.trace).toEqual({ recording: 'error', callInfo: 'error', converting: 'error', license: 'debug', ui: 'error' });
      await s.updateSettings({ trace: { ui: 'info' } });
      expect((await s.getSettings()).trace).toMatchObject({ license: 'debug', ui: 'info' });
      for (const bad of [
        { retentionDays: -1 }, { retentionDays: 11001 }, { retentionDays: 1.5 }, { retentionDays: '5' }, { pbxName: 3 },
        { trace: { ui: 'loud' } }, { trace: { sound: 'off' } }, { trace: 'off' }, { licenses: 'alice' }, { licenses: [''] }, { colour: 'red' },
      ]) expect(await code(s.updateSettings(bad as never)), JSON.stringify(bad)).toBe('bad-request');
      expect((await s.getSettings()).retentionDays).toBe(11000);
      await s.updateSettings({ retentionDays: 0 });
      s = await h.reopen();
      expect(await s.getSettings()).toMatchObject({ retentionDays: 0, pbxName: 'master', licenses: ['alice', 'bob'] });
    });

    it('App object configs: defaults, updates, validation, listing', async () => {
      expect(await s.getAppObjectConfig('recordings')).toEqual({ appObject: 'recordings', accessList: [], deleteMode: 'recoverable', updatedAt: null });
      clock.t += 7;
      const c = await s.setAppObjectConfig('recordings', { accessList: ['101', 'bob', '101'], deleteMode: 'permanent' });
      expect(c).toEqual({ appObject: 'recordings', accessList: ['101', 'bob'], deleteMode: 'permanent', updatedAt: T0 + 7 });
      const c2 = await s.setAppObjectConfig('recordings', { accessList: [] });
      expect(c2).toMatchObject({ accessList: [], deleteMode: 'permanent' });
      await s.setAppObjectConfig('recordings-sales', { deleteMode: 'recoverable' });
      expect((await s.listAppObjectConfigs()).map((x) => x.appObject)).toEqual(['recordings', 'recordings-sales']);
      for (const bad of [{ deleteMode: 'sometimes' }, { accessList: [1] }, { accessList: 'x' }, { other: 1 }]) {
        expect(await code(s.setAppObjectConfig('recordings', bad as never)), JSON.stringify(bad)).toBe('bad-request');
      }
      expect(await code(s.getAppObjectConfig(''))).toBe('bad-request');
    });

    // ---- audit -----------------------------------------------------------------------------------

    it('audit log: newest first, filters, paging, explicit and clock times, validation', async () => {
      const entries = [];
      for (let i = 0; i < 12; i++) {
        clock.t = T0 + i * 1000;
        entries.push(await s.appendAudit({
          actor: i % 2 ? 'alice' : 'admin', action: i % 3 ? 'play' : 'delete', recordingId: i % 4 ? 'r1' : null, details: { i, t: 'ü' },
        }));
      }
      expect(entries.map((e) => e.id)).toEqual([...entries.map((e) => e.id)].sort((a, b) => a - b));
      // same timestamp: insertion order still decides
      await s.appendAudit({ actor: 'x', action: 'a', recordingId: null, details: null, at: T0 });
      const p1 = await s.listAudit({ limit: 5 });
      expect(p1.more).toBe(true);
      expect(p1.items[0]).toMatchObject({ actor: 'x', at: T0, details: null });
      expect(p1.items.slice(1).map((e) => e.details)).toEqual([11, 10, 9, 8].map((i) => ({ i, t: 'ü' })));
      const p2 = await s.listAudit({ limit: 5, before: p1.items[4].id });
      expect(p2.items.map((e) => (e.details as { i: number }).i)).toEqual([7, 6, 5, 4, 3]);
      const p3 = await s.listAudit({ limit: 5, before: p2.items[4].id });
      expect(p3.items.map((e) => (e.details as { i: number }).i)).toEqual([2, 1, 0]);
      expect(p3.more).toBe(false);
      expect((await s.listAudit({ actor: 'alice' })).items.every((e) => e.actor === 'alice')).toBe(true);
      expect((await s.listAudit({ actor: 'alice' })).items).toHaveLength(6);
      expect((await s.listAudit({ recordingId: 'r1', action: 'play' })).items.map((e) => (e.details as { i: number }).i)).toEqual([11, 10, 7, 5, 2, 1]);
      // action alone, and with paging (the admin log's action filter)
      const allPlays = (await s.listAudit({ action: 'play' })).items;
      expect(allPlays.map((e) => (e.details as { i: number }).i)).toEqual([11, 10, 8, 7, 5, 4, 2, 1]);
      const firstPlay = await s.listAudit({ action: 'play', limit: 1 });
      expect(firstPlay.items[0]!.id).toBe(allPlays[0]!.id);
      expect(firstPlay.more).toBe(allPlays.length > 1);
      expect((await s.listAudit({ action: 'play', before: firstPlay.items[0]!.id })).items.map((e) => e.id)).toEqual(allPlays.slice(1).map((e) => e.id));
      expect((await s.listAudit({ action: 'no-such-action' })).items).toEqual([]);
      expect((await s.listAudit({ from: T0 + 3000, to: T0 + 5000 })).items.map((e) => (e.details as { i: number }).i)).toEqual([4, 3]);
      expect(await code(s.appendAudit({ actor: '', action: 'x', recordingId: null, details: null }))).toBe('bad-request');
      expect(await code(s.appendAudit({ actor: 'a', action: '', recordingId: null, details: null }))).toBe('bad-request');
      expect(await code(s.listAudit({ limit: 0 }))).toBe('bad-request');
    });

    // ---- notifications and restart ---------------------------------------------------------------

    it('notifies subscribers of every change and stops after unsubscribe', async () => {
      const events: StoreEvent[] = [];
      const off = s.subscribe((e) => events.push(e));
      const r = await put('ev.pcap', 'x');
      await put('ev.pcap', 'y');
      await s.setNote(r.id, 'n');
      await s.deleteRecording(r.id, 'alice');
      await s.restoreRecording(r.id);
      await s.purgeRecording(r.id);
      await s.addCallInfo(GUID, 'c', {});
      await s.updateSettings({ pbxName: 'p' });
      await s.setAppObjectConfig('ao', { deleteMode: 'permanent' });
      const a = await s.appendAudit({ actor: 'alice', action: 'play', recordingId: r.id, details: null });
      await until(() => events.length >= 10);
      expect(events).toEqual([
        { type: 'recording', change: 'added', id: r.id, ownerSip: 'alice', ownerNumber: '100' },
        { type: 'recording', change: 'updated', id: r.id, ownerSip: 'alice', ownerNumber: '100' },
        { type: 'recording', change: 'updated', id: r.id, ownerSip: 'alice', ownerNumber: '100' },
        { type: 'recording', change: 'deleted', id: r.id, ownerSip: 'alice', ownerNumber: '100' },
        { type: 'recording', change: 'restored', id: r.id, ownerSip: 'alice', ownerNumber: '100' },
        { type: 'recording', change: 'purged', id: r.id, ownerSip: 'alice', ownerNumber: '100' },
        { type: 'callInfo', confGuid: GUID, recordingIds: [] },
        { type: 'settings' },
        { type: 'appObject', appObject: 'ao' },
        { type: 'audit', id: a.id, actor: 'alice', recordingId: r.id },
      ]);
      off();
      await s.updateSettings({ pbxName: 'q' });
      await new Promise((res) => setTimeout(res, 100));
      expect(events).toHaveLength(10);
      // failed operations announce nothing
      expect(await code(s.updateSettings({ retentionDays: -5 }))).toBe('bad-request');
    });

    it('keeps everything across a restart; migrations run once', async () => {
      const r = await put('keep.pcap', randomBytes(10_000));
      await s.addCallInfo(GUID, 'c', { k: 1 });
      s = await h.reopen();
      expect(await s.getRecording(r.id)).toEqual(r);
      expect((await s.listRecordings({})).items.map((x) => x.id)).toEqual([r.id]);
      expect((await s.getCallInfo(GUID))!.entries).toHaveLength(1);
      s = await h.reopen();
      expect(await s.countRecordings({})).toBe(1);
    });

    it('refuses work after close', async () => {
      const r = await put('closed.pcap', 'x');
      await s.close();
      expect(await code(s.getRecording(r.id))).toBe('internal');
      expect(await code(s.openUpload('again.pcap'))).toBe('internal');
      expect(await code(collect(s.readPcap(r.id)))).toBe('internal');
      await s.close();
      s = await h.reopen();
      expect((await s.getRecording(r.id))?.id).toBe(r.id);
    });

    if (options.multiProcess) it('a second process on the same data sees changes through notifications', async () => {
      if (!h.openPeer) throw new Error('a multi-process store harness must provide openPeer');
      const peer = await h.openPeer();
      try {
        const seen: StoreEvent[] = [];
        peer.subscribe((e) => seen.push(e));
        const r = await put('shared.pcap', 'bytes');
        await until(() => seen.some((e) => e.type === 'recording' && e.id === r.id));
        expect((await collect(peer.readPcap(r.id))).toString()).toBe('bytes');
        const up = await peer.openUpload('shared.pcap');
        await up.write(Buffer.from('peer bytes'));
        await up.commit(meta());
        expect((await collect(s.readPcap(r.id))).toString()).toBe('peer bytes');
      } finally {
        await peer.close();
      }
    });
  });
}
