// The admin side of the mocked Recordings service for the component harness: recycle bin,
// settings + status (PBX, Reports/CDR link, licence count), audit log (with the action filter),
// the service trace (GetTraceLog, paged by a line index standing in for the byte offset), App-object
// configs and retention — with the service's own
// validation limits, so the app's error paths meet realistic refusals. harness.ts hands every
// request it does not know to `handleAdmin`.
import type { AppObjectConfigInfo, LogEntry, RecordingInfo, ServiceStatus, SettingsInfo, TraceLogLine } from '../../src/shared/messages.js';

type Reply = (body: Record<string, unknown>) => void;

const state = {
  bin: [] as RecordingInfo[],
  settings: {
    retentionDays: 0, pbxName: '', licenses: ['*'],
    trace: { recording: 'error', callInfo: 'error', converting: 'error', license: 'error', ui: 'error' },
  } as SettingsInfo,
  status: {
    pbxNameMissing: true, pbxConnected: false, pbx: null, licenseSource: 'list', unlicensedOwners: [], unlicensedRecordings: 0, pbxLostAt: null,
    cdr: { since: Date.UTC(2026, 0, 10, 8), received: 0, lastAt: null, lastFrom: null, lastPbx: null, lastError: null },
    licenseCount: { granted: null, used: null, unknownReason: 'no-pbx', licensedOwners: 0 },
  } as ServiceStatus,
  /** trace.log, oldest first */
  trace: [] as TraceLogLine[],
  logs: [] as LogEntry[],
  configs: [] as AppObjectConfigInfo[],
  purgedByRetention: 0,
};

export const adminMock = {
  state,
  setBin(items: RecordingInfo[]) { state.bin = items; },
  /** n trace lines, oldest first: every 5th an error, every 5th+1 debug, the rest info; categories rotate */
  makeTrace(n: number) {
    const cats = ['recording', 'callInfo', 'converting', 'license', 'ui'] as const;
    state.trace = Array.from({ length: n }, (_, i) => ({
      at: Date.UTC(2026, 0, 10, 12) + i * 1000, category: cats[i % 5]!, level: i % 5 === 0 ? 'error' as const : i % 5 === 1 ? 'debug' as const : 'info' as const,
      text: `trace line ${i}`,
    }));
  },
  /** n audit entries, ids 1..n, newest = n */
  makeLogs(n: number, actors = ['alice', 'bob']) {
    state.logs = Array.from({ length: n }, (_, i) => ({
      id: i + 1, at: Date.UTC(2026, 0, 10) + i * 60_000, actor: actors[i % actors.length]!, action: i % 3 === 0 ? 'play' : i % 3 === 1 ? 'delete' : 'settings',
      recordingId: i % 3 === 2 ? null : `r${i % 7}`, details: i % 3 === 2 ? { before: { retentionDays: 0 }, after: { retentionDays: 30 } } : { fileName: `r${i % 7}.pcap` },
    }));
  },
};

export function handleAdmin(m: Record<string, any>, reply: Reply, restored: (r: RecordingInfo) => void): boolean {
  switch (m.mt) {
    case 'ListRecycleBin': {
      const from = m.cursor ? Number(m.cursor) : 0;
      const limit = m.limit ?? 50;
      const items = state.bin.slice(from, from + limit);
      const more = from + limit < state.bin.length;
      reply({ items, more, cursor: more ? String(from + limit) : null });
      return true;
    }
    case 'RestoreRecording': {
      const r = state.bin.find((x) => x.id === m.id);
      if (!r) { reply({ error: 'not-found', errorText: `no recording ${m.id} in the recycle bin` }); return true; }
      state.bin = state.bin.filter((x) => x !== r);
      const back = { ...r, state: 'active' as const, deletedAt: null, deletedBy: null };
      restored(back);
      reply({ recording: back });
      return true;
    }
    case 'PurgeRecording': {
      const r = state.bin.find((x) => x.id === m.id);
      if (!r) { reply({ error: 'not-found', errorText: `no recording ${m.id}` }); return true; }
      state.bin = state.bin.filter((x) => x !== r);
      reply({ id: r.id });
      return true;
    }
    case 'GetSettings': reply({ settings: state.settings, status: state.status }); return true;
    case 'SetSettings': {
      if (m.retentionDays !== undefined && (!Number.isInteger(m.retentionDays) || m.retentionDays < 0 || m.retentionDays > 11000)) {
        reply({ error: 'bad-request', errorText: 'SetSettings: "retentionDays" must be a whole number from 0 to 11000' });
        return true;
      }
      const next = { ...state.settings, trace: { ...state.settings.trace, ...(m.trace ?? {}) } };
      if (m.retentionDays !== undefined) next.retentionDays = m.retentionDays;
      if (m.pbxName !== undefined) next.pbxName = m.pbxName;
      if (m.licenses !== undefined) next.licenses = m.licenses;
      state.settings = next;
      state.status = { ...state.status, pbxNameMissing: next.pbxName === '' };
      reply({ settings: next });
      return true;
    }
    case 'RunRetention': reply({ purged: state.purgedByRetention }); return true;
    case 'ListLogs': {
      let items = [...state.logs].sort((a, b) => b.id - a.id);
      if (m.actor) items = items.filter((e) => e.actor === m.actor);
      if (m.recordingId) items = items.filter((e) => e.recordingId === m.recordingId);
      if (m.action) items = items.filter((e) => e.action === m.action);
      if (m.before !== undefined) items = items.filter((e) => e.id < m.before);
      const limit = m.limit ?? 100;
      reply({ items: items.slice(0, limit), more: items.length > limit });
      return true;
    }
    case 'GetTraceLog': {
      if (m.level !== undefined && !['error', 'info', 'debug'].includes(m.level)) {
        reply({ error: 'bad-request', errorText: 'GetTraceLog: "level" must be one of error, info, debug' });
        return true;
      }
      const rank = { error: 1, info: 2, debug: 3 } as const;
      const end = Math.min(m.before ?? state.trace.length, state.trace.length);
      const limit = m.limit ?? 200;
      const lines: TraceLogLine[] = [];
      let i = end - 1;
      for (; i >= 0 && lines.length < limit; i--) {
        const l = state.trace[i]!;
        if (m.level && rank[l.level!] > rank[m.level as 'error']) continue;
        if (m.category && l.category !== m.category) continue;
        lines.push(l);
      }
      reply({ lines, before: i >= 0 ? i + 1 : null, size: state.trace.length * 40 });
      return true;
    }
    case 'ListAppObjectConfigs': reply({ configs: state.configs }); return true;
    case 'SetAppObjectConfig': {
      const c: AppObjectConfigInfo = {
        appObject: m.appObject, accessList: m.accessList ?? [], deleteMode: m.deleteMode ?? 'recoverable', updatedAt: Date.UTC(2026, 0, 11),
      };
      state.configs = [...state.configs.filter((x) => x.appObject !== c.appObject), c];
      reply({ config: c });
      return true;
    }
    default: return false;
  }
}
