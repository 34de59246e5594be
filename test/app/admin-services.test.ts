// The admin and multi-select services in Node with a connection double: selection rules (Ctrl,
// Shift, ranges, retain), bulk delete with per-item reasons, "select all in filter" paging,
// name-list/settings/access/audit-filter validation, audit paging by `before`, recycle bin pushes.
import { describe, expect, it } from 'vitest';
import type { LogEntry, Push, RecordingInfo, SettingsInfo, TraceLogLine } from '../../src/shared/messages.js';
import { AppError } from '../../src/shared/errors.js';
import type { AppConnection } from '../../src/app/services/connection.js';
import { RecordingSelection } from '../../src/app/services/recording-selection.js';
import { deleteMany } from '../../src/app/services/recording-bulk.js';
import { RecordingList, matchesFilter } from '../../src/app/services/recording-list.js';
import { parseNameList } from '../../src/app/services/admin-name-list.js';
import { settingsPatch, formFromSettings } from '../../src/app/services/admin-settings.js';
import { parseAccessEdit, AccessConfigs } from '../../src/app/services/admin-access.js';
import { AuditLog, describeDetails, parseAuditFilter } from '../../src/app/services/admin-audit.js';
import { RecycleBin } from '../../src/app/services/admin-recycle-bin.js';
import { TraceLog } from '../../src/app/services/admin-trace.js';
import { setLang } from '../../src/app/i18n/i18n.js';
import { de, en } from '../../src/app/i18n/texts.js';
import { deAdmin, enAdmin } from '../../src/app/i18n/texts-admin.js';

// i18n touches document.documentElement.lang; Node has none.
(globalThis as any).document ??= { documentElement: {} };

function rec(id: string, startTime = 0, over: Partial<RecordingInfo> = {}): RecordingInfo {
  return {
    id, fileName: `${id}.pcap`, confGuid: null, deviceMac: null, serial: null, regName: 'alice', ownerSip: 'alice', ownerNumber: '201',
    ownerName: 'Alice', direction: 'out', remoteNumber: '0897', remoteName: null, startTime, durationMs: 1000, codecs: [], size: 1,
    complete: true, licensed: true, protected: false, state: 'active', deletedAt: null, deletedBy: null, note: '', hasCallInfo: false,
    createdAt: 0, updatedAt: 0, ...over,
  };
}

type Handler = (m: any) => unknown;
function fakeConn(handler: Handler) {
  const push = new Set<(p: Push) => void>();
  const ready = new Set<() => void>();
  const sent: any[] = [];
  const conn = {
    request: async (m: any) => { sent.push(m); return handler(m); },
    onPush: (l: (p: Push) => void) => { push.add(l); return () => push.delete(l); },
    onReady: (l: () => void) => { ready.add(l); return () => ready.delete(l); },
  };
  return { conn: conn as unknown as AppConnection, sent, push: (p: Push) => push.forEach((l) => l(p)), ready: () => ready.forEach((l) => l()) };
}
const flush = () => new Promise((r) => setTimeout(r, 0));
const items = ['a', 'b', 'c', 'd', 'e'].map((id, i) => rec(id, 10 - i));

describe('RecordingSelection', () => {
  it('click replaces, Ctrl toggles, Shift selects from the anchor, Ctrl+Shift adds a range', () => {
    const s = new RecordingSelection();
    let changes = 0;
    s.onChange(() => changes++);
    s.pick(items, 1);
    expect(s.ordered(items)).toEqual(['b']);
    s.pick(items, 3, { ctrl: true });
    expect(s.ordered(items)).toEqual(['b', 'd']);
    s.pick(items, 1, { ctrl: true });
    expect(s.ordered(items)).toEqual(['d']);
    expect(s.anchor).toBe('b');
    s.pick(items, 4, { shift: true }); // b..e replaces
    expect(s.ordered(items)).toEqual(['b', 'c', 'd', 'e']);
    s.pick(items, 0); // plain click
    expect(s.ordered(items)).toEqual(['a']);
    s.pick(items, 2, { ctrl: true });
    s.pick(items, 4, { ctrl: true, shift: true }); // anchor c: adds c..e, keeps a
    expect(s.ordered(items)).toEqual(['a', 'c', 'd', 'e']);
    s.pick(items, 0, { shift: true }); // range upwards from anchor c
    expect(s.ordered(items)).toEqual(['a', 'b', 'c']);
    expect(changes).toBe(8); // one notification per pick
  });

  it('keeps picks by id when rows move, drops ids that left the list, select all and clear', () => {
    const s = new RecordingSelection();
    s.selectAll(items);
    expect(s.size).toBe(5);
    const moved = [items[4]!, items[0]!, items[2]!];
    s.retain(moved);
    expect(s.ordered(moved)).toEqual(['e', 'a', 'c']);
    s.remove(['a']);
    expect(s.size).toBe(2);
    s.toggle('c');
    expect(s.ordered(moved)).toEqual(['e']);
    s.clear();
    expect(s.size).toBe(0);
    expect(s.anchor).toBeNull();
    s.pick(items, 99); // out of range: nothing
    expect(s.size).toBe(0);
  });
});

