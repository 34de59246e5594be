import { randomUUID } from 'node:crypto';

/** 32 lower-case hex digits: URL- and file-name-safe, random, so the first two spread files over shards. */
export function newId(): string {
  return randomUUID().replace(/-/g, '');
}
