// Component-test page: the Recordings service is mocked with msw (WebSocket link + HTTP download
// through the service worker); the test drives `window.mock` and `window.harness` with evaluate().
import type { RecordingDetail, RecordingInfo } from '../../src/shared/messages.js';
import { setLang, type Lang } from '../../src/app/i18n/i18n.js';
import { AppConnection } from '../../src/app/services/connection.js';
import { RecordingList, compareRecordings, matchesFilter } from '../../src/app/services/recording-list.js';
import { applyScheme } from '../../src/app/services/scheme.js';
import '../../src/app/elements/rec-app.js';
import '../../src/app/elements/rec-recording-list.js';
import { adminMock, handleAdmin } from './admin-mock.js';
import { WS_URL, aliceLogin, mockControls, recording, reply, startMockService, type Client } from './mock-service.js';

const state = {
  recordings: [] as RecordingInfo[],
  pcaps: new Map<string, Uint8Array>(),
  clients: new Set<Client>(),
  logins: 0,
  requests: [] as Record<string, any>[],
  failNext: new Map<string, { error: string; errorText: string }>(),
  digest: 'good',
  downloads: 0,
};

function detail(r: RecordingInfo): RecordingDetail {
  const callInfo = r.hasCallInfo ? [{
    id: 'c1', guid: 'a11ce000000000000000000000000001', h323: 'alice', e164: '201', cn: 'Alice Adams', dir: 'from', utc: 1768046400,
    device: '', pseudo: null, confs: ['f9e5'], events: [
      { msg: 'setup-to', time: 5, e164: r.remoteNumber ?? '', dn: r.remoteName ?? undefined, conf: 'f9e5' },
      { msg: 'conn-to', time: 8 },
      { msg: 'rel-from', time: 20, cause: 16 },
    ],
  }] : null;
  return { ...r, streams: [], warnings: [], callInfo, summary: null };
}

function handle(c: Client, m: Record<string, any>): void {
  state.requests.push(m);
  if (m.mt === 'AppChallenge') { c.send(JSON.stringify({ mt: 'AppChallengeResult', src: m.src, challenge: '1234567890123456' })); return; }
  if (m.mt === 'AppLogin') {
    if (m.digest !== state.digest) { reply(c, m, { error: 'unauthorized', errorText: 'wrong digest' }); return; }
    state.logins++;
    reply(c, m, { ok: true, domain: 'example.com' });
    return;
  }
  const fail = state.failNext.get(m.mt);
  if (fail) { state.failNext.delete(m.mt); reply(c, m, fail); return; }
  const find = () => state.recordings.find((r) => r.id === m.id);
  switch (m.mt) {
    case 'SubscribeRecordings': reply(c, m, { ok: true }); break;
    case 'ListRecordings': {
      const all = state.recordings.filter((r) => matchesFilter(r, m.filter ?? {}))
        .sort(compareRecordings({ sort: m.sort ?? 'startTime', dir: m.dir ?? 'desc' }));
      const from = m.cursor ? Number(m.cursor) : 0;
      const limit = m.limit ?? 50;
      const items = all.slice(from, from + limit);
      const more = from + limit < all.length;
      reply(c, m, { items, more, cursor: more ? String(from + limit) : null });
      break;
    }
    case 'GetRecording': { const r = find(); if (r) reply(c, m, { recording: detail(r) }); else reply(c, m, { error: 'not-found', errorText: 'no recording' }); break; }
    case 'GetDownloadToken': reply(c, m, { token: 't', url: `${location.origin}/download/${m.id}?token=t`, expires: Date.now() + 600_000 }); break;
    case 'ProtectRecording': { const r = find()!; r.protected = m.protected; reply(c, m, { recording: r }); break; }
    case 'SetNote': { const r = find()!; r.note = m.note; reply(c, m, { recording: r }); break; }
    case 'DeleteRecording': {
      const r = find();
      if (!r) { reply(c, m, { error: 'not-found', errorText: 'gone' }); break; }
      if (r.protected) { reply(c, m, { error: 'protected', errorText: 'the recording is protected' }); break; }
      state.recordings = state.recordings.filter((x) => x !== r);
      reply(c, m, { id: r.id, mode: 'recoverable' });
      break;
    }
    default: {
      // a restored recording is back in the list and pushed as updated, as the service does
      if (!handleAdmin(m, (body) => reply(c, m, body), (r) => mock.add(r, 'RecordingUpdated'))) reply(c, m, { error: 'forbidden', errorText: `${m.mt} not mocked` });
    }
  }
}

const mock = {
  ...mockControls(state),
  failNext(mt: string, error: string, errorText: string) { state.failNext.set(mt, { error, errorText }); },
  /** the service goes away: every socket is closed by the server side */
  dropAll() { for (const c of state.clients) c.close(1001, 'going away'); state.clients.clear(); },
};

/** <rec-app> on `connection` and `list`, in the page and connecting. */
export function mountRecApp(connection: AppConnection, list: RecordingList, admin: boolean): HTMLElementTagNameMap['rec-app'] {
  const el = document.createElement('rec-app');
  el.admin = admin;
  el.connection = connection;
  el.list = list;
  document.body.append(el);
  connection.start();
  return el;
}

const harness = {
  /** mounts <rec-app> with a connection whose login provider returns `digest` */
  mount(opts: { admin?: boolean; digest?: string; lang?: Lang; scheme?: 'light' | 'dark' } = {}) {
    setLang(opts.lang ?? 'en');
    applyScheme(opts.scheme ?? 'light');
    const connection = new AppConnection({
      url: WS_URL, appObject: 'recordings', minBackoffMs: 300, maxBackoffMs: 1200,
      login: aliceLogin(opts.digest),
    });
    const list = new RecordingList(connection);
    const el = mountRecApp(connection, list, !!opts.admin);
    (window as any).app = { el, connection, list };
  },
  /** a bare list element with `n` synthetic rows (virtualization check) */
  bigList(n: number) {
    const items: RecordingInfo[] = [];
    for (let i = 0; i < n; i++) items.push(recording(`r${i}`, { remoteNumber: String(100000 + i), startTime: Date.UTC(2026, 0, 1) + i * 60_000 }));
    const el = document.createElement('rec-recording-list');
    el.style.height = '600px';
    el.style.display = 'flex';
    const t0 = performance.now();
    el.items = items;
    document.body.append(el);
    return el.updateComplete.then(() => performance.now() - t0);
  },
  setLang,
  applyScheme,
};

(window as any).mock = mock;
(window as any).harness = harness;
(window as any).adminMock = adminMock;
(window as any).mswReady = startMockService({ handle, clients: state.clients, pcaps: state.pcaps, onDownload: () => { state.downloads++; } });