describe('deleteMany', () => {
  it('deletes one by one, keeps each refusal with its explained reason, reports progress, stops on abort', async () => {
    setLang('en');
    const f = fakeConn((m) => {
      if (m.id === 'p') throw new AppError('protected', 'the recording is protected; remove the protection first');
      if (m.id === 'x') throw new AppError('not-found', 'no recording x');
      return { id: m.id, mode: 'recoverable' };
    });
    const progress: number[] = [];
    const r = await deleteMany(f.conn, ['a', 'p', 'b', 'x'], (d) => progress.push(d));
    expect(r.deleted.map((d) => d.id)).toEqual(['a', 'b']);
    expect(r.failed).toEqual([
      { id: 'p', code: 'protected', text: 'The recording is protected; remove the protection first.' },
      { id: 'x', code: 'not-found', text: 'The recording no longer exists or is not yours to see.' },
    ]);
    expect(progress).toEqual([0, 1, 2, 3, 4]);
    expect(f.sent.map((m) => m.mt)).toEqual(Array(4).fill('DeleteRecording'));
    const ac = new AbortController();
    const r2 = await deleteMany(f.conn, ['a', 'b', 'c'], (d) => { if (d === 1) ac.abort(); }, ac.signal);
    expect(r2.deleted.map((d) => d.id)).toEqual(['a']);
    expect(r2.cancelled).toBe(true);
  });
});

describe('RecordingList.loadAll ("select all in filter")', () => {
  it('fetches every remaining page of the filter, and stops on an error', async () => {
    const all = Array.from({ length: 450 }, (_, i) => rec(`r${i}`, 1000 - i, { remoteName: i % 2 ? 'odd' : 'even' }));
    let failAt = -1;
    const f = fakeConn((m) => {
      if (m.mt === 'SubscribeRecordings') return { ok: true };
      const sorted = all.filter((r) => matchesFilter(r, m.filter ?? {}));
      const from = m.cursor ? Number(m.cursor) : 0;
      if (from === failAt) throw new AppError('internal', 'database gone');
      const page = sorted.slice(from, from + m.limit);
      const more = from + m.limit < sorted.length;
      return { items: page, more, cursor: more ? String(from + m.limit) : null };
    });
    const list = new RecordingList(f.conn);
    await list.setQuery({ filter: { text: 'odd' } });
    expect(list.items).toHaveLength(200);
    const seen: number[] = [];
    await list.loadAll((n) => seen.push(n));
    expect(list.items).toHaveLength(225);
    expect(list.more).toBe(false);
    expect(seen).toEqual([225]);
    expect(list.items.every((r) => r.remoteName === 'odd')).toBe(true);
    failAt = 200;
    await list.setQuery({ filter: {} });
    await list.loadAll();
    expect(list.items).toHaveLength(200);
    expect((list.error as AppError).code).toBe('internal');
    failAt = -1;
    await list.setQuery({ filter: {} });
    const ac = new AbortController();
    await list.loadAll(() => ac.abort(), ac.signal); // cancelled after the first extra page
    expect(list.items).toHaveLength(400);
    expect(list.more).toBe(true);
  });
});

