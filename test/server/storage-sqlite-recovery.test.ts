/**
 * Crash safety of the SQLite store: states a crash can leave behind (reproduced by hand), and a real
 * SIGKILL of a process in the middle of 20 concurrent uploads.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/server/storage/sqlite-store.js';
import type { RecordingStore } from '../../src/server/storage/types.js';
import { meta } from './storage-contract.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
const tempDir = (base = tmpdir()) => { mkdirSync(base, { recursive: true }); const d = mkdtempSync(join(base, 'rec-crash-')); dirs.push(d); return d; };

async function bytesOf(s: RecordingStore, id: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s.readPcap(id)) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('SQLite store crash recovery', () => {
  it('drops uploads that were still streaming when the process stopped', async () => {
    const dataDir = tempDir();
    const s = await openSqliteStore({ dataDir });
    const up = await s.openUpload('streaming.pcap');
    await up.write(randomBytes(1000));
    await s.close(); // like a crash: the sink never committed or aborted
    expect(readdirSync(join(dataDir, 'tmp'))).toHaveLength(1);
    const s2 = await openSqliteStore({ dataDir });
    expect(readdirSync(join(dataDir, 'tmp'))).toEqual([]);
    expect(await s2.getRecordingByName('streaming.pcap')).toBeNull();
    const db = new Database(join(dataDir, 'recordings.db'));
    expect(db.prepare('SELECT COUNT(*) AS n FROM uploads').get()).toEqual({ n: 0 });
    db.close();
    await s2.close();
  });

  it('finishes a commit whose file was renamed into place but not yet indexed', async () => {
    const dataDir = tempDir();
    const s = await openSqliteStore({ dataDir });
    await s.close();
    const id = 'ab'.repeat(16);
    const bytes = randomBytes(3000);
    mkdirSync(join(dataDir, 'pcap', 'ab'), { recursive: true });
    writeFileSync(join(dataDir, 'pcap', 'ab', `${id}.pcap`), bytes);
    const db = new Database(join(dataDir, 'recordings.db'));
    db.prepare(`INSERT INTO uploads (id, file_name, state, started_at, last_write_at, size, target_id, meta)
      VALUES ('cd'||hex(randomblob(15)), 'rolled.pcap', 'committing', 1, 1, 3000, ?, ?)`).run(id, JSON.stringify(meta({ durationMs: 77 })));
    db.close();
    const s2 = await openSqliteStore({ dataDir });
    const r = await s2.getRecordingByName('rolled.pcap');
    expect(r).toMatchObject({ id, durationMs: 77, size: 3000, state: 'active' });
    expect((await bytesOf(s2, id)).equals(bytes)).toBe(true);
    await s2.close();
  });

  it('abandons a commit that stopped before its rename, leaving the old recording intact', async () => {
    const dataDir = tempDir();
    const s = await openSqliteStore({ dataDir });
    const up = await s.openUpload('keep.pcap');
    await up.write(Buffer.from('old'));
    const { recording } = await up.commit(meta({ durationMs: 1 }));
    const up2 = await s.openUpload('keep.pcap');
    await up2.write(Buffer.from('new'));
    await s.close();
    const db = new Database(join(dataDir, 'recordings.db'));
    db.prepare(`UPDATE uploads SET state = 'committing', target_id = ?, meta = ?`).run(recording.id, JSON.stringify(meta({ durationMs: 2 })));
    db.close();
    const s2 = await openSqliteStore({ dataDir });
    expect(await s2.getRecording(recording.id)).toMatchObject({ durationMs: 1, size: 3 });
    expect((await bytesOf(s2, recording.id)).toString()).toBe('old');
    expect(readdirSync(join(dataDir, 'tmp'))).toEqual([]);
    await s2.close();
  });

  it('after SIGKILL during 20 concurrent uploads, every completed upload is intact and nothing is half-indexed', async () => {
    // The child runs the store's real code: transpile src/server/storage (and what it imports) to plain JS
    // inside the repository so `better-sqlite3` resolves from node_modules.
    const root = process.cwd();
    const out = tempDir(join(root, '.tmp'));
    const files = [...readdirSync(join(root, 'src/server/storage')).map((f) => `src/server/storage/${f}`), 'src/shared/errors.ts'];
    for (const f of files.filter((x) => x.endsWith('.ts'))) {
      const js = ts.transpileModule(readFileSync(join(root, f), 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      const dest = join(out, f.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(dest), { recursive: true });
      writeFileSync(dest, js);
    }
    writeFileSync(join(out, 'package.json'), '{"type":"module"}');
    const dataDir = join(out, 'data');
    const child = join(out, 'child.mjs');
    writeFileSync(child, `
import { createHash, randomBytes } from 'node:crypto';
import { openSqliteStore } from './${relative(out, join(out, 'src/server/storage/sqlite-store.js'))}';
const store = await openSqliteStore({ dataDir: ${JSON.stringify(dataDir)} });
const meta = ${JSON.stringify(meta())};
await Promise.all(Array.from({ length: 20 }, async (_, i) => {
  const up = await store.openUpload('u' + i + '.pcap');
  const h = createHash('sha256');
  const pieces = 3 + (i % 5) * 4; // short ones finish, long ones are cut by the kill
  for (let k = 0; k < pieces; k++) {
    const b = randomBytes(16384);
    h.update(b);
    await up.write(b);
    await new Promise((r) => setTimeout(r, 15));
  }
  const digest = h.digest('hex');
  process.stdout.write('committing u' + i + '.pcap ' + digest + '\\n');
  await up.commit(meta);
  process.stdout.write('committed u' + i + '.pcap ' + digest + '\\n');
}));
process.stdout.write('all done\\n');
await new Promise(() => {});
`);
    const proc = spawn(process.execPath, [child], { stdio: ['ignore', 'pipe', 'inherit'] });
    const committed = new Map<string, string>();
    const inFlight = new Map<string, string>();
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      proc.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const [what, name, digest] = buf.slice(0, nl).split(' ');
          buf = buf.slice(nl + 1);
          if (what === 'committing') inFlight.set(name, digest);
          if (what === 'committed') committed.set(name, digest);
          // Kill once some uploads are through and others are still streaming.
          if (committed.size >= 6 && proc.exitCode === null) { proc.kill('SIGKILL'); }
        }
      });
      proc.once('exit', () => resolve());
      proc.once('error', reject);
    });
    expect(committed.size).toBeGreaterThanOrEqual(6);
    expect(committed.size).toBeLessThan(20);

    const s = await openSqliteStore({ dataDir });
    try {
      const listed = (await s.listRecordings({ state: 'all' }, { limit: 100 })).items;
      for (const [name, digest] of committed) {
        const r = listed.find((x) => x.fileName === name);
        expect(r, name).toBeDefined();
        expect(sha(await bytesOf(s, r!.id))).toBe(digest);
      }
      // Anything else indexed must be an upload whose commit had started, with exactly its bytes.
      for (const r of listed) {
        expect(inFlight.has(r.fileName), r.fileName).toBe(true);
        expect(sha(await bytesOf(s, r.id))).toBe(inFlight.get(r.fileName));
        expect(r.size).toBe((await bytesOf(s, r.id)).length);
      }
      expect(readdirSync(join(dataDir, 'tmp'))).toEqual([]);
      const db = new Database(join(dataDir, 'recordings.db'), { readonly: true });
      expect(db.prepare('SELECT COUNT(*) AS n FROM uploads').get()).toEqual({ n: 0 });
      db.close();
      expect(existsSync(join(dataDir, 'recordings.db'))).toBe(true);
    } finally {
      await s.close();
    }
  });
});
