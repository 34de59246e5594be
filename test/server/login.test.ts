import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginDigest } from '../../src/server/ws/digest.js';
import { GUID1, MAC1, login, makePcap, startTestServer, upload, WsClient, PASSWORD, type TestServer } from './helpers.js';

let srv: TestServer;
beforeAll(async () => { srv = await startTestServer(); });
afterAll(async () => { await srv.stop(); });

describe('AppWebsocket login', () => {
  it('accepts a correct digest and answers with the instance domain', async () => {
    const { client, result } = await login(srv.url, { sip: 'alice' });
    expect(result).toMatchObject({ mt: 'AppLoginResult', ok: true, domain: 'example.com', src: 's2' });
    const r = await client.request({ mt: 'ListRecordings' });
    expect(r).toMatchObject({ mt: 'ListRecordingsResult', items: [], more: false });
    client.close();
  });

  it('refuses a wrong digest and keeps refusing requests', async () => {
    const { client, result } = await login(srv.url, { sip: 'alice', password: 'wrong' });
    expect(result.ok).toBeUndefined();
    expect(result).toMatchObject({ mt: 'AppLoginResult', error: 'unauthorized', errorText: 'wrong digest' });
    const r = await client.request({ mt: 'ListRecordings' });
    expect(r).toMatchObject({ mt: 'ListRecordingsResult', error: 'unauthorized' });
    client.close();
  });

  it('a challenge is usable once: replaying the same AppLogin fails', async () => {
    const client = await WsClient.open(srv.url);
    const ch = await client.request({ mt: 'AppChallenge' });
    const info = { appobj: 'recordings' };
    const m = { mt: 'AppLogin', app: 'innovaphone-recordings', domain: 'example.com', sip: 'bob', guid: 'g', dn: 'Bob', info,
      digest: loginDigest({ app: 'innovaphone-recordings', domain: 'example.com', sip: 'bob', guid: 'g', dn: 'Bob', infoJson: JSON.stringify(info), challenge: ch.challenge }, PASSWORD) };
    // a failed attempt consumes the challenge too
    const bad = await client.request({ ...m, digest: 'a'.repeat(64) });
    expect(bad.error).toBe('unauthorized');
    const replay = await client.request(m);
    expect(replay).toMatchObject({ error: 'unauthorized', errorText: expect.stringContaining('challenge') });
    client.close();
    // the same login on another connection: its challenge is different, so the old digest is wrong
    const other = await WsClient.open(srv.url);
    await other.request({ mt: 'AppChallenge' });
    const r2 = await other.request(m);
    expect(r2.error).toBe('unauthorized');
    other.close();
  });

  it('login without AppChallenge is refused', async () => {
    const client = await WsClient.open(srv.url);
    const r = await client.request({ mt: 'AppLogin', app: 'innovaphone-recordings', sip: 'x', digest: 'b'.repeat(64) });
    expect(r.error).toBe('unauthorized');
    client.close();
  });

  it('missing info: the digest without the info segment is valid, but a user then has no App object', async () => {
    const { client, result } = await login(srv.url, { sip: 'carol', withInfo: false });
    expect(result.ok).toBe(true);
    // no App object → GetAppObjectConfig has nothing to address (and users may not anyway)
    const r = await client.request({ mt: 'ListRecordings' });
    expect(r.items).toEqual([]);
    client.close();
  });

  it('missing info: a digest computed WITH info but sent without it fails', async () => {
    const client = await WsClient.open(srv.url);
    const ch = await client.request({ mt: 'AppChallenge' });
    const digest = loginDigest({ app: 'innovaphone-recordings', domain: 'example.com', sip: 'x', guid: '', dn: '', infoJson: '{}', challenge: ch.challenge }, PASSWORD);
    const r = await client.request({ mt: 'AppLogin', app: 'innovaphone-recordings', domain: 'example.com', sip: 'x', guid: '', dn: '', digest });
    expect(r.error).toBe('unauthorized');
    client.close();
  });

  it('uses the info text as sent (key order of the PBX), not a re-serialisation', async () => {
    const client = await WsClient.open(srv.url);
    const ch = await client.request({ mt: 'AppChallenge' });
    const infoText = '{"b":1,"appobj":"recordings","10":"x","1":"y"}';
    const digest = loginDigest({ app: 'innovaphone-recordings', domain: 'example.com', sip: 'dave', guid: '', dn: '', infoJson: infoText, challenge: ch.challenge }, PASSWORD);
    const frame = `{"mt":"AppLogin","src":"x1","app":"innovaphone-recordings","domain":"example.com","sip":"dave","guid":"","dn":"","info":${infoText},"digest":"${digest}"}`;
    const r = await client.raw(frame);
    expect(r.ok).toBe(true);
    client.close();
  });

  it('unknown apps are not served; garbage frames get an error, not silence', async () => {
    const { client, result } = await login(srv.url, { sip: 'eve', app: 'someone-else' });
    expect(result.error).toBe('unauthorized');
    client.ws.send('not json');
    const g = await client.waitPush((m) => m.mt === 'Error');
    expect(g).toMatchObject({ mt: 'Error', error: 'bad-request', errorText: 'frame is not JSON' });
    client.ws.send(JSON.stringify({ mt: 'x'.repeat(100) + '<script>' }));
    await client.waitPush((m) => m.mt === 'Error' && /must be a name/.test(m.errorText));
    client.ws.send(JSON.stringify([1, 2]));
    await client.waitPush((m) => m.mt === 'Error' && /JSON object/.test(m.errorText));
    client.close();
  });

  it('KeepAlive is accepted silently; unknown messages get <Name>Result{error}', async () => {
    const { client } = await login(srv.url, { sip: 'alice' });
    client.ws.send(JSON.stringify({ mt: 'KeepAlive' }));
    const r = await client.request({ mt: 'FlyToTheMoon' });
    expect(r).toMatchObject({ mt: 'FlyToTheMoonResult', error: 'bad-request' });
    const v = await client.request({ mt: 'ListRecordings', limit: 'many' });
    expect(v).toMatchObject({ mt: 'ListRecordingsResult', error: 'bad-request', errorText: expect.stringContaining('limit') });
    expect(client.pushes).toEqual([]);
    client.close();
  });
  it('softphone panel App object (URL ending in innovaphone-recordings-latest) logs in as a user and sees what the user app sees', async () => {
    expect((await upload(srv.url, `${GUID1}-${MAC1}-7--alice.pcap`, makePcap(3))).status).toBe(201);
    const panelUrl = 'http://ap/example.com/recordings/innovaphone-recordings-latest';
    const panelInfo = { appobj: 'recordings-latest', appurl: panelUrl, cn: 'Alice', apps: [{ name: 'recordings-latest' }] };
    const { client, result } = await login(srv.url, { sip: 'alice', app: 'innovaphone-recordings-latest', appobj: 'recordings-latest', info: panelInfo });
    expect(result).toMatchObject({ mt: 'AppLoginResult', ok: true, domain: 'example.com' });
    const list = await client.request({ mt: 'ListRecordings', filter: { owner: 'alice' } });
    expect(list.items.map((r: { regName: string }) => r.regName)).toEqual(['alice']);
    // a user, not an admin
    expect(await client.request({ mt: 'GetSettings' })).toMatchObject({ error: 'forbidden' });
    client.close();
    // the panel's App object grants the panel only, and the user app's App object grants the user app only
    const cross = await login(srv.url, { sip: 'alice', app: 'innovaphone-recordings', appobj: 'recordings-latest', info: panelInfo });
    expect(cross.result).toMatchObject({ error: 'unauthorized', errorText: expect.stringContaining('opens innovaphone-recordings-latest') });
    cross.client.close();
    const userInfo = { appobj: 'recordings', appurl: 'http://ap/example.com/recordings/innovaphone-recordings', cn: 'Alice' };
    const other = await login(srv.url, { sip: 'alice', app: 'innovaphone-recordings-latest', info: userInfo });
    expect(other.result).toMatchObject({ error: 'unauthorized', errorText: expect.stringContaining('opens innovaphone-recordings,') });
    other.client.close();
  });
});
