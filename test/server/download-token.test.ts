// Download tokens follow the instance password: after SetInstancePassword (the data-dir file is
// rewritten) the running service keys tokens exactly like a process started with the new password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloadTokens } from '../../src/server/domain/download-token.js';
import { writeInstancePassword } from '../../src/server/instance-password.js';
import { GUID1, MAC1, http, login, makePcap, startTestServer, upload, type TestServer } from './helpers.js';

describe('DownloadTokens', () => {
  it('keys with the password current at each use', () => {
    let pw = 'first';
    const now = () => 1_000;
    const tokens = new DownloadTokens(() => pw, now);
    const before = tokens.make('r1', 'alice').token;
    expect(tokens.check(before, 'r1')).toEqual({ actor: 'alice' });
    pw = 'second';
    // a token keyed from the old password is as dead as a login with it
    expect(tokens.check(before, 'r1')).toBeNull();
    const after = tokens.make('r1', 'alice').token;
    expect(new DownloadTokens(() => 'second', now).check(after, 'r1')).toEqual({ actor: 'alice' });
    expect(new DownloadTokens(() => 'first', now).check(after, 'r1')).toBeNull();
    expect(tokens.check(after, 'r2')).toBeNull();
  });
});

describe('download tokens after SetInstancePassword', () => {
  let srv: TestServer;
  beforeAll(async () => { srv = await startTestServer({ RECORDINGS_PASSWORD: '' }); });
  afterAll(async () => { await srv?.stop(); });

  it('the running service issues and accepts tokens keyed from the new password', async () => {
    expect((await upload(srv.url, `${GUID1}-${MAC1}-3--alice.pcap`, makePcap(3))).status).toBe(201);
    const oldPw = srv.config.password;
    const { client } = await login(srv.url, { sip: 'alice', password: oldPw });
    const id = (await client.request({ mt: 'ListRecordings' })).items[0].id as string;
    const old = await client.request({ mt: 'GetDownloadToken', id });
    expect((await http(old.url)).status).toBe(200);

    writeInstancePassword(srv.dir, 'the-new-instance-password');
    const fresh = await client.request({ mt: 'GetDownloadToken', id });
    expect((await http(fresh.url)).status).toBe(200);
    expect((await http(old.url)).status).toBe(401);
    // another process of the same instance, started after the change, accepts it (scale-out)
    expect(new DownloadTokens(() => 'the-new-instance-password', () => srv.clock.t).check(fresh.token, id)).toEqual({ actor: 'alice' });
    expect(new DownloadTokens(() => oldPw, () => srv.clock.t).check(fresh.token, id)).toBeNull();
    client.close();
  });
});