describe('admin form checks', () => {
  it('name lists: separators, duplicates, bad entries named', () => {
    expect(parseNameList('alice, bob\n202;;  alice \n', 10)).toEqual({ ok: true, names: ['alice', 'bob', '202'] });
    expect(parseNameList('', 10)).toEqual({ ok: true, names: [] });
    expect(parseNameList('alice\nbob smith', 10)).toEqual({ ok: false, bad: 'bob smith' });
    expect(parseNameList('x'.repeat(129), 10)).toMatchObject({ ok: false });
    expect(parseNameList('a,b,c', 2)).toEqual({ ok: false, bad: 'c' });
  });

  it('settings: only changed fields are sent; every bad field is reported and nothing is sent', () => {
    const before: SettingsInfo = { retentionDays: 0, pbxName: '', licenses: ['*'], trace: { recording: 'error', callInfo: 'error', converting: 'error', license: 'error', ui: 'error' } };
    const form = formFromSettings(before);
    expect(settingsPatch(form, before)).toEqual({ ok: true, patch: {} });
    expect(settingsPatch({ ...form, retentionDays: ' 90 ', pbxName: ' master ', trace: { ...form.trace, ui: 'debug' } }, before))
      .toEqual({ ok: true, patch: { retentionDays: 90, pbxName: 'master', trace: { ui: 'debug' } } });
    expect(settingsPatch({ ...form, licenses: 'alice\nbob' }, before)).toEqual({ ok: true, patch: { licenses: ['alice', 'bob'] } });
    for (const bad of ['11001', '-1', '1.5', 'ten', '']) {
      expect(settingsPatch({ ...form, retentionDays: bad }, before)).toEqual({ ok: false, errors: { retentionDays: { key: 'adm.err.retention' } } });
    }
    expect(settingsPatch({ ...form, retentionDays: '11000' }, before)).toEqual({ ok: true, patch: { retentionDays: 11000 } });
    const r = settingsPatch({ ...form, retentionDays: 'x', pbxName: 'p'.repeat(129), licenses: 'a b' }, before);
    expect(r).toEqual({ ok: false, errors: { retentionDays: { key: 'adm.err.retention' }, pbxName: { key: 'adm.err.pbxName' }, licenses: { key: 'adm.err.licenses', arg: 'a b' } } });
  });

  it('access edits: App object name and list checked', () => {
    expect(parseAccessEdit({ appObject: ' recordings-team ', accessList: 'alice\n201', deleteMode: 'permanent' }))
      .toEqual({ ok: true, appObject: 'recordings-team', accessList: ['alice', '201'], deleteMode: 'permanent' });
    expect(parseAccessEdit({ appObject: '', accessList: '', deleteMode: 'recoverable' })).toMatchObject({ ok: false, field: 'appObject' });
    expect(parseAccessEdit({ appObject: 'has space', accessList: '', deleteMode: 'recoverable' })).toMatchObject({ ok: false, field: 'appObject' });
    expect(parseAccessEdit({ appObject: 'rec', accessList: 'ok\nnot ok', deleteMode: 'recoverable' })).toEqual({ ok: false, field: 'accessList', key: 'adm.err.accessList', arg: 'not ok' });
  });

  it('audit filter: trimmed, empty fields left out, bad ones named', () => {
    expect(parseAuditFilter({ actor: ' bob ', recordingId: '' })).toEqual({ ok: true, filter: { actor: 'bob' } });
    expect(parseAuditFilter({ actor: '', recordingId: 'r1' })).toEqual({ ok: true, filter: { recordingId: 'r1' } });
    expect(parseAuditFilter({ actor: 'bob brown', recordingId: '' })).toEqual({ ok: false, field: 'actor', message: 'adm.audit.badActor' });
    expect(parseAuditFilter({ actor: '', recordingId: 'r'.repeat(129) })).toEqual({ ok: false, field: 'recordingId', message: 'adm.audit.badRecording' });
    expect(parseAuditFilter({ actor: 'bob', recordingId: '', action: ' pbx-link ' })).toEqual({ ok: true, filter: { actor: 'bob', action: 'pbx-link' } });
    expect(parseAuditFilter({ actor: '', recordingId: '', action: '' })).toEqual({ ok: true, filter: {} });
    expect(parseAuditFilter({ actor: '', recordingId: '', action: 'DROP TABLE' })).toEqual({ ok: false, field: 'action', message: 'adm.audit.badAction' });
    expect(describeDetails({ mode: 'recoverable', fileName: 'a.pcap' })).toBe('mode: recoverable, fileName: a.pcap');
    expect(describeDetails({ before: { retentionDays: 0, pbxName: '' }, after: { retentionDays: 30, pbxName: '' } })).toBe('retentionDays: 0 → 30');
    expect(describeDetails(null)).toBe('');
  });

  it('admin texts: German has every key, and every English text is non-empty', () => {
    expect(Object.keys(deAdmin).sort()).toEqual(Object.keys(enAdmin).sort());
    for (const k of Object.keys(enAdmin) as (keyof typeof enAdmin)[]) {
      expect(en[k].length).toBeGreaterThan(0);
      expect(de[k].length).toBeGreaterThan(0);
    }
  });
});

