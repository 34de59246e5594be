import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolClient } from '../../src/shared/protocol-client.js';
import { AppError } from '../../src/shared/errors.js';
import type { Push } from '../../src/shared/messages.js';
import { login, makePcap, startTestServer, upload, type TestServer } from './helpers.js';

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.stop(); });

describe('ProtocolClient (typed requests over a real socket)', () => {
  it('resolves typed results, rejects errors as AppError, delivers pushes, fails open requests on close', async () => {
    const { client: ws } = await login(srv.url, { sip: 'alice' });
    const pc = new ProtocolClient({ send: (t) => ws.ws.send(t) }, 5000);
    ws.ws.on('message', (d) => pc.receive(d.toString()));
    const pushes: Push[] = [];
    pc.onPush((p) => pushes.push(p));
    const sub = await pc.request({ mt: 'SubscribeRecordings' });
    expect(sub.ok).toBe(true);
    expect((await upload(srv.url, `${'1'.repeat(32)}-009033000001-1--alice.pcap`, makePcap(2))).status).toBe(201);
    const list = await pc.request({ mt: 'ListRecordings', limit: 10 });
    expect(list.items[0].ownerSip).toBe('alice');
    await expect.poll(() => pushes.length).toBe(1);
    expect(pushes[0].mt).toBe('RecordingAdded');
    const err = await pc.request({ mt: 'GetSettings' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('forbidden');
    const never = new ProtocolClient({ send: () => {} }, 0);
    const p = never.request({ mt: 'ListRecordings' });
    never.close('gone');
    await expect(p).rejects.toThrow('gone');
    ws.close();
  });
});
