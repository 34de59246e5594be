import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestServer, type TestServer } from './helpers.js';
import { PERMISSIONS } from '../../src/server/domain/handlers.js';

// Seeded, so a failure is reproducible.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const VALUES: unknown[] = [null, true, false, 0, -1, 1.5, 1e308, '', 'x', 'a'.repeat(300), [], {}, [1, 'b'], { a: { b: [] } }, 'nope', Number.MAX_SAFE_INTEGER];
const FIELDS = ['id', 'filter', 'limit', 'cursor', 'sort', 'dir', 'protected', 'mode', 'note', 'purpose', 'appObject', 'accessList', 'deleteMode', 'retentionDays', 'pbxName', 'trace', 'licenses', 'before', 'actor', 'recordingId', 'api', 'src'];

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.stop(); });

describe('inbound frame validation', () => {
  it('2000 random requests of every type each get exactly one <Name>Result, and the server keeps serving', async () => {
    const { client } = await login(srv.url, { sip: 'admin', app: 'innovaphone-recordingsadmin', appobj: 'recordingsadmin' });
    const r = rng(42);
    const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)];
    const names = Object.keys(PERMISSIONS);
    let errors = 0;
    for (let i = 0; i < 2000; i++) {
      const msg: Record<string, unknown> = { mt: pick(names) };
      const n = Math.floor(r() * 4);
      for (let k = 0; k < n; k++) {
        const f = pick(FIELDS);
        if (f === 'src') continue; // the client sets src
        msg[f] = f === 'api' ? pick(['', 'PbxAdminApi']) : pick(VALUES);
      }
      if (msg.mt === 'RunRetention' || msg.mt === 'SetSettings' || msg.mt === 'SetAppObjectConfig') {
        // keep the fuzz from changing state the assertions below rely on
        msg.mt = 'GetSettings';
      }
      const res = await client.request(msg);
      expect(res.mt).toBe(`${String(msg.mt)}Result`);
      if (res.error) {
        errors++;
        expect(typeof res.errorText).toBe('string');
        expect(['bad-request', 'not-found', 'forbidden', 'conflict', 'protected']).toContain(res.error);
      }
    }
    expect(errors).toBeGreaterThan(100);
    expect((await client.request({ mt: 'ListRecordings' })).items).toEqual([]);
    client.close();
  });
});