describe('admin models', () => {
  it('audit pages by the last id with the filter kept; an error empties the table and is kept', async () => {
    const logs: LogEntry[] = Array.from({ length: 250 }, (_, i) => ({ id: i + 1, at: i, actor: i % 2 ? 'bob' : 'alice', action: 'play', recordingId: null, details: null }));
    let fail = false;
    const f = fakeConn((m) => {
      if (fail) throw new AppError('forbidden', 'users see only their own activity');
      const all = logs.filter((e) => (!m.actor || e.actor === m.actor) && (m.before === undefined || e.id < m.before)).sort((a, b) => b.id - a.id);
      return { items: all.slice(0, m.limit), more: all.length > m.limit };
    });
    const log = new AuditLog(f.conn);
    await log.load({ actor: 'bob' });
    expect(log.items).toHaveLength(100);
    expect(log.items[0]!.id).toBe(250);
    await log.loadMore();
    expect(f.sent[1]).toMatchObject({ mt: 'ListLogs', actor: 'bob', before: log.items[99]!.id });
    expect(log.items).toHaveLength(125);
    expect(log.more).toBe(false);
    expect(new Set(log.items.map((e) => e.id)).size).toBe(125);
    fail = true;
    await log.load({});
    expect(log.items).toEqual([]);
    expect((log.error as AppError).code).toBe('forbidden');
  });

  it('trace log: newest page, older pages by the service\'s offset with the filter kept; a new filter starts over; an error is kept', async () => {
    const lines: TraceLogLine[] = Array.from({ length: 450 }, (_, i) => ({ at: i, category: 'ui', level: i % 2 ? 'info' : 'error', text: `l${i}` }));
    let fail = false;
    const f = fakeConn((m) => {
      if (fail) throw new AppError('internal', 'disk read failed');
      const pool = lines.map((l, i) => ({ l, i })).filter((x) => x.i < (m.before ?? lines.length) && (!m.level || m.level === 'info' || x.l.level === 'error'));
      const page = pool.slice(-m.limit).reverse();
      const first = page.at(-1)?.i ?? 0;
      return { lines: page.map((x) => x.l), before: pool.length > m.limit ? first : null, size: 9999 };
    });
    const log = new TraceLog(f.conn);
    await log.load();
    expect(log.lines).toHaveLength(200);
    expect(log.lines[0]!.text).toBe('l449');
    expect(log.before).toBe(250);
    await log.loadOlder();
    expect(f.sent[1]).toMatchObject({ mt: 'GetTraceLog', before: 250, limit: 200 });
    await log.loadOlder();
    expect(log.lines).toHaveLength(450);
    expect(log.lines.at(-1)!.text).toBe('l0');
    expect(log.before).toBeNull();
    await log.loadOlder(); // nothing older: no request
    expect(f.sent).toHaveLength(3);
    await log.load({ level: 'error' });
    expect(log.lines.every((l) => l.level === 'error')).toBe(true);
    expect(log.lines).toHaveLength(200);
    await log.loadOlder();
    expect(f.sent.at(-1)).toMatchObject({ level: 'error', before: 50 });
    expect(log.lines).toHaveLength(225);
    fail = true;
    await log.load({});
    expect(log.lines).toEqual([]);
    expect((log.error as AppError).code).toBe('internal');
  });

  it('recycle bin: loads on ready, follows pushes (recycled, restored, purged), restore/purge drop the row', async () => {
    const bin = [rec('x', 1, { state: 'deleted', deletedAt: 50, deletedBy: 'alice' }), rec('y', 2, { state: 'deleted', deletedAt: 60, deletedBy: 'bob' })];
    const f = fakeConn((m) => {
      if (m.mt === 'ListRecycleBin') return { items: bin, more: false, cursor: null };
      if (m.mt === 'RestoreRecording') return { recording: { ...bin.find((r) => r.id === m.id)!, state: 'active' } };
      if (m.mt === 'PurgeRecording') { if (m.id === 'gone') throw new AppError('not-found', 'no recording gone'); return { id: m.id }; }
      throw new Error(m.mt);
    });
    const b = new RecycleBin(f.conn);
    f.ready();
    await flush();
    expect(b.items.map((r) => r.id)).toEqual(['y', 'x']); // newest deletion first
    f.push({ mt: 'RecordingUpdated', recording: rec('z', 3, { state: 'deleted', deletedAt: 70 }) });
    expect(b.items.map((r) => r.id)).toEqual(['z', 'y', 'x']);
    f.push({ mt: 'RecordingUpdated', recording: rec('z', 3) }); // restored by another admin
    expect(b.items.map((r) => r.id)).toEqual(['y', 'x']);
    f.push({ mt: 'RecordingDeleted', id: 'y', purged: true });
    expect(b.items.map((r) => r.id)).toEqual(['x']);
    const back = await b.restore('x');
    expect(back.state).toBe('active');
    expect(b.items).toEqual([]);
    await expect(b.purge('gone')).rejects.toMatchObject({ code: 'not-found' });
    b.dispose();
    f.push({ mt: 'RecordingUpdated', recording: rec('w', 3, { state: 'deleted', deletedAt: 80 }) });
    expect(b.items).toEqual([]);
  });

  it('recycle bin pages with the cursor and keeps no duplicates', async () => {
    const bin = Array.from({ length: 130 }, (_, i) => rec(`b${i}`, i, { state: 'deleted', deletedAt: 10_000 - i }));
    const f = fakeConn((m) => {
      const from = m.cursor ? Number(m.cursor) : 0;
      const more = from + m.limit < bin.length;
      // the first row of page 2 repeats the last of page 1 (a row recycled meanwhile shifts pages)
      const start = from === 0 ? 0 : from - 1;
      return { items: bin.slice(start, from + m.limit), more, cursor: more ? String(from + m.limit) : null };
    });
    const b = new RecycleBin(f.conn);
    await b.load();
    expect(b.items).toHaveLength(100);
    expect(b.more).toBe(true);
    await b.loadMore();
    expect(b.items).toHaveLength(130);
    expect(new Set(b.items.map((r) => r.id)).size).toBe(130);
    expect(f.sent.map((m) => m.cursor ?? null)).toEqual([null, '100']);
    expect(b.more).toBe(false);
  });

  it('access configs: sorted by name, a save replaces its row', async () => {
    const f = fakeConn((m) => {
      if (m.mt === 'ListAppObjectConfigs') return { configs: [{ appObject: 'z', accessList: [], deleteMode: 'recoverable', updatedAt: null }, { appObject: 'a', accessList: ['bob'], deleteMode: 'permanent', updatedAt: 1 }] };
      return { config: { appObject: m.appObject, accessList: m.accessList, deleteMode: m.deleteMode, updatedAt: 2 } };
    });
    const a = new AccessConfigs(f.conn);
    await a.load();
    expect(a.configs.map((c) => c.appObject)).toEqual(['a', 'z']);
    await a.save('z', ['alice'], 'recoverable');
    expect(a.configs.map((c) => [c.appObject, c.accessList])).toEqual([['a', ['bob']], ['z', ['alice']]]);
    expect(f.sent[1]).toEqual({ mt: 'SetAppObjectConfig', appObject: 'z', accessList: ['alice'], deleteMode: 'recoverable' });
  });
});
