// Component-test page of the player and the softphone panel: the Recordings service mocked with
// msw (WebSocket link + HTTP download); tests drive `window.mock` and `window.ph` with evaluate().
import type { RecordingDetail, RecordingInfo } from '../../src/shared/messages.js';
import { setLang, type Lang } from '../../src/app/i18n/i18n.js';
import { AppConnection } from '../../src/app/services/connection.js';
import { compareRecordings, matchesFilter } from '../../src/app/services/recording-list.js';
import { applyScheme } from '../../src/app/services/scheme.js';
import type { RecCallPlayer } from '../../src/app/elements/rec-call-player.js';
import '../../src/app/elements/rec-call-player.js';
import '../../src/app/elements/rec-latest.js';
import { WS_URL, aliceLogin, mockControls, reply, startMockService, type Client } from './mock-service.js';

const state = {
  recordings: [] as RecordingInfo[],
  pcaps: new Map<string, Uint8Array>(),
  clients: new Set<Client>(),
  requests: [] as Record<string, any>[],
  /** request type → error result for its next request(s) */
  failing: new Map<string, { error: string; errorText: string }>(),
};

function handle(c: Client, m: Record<string, any>): void {
  state.requests.push(m);
  const find = () => state.recordings.find((r) => r.id === m.id);
  const fail = state.failing.get(m.mt);
  if (fail) { reply(c, m, fail); return; }
  switch (m.mt) {
    case 'AppChallenge': c.send(JSON.stringify({ mt: 'AppChallengeResult', src: m.src, challenge: '1234567890123456' })); break;
    case 'AppLogin': reply(c, m, { ok: true, domain: 'example.com' }); break;
    case 'SubscribeRecordings': reply(c, m, { ok: true }); break;
    case 'ListRecordings': {
      const all = state.recordings.filter((r) => matchesFilter(r, m.filter ?? {})).sort(compareRecordings({ sort: m.sort ?? 'startTime', dir: m.dir ?? 'desc' }));
      reply(c, m, { items: all.slice(0, m.limit ?? 50), more: all.length > (m.limit ?? 50), cursor: null });
      break;
    }
    case 'GetRecording': {
      const r = find();
      if (!r) { reply(c, m, { error: 'not-found', errorText: 'no recording' }); break; }
      const callInfo = r.hasCallInfo ? [{
        id: 'c1', guid: 'a11ce000000000000000000000000001', h323: 'alice', e164: '201', cn: 'Alice Adams', dir: 'from', utc: 1768046400,
        device: '', pseudo: null, confs: [], events: [
          { msg: 'setup-from', time: 5 }, { msg: 'alert-to', time: 6, e164: '202', dn: 'Bob Brown' },
          { msg: 'conn-to', time: 8 }, { msg: 'rel-to', time: 20, cause: 16 }, { msg: 'park-to', time: 21 },
        ],
      }] : null;
      const d: RecordingDetail = { ...r, streams: [], warnings: [], callInfo, summary: null };
      reply(c, m, { recording: d });
      break;
    }
    case 'GetDownloadToken': reply(c, m, { token: 't', url: `${location.origin}/download/${m.id}?token=t`, expires: Date.now() + 600_000 }); break;
    default: reply(c, m, { error: 'forbidden', errorText: `${m.mt} not mocked` });
  }
}

function connection(): AppConnection {
  return new AppConnection({
    url: WS_URL, appObject: 'recordings', minBackoffMs: 300, maxBackoffMs: 1200,
    login: aliceLogin(),
  });
}

const mock = {
  ...mockControls(state),
  /** every `mt` request answers with this error until `heal(mt)` */
  fail(mt: string, error: string, errorText: string) { state.failing.set(mt, { error, errorText }); },
  heal(mt: string) { state.failing.delete(mt); },
};

/** Dominant frequency (Hz) and RMS of one output channel tap, over `reads` analyser frames. */
async function listen(side: 0 | 1, reads = 6, p: RecCallPlayer = (ph.player ?? ph.latestPlayer())!): Promise<{ hz: number; rms: number }> {
  const a = p.player.channelAnalysers![side];
  const ctx = p.player.context!;
  const freq = new Float32Array(a.frequencyBinCount), time = new Float32Array(a.fftSize);
  const sum = new Float64Array(a.frequencyBinCount);
  let rms = 0;
  for (let i = 0; i < reads; i++) {
    await new Promise((r) => setTimeout(r, (a.fftSize / ctx.sampleRate) * 1000 + 20));
    a.getFloatFrequencyData(freq);
    for (let k = 0; k < freq.length; k++) sum[k]! += 10 ** (freq[k]! / 10);
    a.getFloatTimeDomainData(time);
    let s = 0;
    for (const v of time) s += v * v;
    rms = Math.max(rms, Math.sqrt(s / time.length));
  }
  let best = 1;
  for (let k = 2; k < sum.length; k++) if (sum[k]! > sum[best]!) best = k;
  // parabolic interpolation between neighbouring bins for a finer estimate
  const l = Math.log(sum[best - 1]! + 1e-30), c = Math.log(sum[best]! + 1e-30), r = Math.log(sum[best + 1]! + 1e-30);
  const delta = (l - r) / (2 * (l - 2 * c + r) || 1);
  return { hz: ((best + delta) * ctx.sampleRate) / a.fftSize, rms };
}

const ph = {
  player: null as RecCallPlayer | null,
  selects: [] as string[],
  /** a bare call player showing `id`, with `playlist`; rec-select is recorded and (follow) obeyed like rec-app does */
  mountPlayer(o: { id: string; playlist?: string[]; follow?: boolean; lang?: Lang; scheme?: 'light' | 'dark'; width?: number }) {
    setLang(o.lang ?? 'en');
    applyScheme(o.scheme ?? 'light');
    const conn = connection();
    const el = document.createElement('rec-call-player');
    if (o.width) el.style.width = `${o.width}px`;
    el.connection = conn;
    el.playlist = o.playlist ?? [];
    el.addEventListener('rec-select', (e) => {
      ph.selects.push(e.detail.id);
      if (o.follow) el.recordingId = e.detail.id;
    });
    document.body.append(el);
    conn.start();
    conn.onReady(() => { if (!el.recordingId) el.recordingId = o.id; });
    ph.player = el;
  },
  /** the softphone panel in a `width` px column */
  mountLatest(o: { width?: number; lang?: Lang; scheme?: 'light' | 'dark' } = {}) {
    setLang(o.lang ?? 'en');
    applyScheme(o.scheme ?? 'light');
    const conn = connection();
    const el = document.createElement('rec-latest');
    el.style.width = `${o.width ?? 320}px`;
    el.connection = conn;
    document.body.append(el);
    conn.start();
    (window as any).latest = el;
  },
  /** the call player inside the softphone panel, once one is open */
  latestPlayer(): RecCallPlayer | null {
    return (window as any).latest?.shadowRoot?.querySelector('rec-call-player') ?? null;
  },
  listen,
  setLang,
  applyScheme,
};

(window as any).mock = mock;
(window as any).ph = ph;
(window as any).mswReady = startMockService({ handle, clients: state.clients, pcaps: state.pcaps });
