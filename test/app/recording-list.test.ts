// The list model and the start parameters in Node: paging with `more`, pushes placed where a reload
// would put them, filter rules, re-subscribe after reconnect; lib1-style parsing of the myApps query.
import { describe, expect, it } from 'vitest';
import type { Push, RecordingInfo } from '../../src/shared/messages.js';
import { AppError } from '../../src/shared/errors.js';
import type { AppConnection } from '../../src/app/services/connection.js';
import { RecordingList, matchesFilter } from '../../src/app/services/recording-list.js';
import { readStart } from '../../src/app/services/myapps.js';
import { explain } from '../../src/app/services/explain.js';
import { setLang, t } from '../../src/app/i18n/i18n.js';
import { warningText } from '../../src/app/i18n/warning-text.js';
import { de, en } from '../../src/app/i18n/texts.js';

function rec(id: string, startTime: number, over: Partial<RecordingInfo> = {}): RecordingInfo {
  return {
    id, fileName: `${id}.pcap`, confGuid: null, deviceMac: null, serial: null, regName: 'alice', ownerSip: 'alice', ownerNumber: '201',
    ownerName: 'Alice', direction: 'out', remoteNumber: '0897', remoteName: null, startTime, durationMs: 1000, codecs: [], size: 1,
    complete: true, licensed: true, protected: false, state: 'active', deletedAt: null, deletedBy: null, note: '', hasCallInfo: false,
    createdAt: 0, updatedAt: 0, ...over,
  };
}

