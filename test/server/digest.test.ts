import { describe, expect, it } from 'vitest';
import { loginDigest, digestEquals, newChallenge } from '../../src/server/ws/digest.js';
import { rawTopLevelValue } from '../../src/server/ws/raw-json.js';

const C = '0123456789abcdef';

describe('AppLogin digest (reference §1.4 test vectors)', () => {
  it('no info', () => {
    expect(loginDigest({ app: 'pbxadminapi', challenge: C }, 'pwd')).toBe('a205299ed2ef2786c311e0be1b14db343f2cadd906a6ae7b564eee34bda5e9a1');
  });
  it('empty info object', () => {
    expect(loginDigest({ app: 'pbxadminapi', infoJson: '{}', challenge: C }, 'pwd')).toBe('57b23fe824b9222a7ac879597cb509bcdc865a1bfeb057d9d12118cef0c3ba34');
  });
  it('info with cn', () => {
    expect(loginDigest({ app: 'pbxadminapi', infoJson: JSON.stringify({ cn: 'Test User' }), challenge: C }, 'pwd'))
      .toBe('96db3c3f657230c2b68194becc6d2a77f05de9f79f01fc81e9ca0fb196b10d9d');
  });
  it('full myApps login', () => {
    const info = { appobj: 'users', apps: [{ name: 'users' }, { name: 'profile' }], appurl: 'https://1.2.3.4/example.com/usersapp/innovaphone-users', unlicensed: true };
    expect(loginDigest({ app: 'innovaphone-users', domain: 'example.com', sip: 'administrator', guid: '0123456789abcdef0123456789abcdef', dn: 'Administrator User', infoJson: JSON.stringify(info), challenge: C }, 'pwd'))
      .toBe('ef1b811ffaa8f9255c39c653d8fb26b4687b2d8c4d9ac91b4821bff6bae3ff44');
  });
  it('compares case-insensitively and rejects other lengths', () => {
    expect(digestEquals('ABCDEF', 'abcdef')).toBe(true);
    expect(digestEquals('abcdef', 'abcde')).toBe(false);
  });
  it('challenges are 16 digits and differ', () => {
    const a = newChallenge();
    expect(a).toMatch(/^\d{16}$/);
    expect(newChallenge()).not.toBe(a);
  });
});

describe('raw info extraction', () => {
  it('keeps the sender key order and number spelling', () => {
    const text = '{"mt":"AppLogin","info":{"2":"b","1":"a","x":1.0,"s":"q\\"}"},"digest":"d"}';
    expect(rawTopLevelValue(text, 'info')).toBe('{"2":"b","1":"a","x":1.0,"s":"q\\"}"}');
    expect(rawTopLevelValue(text, 'digest')).toBe('"d"');
    expect(rawTopLevelValue(text, 'nope')).toBeUndefined();
  });
  it('gives up on broken text', () => {
    expect(rawTopLevelValue('{"info":{"a":[1,2}', 'info')).toBeUndefined();
    expect(rawTopLevelValue('[1]', 'info')).toBeUndefined();
    expect(rawTopLevelValue('{"info" 1}', 'info')).toBeUndefined();
  });
});
