// The parts of the msw-mocked Recordings service that every component harness page shares: the
// socket URL, alice's login, the answer frame, a recording row, PCAP bytes handed in from Node,
// and the service worker with the WebSocket link and the token download. Each harness keeps its
// own request handling (what it answers is what its tests check).
import { HttpResponse, http, ws } from 'msw';
import { setupWorker } from 'msw/browser';
import type { RecordingInfo } from '../../src/shared/messages.js';
import type { LoginProvider } from '../../src/app/services/myapps.js';

export const WS_URL = 'ws://mock.test/example.com/recordings';

/** The server side of one mocked socket. */
export type Client = { send(d: string): void; close(code?: number, reason?: string): void; addEventListener(t: string, l: (e: any) => void): void };

/** Answers request `m` with `<mt>Result`, echoing its src. */
export function reply(c: Client, m: Record<string, any>, body: Record<string, unknown>): void {
  c.send(JSON.stringify({ mt: `${m.mt}Result`, src: m.src, ...body }));
}

/** A plausible recording row of alice's; `over` sets what a test cares about. */
export function recording(id: string, over: Partial<RecordingInfo> = {}): RecordingInfo {
  return {
    id, fileName: `${id}.pcap`, confGuid: null, deviceMac: null, serial: null, regName: 'alice', ownerSip: 'alice',
    ownerNumber: '201', ownerName: 'Alice Adams', direction: 'out', remoteNumber: '0897654321', remoteName: null,
    startTime: Date.UTC(2026, 0, 10, 12), durationMs: 4000, codecs: ['PCMA'], size: 1000, complete: true, licensed: true,
    protected: false, state: 'active', deletedAt: null, deletedBy: null, note: '', hasCallInfo: false,
    createdAt: 0, updatedAt: 0, ...over,
  };
}

/** PCAP bytes passed in from the Node side of a test (evaluate() carries strings, so base64). */
export function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const u = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) u[i] = bin.charCodeAt(i);
  return u;
}

/** The myApps login of alice on the "recordings" App object; the mocked service accepts digest 'good'. */
export function aliceLogin(digest = 'good'): LoginProvider {
  return { getLogin: async () => ({ mt: 'Login', app: 'innovaphone-recordings', domain: 'example.com', sip: 'alice',
    guid: 'a11ce000000000000000000000000001', dn: 'Alice Adams', info: { appobj: 'recordings' }, digest, pbxObj: 'recordings' }) };
}

/** What every mocked service holds; a harness adds its own fields. */
export interface MockState {
  recordings: RecordingInfo[];
  pcaps: Map<string, Uint8Array>;
  clients: Set<Client>;
  /** every request received, in order */
  requests: Record<string, any>[];
}

/** The controls every harness exposes as `window.mock`; a harness spreads them and adds its own. */
export function mockControls<S extends MockState>(state: S) {
  return {
    state,
    recording,
    setRecordings(list: RecordingInfo[]) { state.recordings = list; },
    setPcap(id: string, b64: string) { state.pcaps.set(id, fromBase64(b64)); },
    /** a recording arrives while connected: stored and pushed to every client */
    add(r: RecordingInfo, mt: 'RecordingAdded' | 'RecordingUpdated' = 'RecordingAdded') {
      state.recordings.push(r);
      for (const c of state.clients) c.send(JSON.stringify({ mt, src: 'a1', recording: r }));
    },
    requestsOf(mt: string) { return state.requests.filter((r) => r.mt === mt); },
  };
}

export interface MockServiceParts {
  /** every request on a socket, in order */
  handle(c: Client, m: Record<string, any>): void;
  /** the sockets open right now (kept up to date here) */
  clients: Set<Client>;
  /** the bytes GET /download/:id answers with (404 without) */
  pcaps: Map<string, Uint8Array>;
  onDownload?(): void;
}

/** Starts msw with the WebSocket link and the download; resolves once its worker controls the page. */
export function startMockService({ handle, clients, pcaps, onDownload }: MockServiceParts): Promise<boolean> {
  const worker = setupWorker(
    ws.link(WS_URL).addEventListener('connection', ({ client }) => {
      const c = client as unknown as Client;
      clients.add(c);
      c.addEventListener('message', (ev: MessageEvent) => handle(c, JSON.parse(String(ev.data))));
      c.addEventListener('close', () => clients.delete(c));
    }),
    http.get('/download/:id', ({ params }) => {
      onDownload?.();
      const bytes = pcaps.get(String(params.id));
      if (!bytes) return new HttpResponse('no such recording', { status: 404 });
      return HttpResponse.arrayBuffer(bytes.slice().buffer, { headers: { 'Content-Type': 'application/vnd.tcpdump.pcap' } });
    }),
  );
  return worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true }).then(() => true);
}