/** A connection double: a server holding `all`, paging 2 at a time. */
function fakeConn(all: RecordingInfo[]) {
  const push = new Set<(p: Push) => void>();
  const ready = new Set<() => void>();
  const sent: any[] = [];
  const conn = {
    request: async (m: any) => {
      sent.push(m);
      if (m.mt === 'SubscribeRecordings') return { ok: true };
      if (m.mt === 'ListRecordings') {
        const sorted = all.filter((r) => matchesFilter(r, m.filter)).sort((a, b) => b.startTime - a.startTime);
        const from = m.cursor ? Number(m.cursor) : 0;
        const items = sorted.slice(from, from + 2);
        const more = from + 2 < sorted.length;
        return { items, more, cursor: more ? String(from + 2) : null };
      }
      throw new AppError('forbidden', 'no');
    },
    onPush: (l: (p: Push) => void) => { push.add(l); return () => push.delete(l); },
    onReady: (l: () => void) => { ready.add(l); return () => ready.delete(l); },
  };
  return { conn: conn as unknown as AppConnection, sent, push: (p: Push) => push.forEach((l) => l(p)), ready: () => ready.forEach((l) => l()) };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('RecordingList', () => {
  it('subscribes and loads on every (re)connect, pages with more/cursor', async () => {
    const f = fakeConn([rec('a', 5), rec('b', 4), rec('c', 3)]);
    const list = new RecordingList(f.conn);
    f.ready();
    await flush(); await flush();
    expect(f.sent.map((m) => m.mt)).toEqual(['SubscribeRecordings', 'ListRecordings']);
    expect(list.items.map((r) => r.id)).toEqual(['a', 'b']);
    expect(list.more).toBe(true);
    await list.loadMore();
    expect(list.items.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(list.more).toBe(false);
    expect(f.sent[2].cursor).toBe('2');
    f.ready();
    await flush(); await flush();
    expect(f.sent.filter((m) => m.mt === 'SubscribeRecordings')).toHaveLength(2);
  });

  it('places pushes in order, drops what no longer matches, leaves rows of unfetched pages alone', async () => {
    const f = fakeConn([rec('a', 50), rec('b', 40), rec('c', 30)]);
    const list = new RecordingList(f.conn);
    await list.reload();
    expect(list.items.map((r) => r.id)).toEqual(['a', 'b']);
    f.push({ mt: 'RecordingAdded', recording: rec('n', 45) });
    expect(list.items.map((r) => r.id)).toEqual(['a', 'n', 'b']);
    f.push({ mt: 'RecordingAdded', recording: rec('old', 10) }); // belongs to a page not loaded yet
    expect(list.items.map((r) => r.id)).toEqual(['a', 'n', 'b']);
    f.push({ mt: 'RecordingUpdated', recording: rec('n', 45, { protected: true }) });
    expect(list.get('n')?.protected).toBe(true);
    f.push({ mt: 'RecordingUpdated', recording: rec('n', 45, { state: 'deleted' }) }); // admin: moved to the recycle bin
    expect(list.items.map((r) => r.id)).toEqual(['a', 'b']);
    f.push({ mt: 'RecordingDeleted', id: 'a', purged: false });
    expect(list.items.map((r) => r.id)).toEqual(['b']);
    await list.setQuery({ filter: { direction: 'in' } });
    expect(list.items).toEqual([]);
    f.push({ mt: 'RecordingAdded', recording: rec('x', 60) }); // outgoing: not shown under "incoming"
    expect(list.items).toEqual([]);
  });

  it('keeps a request error for the view', async () => {
    const f = fakeConn([]);
    (f.conn as any).request = async () => { throw new AppError('forbidden', 'owner not visible'); };
    const list = new RecordingList(f.conn);
    await list.reload();
    expect(explain(list.error)).toEqual({ code: 'forbidden', text: 'You may not do this.' });
    expect(list.loading).toBe(false);
  });
});

describe('matchesFilter', () => {
  const r = rec('a', 1000, { remoteName: 'Bob Brown', remoteNumber: '202', ownerNumber: '201' });
  it('text over names and numbers, case-insensitive; from inclusive, to exclusive; owner by sip or number', () => {
    expect(matchesFilter(r, { text: 'bRoWn' })).toBe(true);
    expect(matchesFilter(r, { text: '202' })).toBe(true);
    expect(matchesFilter(r, { text: 'carol' })).toBe(false);
    expect(matchesFilter(r, { from: 1000, to: 1001 })).toBe(true);
    expect(matchesFilter(r, { to: 1000 })).toBe(false);
    expect(matchesFilter(r, { owner: '201' })).toBe(true);
    expect(matchesFilter(r, { owner: 'alice' })).toBe(true);
    expect(matchesFilter(r, { owner: 'bob' })).toBe(false);
    expect(matchesFilter(r, { direction: 'in' })).toBe(false);
  });
});

describe('readStart (myApps start parameters)', () => {
  it('reads lang/scheme/name/title and derives the service URL from the page directory like lib1', () => {
    const s = readStart('https://ap.example.com/example.com/recordings/innovaphone-recordings.htm?lang=de-AT&scheme=light&name=recordings-team&title=Rec', 'en-US');
    expect(s).toEqual({ lang: 'de', scheme: 'light', name: 'recordings-team', title: 'Rec',
      url: 'wss://ap.example.com/example.com/recordings', app: 'innovaphone-recordings' });
  });
  it('defaults: browser language, dark scheme, the file name as app object; url parameter wins', () => {
    const s = readStart('http://h:8080/d/i/innovaphone-recordingsadmin.htm?url=http://other/d/i/x.htm', 'fr');
    expect(s).toMatchObject({ lang: 'en', scheme: 'dark', name: 'innovaphone-recordingsadmin', url: 'ws://other/d/i', app: 'innovaphone-recordingsadmin' });
  });
});

describe('texts', () => {
  it('de translates every key and keeps every placeholder', () => {
    for (const k of Object.keys(en) as (keyof typeof en)[]) {
      expect(de[k], k).toBeTruthy();
      const ph = (s: string) => (s.match(/\$\d/g) ?? []).sort().join();
      expect(ph(de[k]), k).toBe(ph(en[k]));
    }
    expect(t('countShown', 12)).toBe('12 recordings');
  });

  it('decoder warnings: the worker\'s English sentence, or German by code with the detail', () => {
    const w = { code: 'gap-capped' as const, stream: 0, timeMs: 1200, detail: 3000, message: 'Stream 1: a gap of 3.0 s without audio was shortened.' };
    expect(warningText(w)).toBe(w.message);
    (globalThis as any).document = { documentElement: {} };
    try {
      setLang('de');
      expect(warningText(w)).toBe('Eine Lücke von 3000 ms ohne Audio wurde verkürzt.');
      expect(t('countShown', 3)).toBe('3 Aufzeichnungen');
    } finally {
      setLang('en');
      delete (globalThis as any).document;
    }
  });
});
