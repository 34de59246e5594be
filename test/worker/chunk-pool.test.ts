// The worker's pool of output buffers handed back by the page.
import { describe, expect, it } from 'vitest';
import { ChunkPool } from '../../src/worker/chunk-pool.js';

const pair = (n: number) => ({ startFrame: 0, left: new Int16Array(n), right: new Int16Array(n) });

describe('ChunkPool', () => {
  it('keeps handed-back pairs of the chunk size and gives them out again', () => {
    const pool = new ChunkPool(100);
    expect(pool.take()).toBeUndefined();
    const a = pair(100);
    pool.offer(a);
    expect(pool.size).toBe(1);
    const got = pool.take()!;
    expect(got.left).toBe(a.left);
    expect(got.right).toBe(a.right);
    expect(pool.take()).toBeUndefined();
  });

  it('ignores nothing, wrong sizes, shared buffers and non-Int16 data', () => {
    const pool = new ChunkPool(100);
    pool.offer(undefined);
    pool.offer(pair(99));
    const shared = new Int16Array(200);
    pool.offer({ startFrame: 0, left: shared.subarray(0, 100), right: shared.subarray(100) });
    pool.offer({ startFrame: 0, left: new Float32Array(100) as unknown as Int16Array, right: new Int16Array(100) });
    expect(pool.size).toBe(0);
  });

  it('holds at most `max` pairs', () => {
    const pool = new ChunkPool(10, 2);
    for (let i = 0; i < 5; i++) pool.offer(pair(10));
    expect(pool.size).toBe(2);
  });
});
