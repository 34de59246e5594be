import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { http, login, makePcap, startTestServer, upload, type TestServer } from './helpers.js';

// Two service processes behind a load balancer share one PostgreSQL (SPEC §1 scale-out):
// what one of them stores, the other lists, serves and pushes.
let db: TestDatabase;
let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  db = await createTestDatabase();
  a = await startTestServer({ DATABASE_URL: db.url });
  b = await startTestServer({ DATABASE_URL: db.url });
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await db?.drop();
});

describe('two processes on one PostgreSQL', () => {
  it('an upload to A is pushed to a subscriber on B, listed there and downloadable byte-exact', async () => {
    const alice = (await login(b.url, { sip: 'alice' })).client;
    await alice.request({ mt: 'SubscribeRecordings' });
    const bytes = makePcap(12);
    const name = `${'e'.repeat(32)}-009033000001-1--alice.pcap`;
    expect((await upload(a.url, name, bytes)).status).toBe(201);
    const push = await alice.waitPush((m) => m.mt === 'RecordingAdded', 10_000);
    expect(push.recording.fileName).toBe(name);
    const list = await alice.request({ mt: 'ListRecordings' });
    expect(list.items.map((r: any) => r.fileName)).toEqual([name]);
    const t = await alice.request({ mt: 'GetDownloadToken', id: push.recording.id });
    const d = await http(t.url);
    expect(d.status).toBe(200);
    expect(d.body.equals(Buffer.from(bytes))).toBe(true);
    // settings written through A apply on B
    const admin = (await login(a.url, { sip: 'admin', app: 'innovaphone-recordingsadmin', appobj: 'recordingsadmin' })).client;
    await admin.request({ mt: 'SetSettings', trace: { recording: 'debug' } });
    await new Promise((r) => setTimeout(r, 500));
    expect(b.trace.enabled('recording', 'debug')).toBe(true);
    admin.close();
    alice.close();
  });
});
