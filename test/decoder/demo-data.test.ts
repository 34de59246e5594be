// The server's demo recordings must be what a device would upload and decode cleanly:
// innovaphone name, both parties on their channels, 10–20 s, no warnings.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFile } from './decode-fixture.js';

const DIR = fileURLToPath(new URL('../../src/server/demo-data/', import.meta.url));
const made = JSON.parse(readFileSync(join(DIR, 'made.json'), 'utf8')) as Array<{ file: string; codec: string; seconds: number }>;
const RATE: Record<string, number> = { pcma: 8000, pcmu: 8000, g722: 16000 };

function loudness(a: Int16Array): number {
  let loud = 0;
  for (const s of a) if (Math.abs(s) > 1000) loud++;
  return loud / a.length;
}

describe('demo recordings', () => {
  it('are 2–3 pcap files named like device uploads, all described in made.json', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.pcap')).sort();
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(files.length).toBeLessThanOrEqual(3);
    for (const f of files) expect(f).toMatch(/^[0-9a-f]{32}-[0-9a-f]{12}-\d+--[a-z][\w.-]*\.pcap$/);
    expect(made.map((m) => m.file).sort()).toEqual(files);
  });

  it.each(made.map((m) => [m.file, m] as const))('%s decodes as a clean two-party call', async (file, m) => {
    const { info, left, right } = await decodeFile(join(DIR, file));
    expect(info.sampleRate).toBe(RATE[m.codec]);
    expect(info.channelRule).toBe('innovaphone');
    expect(info.warnings).toEqual([]);
    expect(info.streams.map((s) => s.channel).sort()).toEqual(['left', 'right']);
    for (const s of info.streams) expect({ lost: s.lost, duplicates: s.duplicates }).toEqual({ lost: 0, duplicates: 0 });
    const seconds = info.frames / info.sampleRate;
    expect(seconds).toBeGreaterThanOrEqual(10);
    expect(seconds).toBeLessThanOrEqual(20);
    expect(Math.abs(seconds - m.seconds)).toBeLessThan(0.5);
    // Both people talk: each channel has a fair share of speech, not a few stray samples.
    expect(loudness(left)).toBeGreaterThan(0.05);
    expect(loudness(right)).toBeGreaterThan(0.05);
  });
});
