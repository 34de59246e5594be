import { createHash, timingSafeEqual, randomInt } from 'node:crypto';

/** Fields of an AppLogin that enter the digest (reference §1.4). Missing strings hash as "". */
export interface DigestInput {
  app?: string;
  domain?: string;
  sip?: string;
  guid?: string;
  dn?: string;
  /** compact JSON text of `info`; `undefined` when the message had no `info` property at all */
  infoJson?: string;
  challenge: string;
}

/** Lower-case hex SHA-256 of `app:domain:sip:guid:dn[:info]:challenge:password`. */
export function loginDigest(input: DigestInput, password: string): string {
  const parts = [input.app ?? '', input.domain ?? '', input.sip ?? '', input.guid ?? '', input.dn ?? ''];
  if (input.infoJson !== undefined) parts.push(input.infoJson);
  parts.push(input.challenge, password);
  return createHash('sha256').update(parts.join(':'), 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests, case-insensitive. */
export function digestEquals(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), 'utf8');
  const y = Buffer.from(b.toLowerCase(), 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A fresh challenge: 16 decimal digits, as innovaphone implementations use. */
export function newChallenge(): string {
  let s = '';
  for (let i = 0; i < 16; i++) s += String(randomInt(10));
  return s;
}

/** Session key when the password is known (reference §1.7). */
export function sessionKey(challenge: string, password: string): string {
  return createHash('sha256').update(`innovaphoneAppSessionKey:${challenge}:${password}`, 'utf8').digest('hex');
}
