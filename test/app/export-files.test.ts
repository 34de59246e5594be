// Export services in Node: WAV layouts byte-equal to the decoder core's WAV writer on a real
// capture, RIFF/RF64 headers, file names, ZIP contents, and the call sheet's text read back.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { AudioChunk, DecodeInfo } from '../../src/shared/decoder-types.js';
import type { RecordingDetail } from '../../src/shared/messages.js';
import { createNodeCore } from '../../src/worker/core-node.js';
import { DecodeSession, decodeToWav, type PcmLayout } from '../../src/worker/decode-session.js';
import { PcmStore } from '../../src/app/services/pcm-store.js';
import { interleavePcm, RIFF_MAX_DATA, wavBytes, wavBlob, wavHeader, type PcmSource } from '../../src/app/services/export-wav.js';
import { exportBaseName, exportFileName, fileTimestamp, safePart, uniqueNames } from '../../src/app/services/export-names.js';
import { buildCallSheet } from '../../src/app/services/export-pdf.js';
import { buildZip, exportZip, exportZipMany, type ZipManySource } from '../../src/app/services/export-zip.js';
import { pdfPageCount, pdfTextRuns } from './export-pdf-text.js';

const root = join(import.meta.dirname, '..', '..');
const demoDir = join(root, 'src', 'server', 'demo-data');
const demo = readdirSync(demoDir).filter((f) => f.endsWith('.pcap')).sort();

export function detail(over: Partial<RecordingDetail> = {}): RecordingDetail {
  return {
    id: 'r1', fileName: 'call.pcap', confGuid: null, deviceMac: '009033a1b2c3', serial: 1, regName: 'alice', ownerSip: 'alice',
    ownerNumber: '201', ownerName: 'Alice Ärger', direction: 'in', remoteNumber: '+49 7031 73009', remoteName: 'Bob Smith', startTime: Date.UTC(2026, 10, 26, 13, 3, 5),
    durationMs: 65_000, codecs: ['PCMA'], size: 1000, complete: true, licensed: true, protected: false, state: 'active', deletedAt: null,
    deletedBy: null, note: 'Customer agreed to the offer.\nCall back on Monday.', hasCallInfo: true, createdAt: 0, updatedAt: 0,
    streams: [], warnings: [], summary: null,
    callInfo: [{
      id: 'c1', guid: 'g', h323: 'alice', e164: '201', cn: 'Alice Ärger', dir: 'to', utc: 1_795_000_000, device: 'IP232', pseudo: null, confs: [],
      events: [{ msg: 'setup-from', time: 10, e164: '+49703173009', dn: 'Bob Smith' }, { msg: 'conn-to', time: 12, h323: 'alice' }, { msg: 'rel-from', time: 77, cause: 16 }],
    }],
    ...over,
  };
}

/** Decodes a capture in Node into a PcmStore, as the player does in the browser. */
async function decodeToStore(bytes: Uint8Array): Promise<{ info: DecodeInfo; store: PcmStore }> {
  const s = new DecodeSession(await createNodeCore());
  const info = await s.open(bytes);
  const store = new PcmStore(info);
  for await (const c of s.chunks()) store.add(c as AudioChunk);
  return { info, store };
}

async function coreWav(bytes: Uint8Array, layout: PcmLayout): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  await decodeToWav(bytes, (b) => { parts.push(b); }, { layout, core: await createNodeCore() });
  return Buffer.concat(parts);
}

describe('WAV', () => {
  it('every layout is byte-identical to the core\'s decodeToWav of the same capture', async () => {
    const bytes = readFileSync(join(demoDir, demo[0]));
    const { store } = await decodeToStore(bytes);
    expect(store.filled).toBe(store.frames);
    for (const layout of ['stereo', 'mono', 'left', 'right'] as const) {
      const mine = wavBytes(store, layout);
      const core = await coreWav(bytes, layout);
      expect(mine.length, layout).toBe(core.length);
      expect(Buffer.compare(Buffer.from(mine), Buffer.from(core)), layout).toBe(0);
      const blob = wavBlob(store, layout);
      expect(Buffer.compare(Buffer.from(await blob.arrayBuffer()), Buffer.from(core)), `${layout} blob`).toBe(0);
    }
  });

  it('headers match the core for RIFF, the last RIFF size and RF64', async () => {
    const core = await createNodeCore();
    const lastRiffStereo = Math.floor(RIFF_MAX_DATA / 4);
    for (const [rate, ch, frames] of [[8000, 2, 0], [16000, 1, 12345], [48000, 2, lastRiffStereo], [48000, 2, lastRiffStereo + 1], [8000, 1, 3e9]] as const) {
      const mine = wavHeader(rate, ch, frames);
      expect(Buffer.from(mine).toString('hex'), `${rate}/${ch}/${frames}`).toBe(Buffer.from(core.wavHeader(rate, ch, frames)).toString('hex'));
    }
    expect(wavHeader(48000, 2, lastRiffStereo).length).toBe(44);
    expect(Buffer.from(wavHeader(48000, 2, lastRiffStereo + 1).subarray(0, 4)).toString()).toBe('RF64');
  });

  it('mono is the floor of the mean; left/right take one side; bad input is refused with the reason', () => {
    const pcm: PcmSource = { rate: 8000, frames: 3, left: Int16Array.from([32767, -32768, -3]), right: Int16Array.from([32767, -32768, 0]) };
    const read = (b: Uint8Array) => Array.from(new Int16Array(b.buffer, b.byteOffset, b.length / 2));
    expect(read(interleavePcm(pcm, 'mono'))).toEqual([32767, -32768, -2]);
    expect(read(interleavePcm(pcm, 'left'))).toEqual([32767, -32768, -3]);
    expect(read(interleavePcm(pcm, 'right'))).toEqual([32767, -32768, 0]);
    expect(read(interleavePcm(pcm, 'stereo'))).toEqual([32767, 32767, -32768, -32768, -3, 0]);
    expect(() => wavHeader(0, 2, 10)).toThrow(/0 Hz/);
    expect(() => wavHeader(8000, 2, 1.5)).toThrow(/1.5 frames/);
    expect(() => wavBytes({ ...pcm, frames: 4 }, 'stereo')).toThrow(/3 frames, 4 announced/);
  });
});

describe('file names', () => {
  it('date, owner, direction and other party; unsafe characters replaced; suffix per kind', () => {
    const r = detail();
    expect(fileTimestamp(r.startTime, 0)).toBe('2026-11-26_13-03-05');
    expect(fileTimestamp(r.startTime, 60)).toBe('2026-11-26_14-03-05');
    expect(exportFileName(r, 'wav', 60)).toBe('2026-11-26_14-03-05_Alice-Ärger_from_Bob-Smith.wav');
    expect(exportFileName(r, 'wav-left', 0)).toBe('2026-11-26_13-03-05_Alice-Ärger_from_Bob-Smith_remote.wav');
    expect(exportFileName(r, 'wav-right', 0)).toMatch(/_local\.wav$/);
    expect(exportFileName(r, 'wav-mono', 0)).toMatch(/_mono\.wav$/);
    expect(exportFileName(r, 'zip', 0)).toMatch(/Bob-Smith\.zip$/);
    expect(exportFileName(r, 'mp3', 0)).toMatch(/\.mp3$/);
    expect(exportFileName(r, 'ogg', 0)).toMatch(/\.ogg$/);
    expect(exportFileName({ ...r, direction: 'out', remoteName: null }, 'pdf', 0)).toBe('2026-11-26_13-03-05_Alice-Ärger_to_49-7031-73009_call-sheet.pdf'.replace('49-', '+49-'));
    expect(exportBaseName({ ...r, direction: 'unknown', ownerName: null, ownerNumber: null, ownerSip: null, remoteName: null, remoteNumber: null }, 0)).toBe('2026-11-26_13-03-05');
    expect(safePart('../../etc/passwd')).toBe('etc-passwd');
    expect(safePart('a:b*c?d"e<f>g|h\\i\u0007j')).toBe('a-b-c-d-e-f-g-h-i-j');
    expect(safePart('x'.repeat(100))).toHaveLength(40);
    expect(uniqueNames(['a.wav', 'a.wav', 'b', 'a.wav', 'b'])).toEqual(['a.wav', 'a (2).wav', 'b', 'a (3).wav', 'b (2)']);
  });
});

describe('call sheet PDF', () => {
  it('states the call information, parties, times, quality, warnings, DTMF and note (en)', async () => {
    const bytes = readFileSync(join(demoDir, demo[0]));
    const { info } = await decodeToStore(bytes);
    const dtmfInfo: DecodeInfo = { ...info, dtmf: [{ digit: '7', channel: 'right', timeMs: 61_250, durationMs: 120, stream: 0 }],
      warnings: [{ code: 'one-way', stream: 1, timeMs: 2000, detail: 0, message: 'Only one side has audio.' }] };
    const pdf = await buildCallSheet({ recording: detail({ streams: info.streams }), info: dtmfInfo, lang: 'en', created: Date.UTC(2026, 10, 27) });
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = pdfTextRuns(pdf).join('\n');
    for (const s of ['Call sheet: Bob Smith', 'Alice Ärger', '+49 7031 73009', 'Incoming', '1:05', 'call.pcap', 'PCMA',
      'setup-from', 'conn-to', 'Stream quality', info.streams[0].src, 'Only one side has audio.', '1:01.2', 'Customer agreed to the offer.',
      'Call back on Monday.', 'Page 1 of 1', 'IP232']) {
      expect(text, s).toContain(s);
    }
  });

  it('German headings; long notes paginate with "Page n of m"; characters Helvetica lacks become "?"', async () => {
    const long = Array.from({ length: 150 }, (_, i) => `Zeile ${i + 1}: Rückruf vereinbart 😀 中文`).join('\n');
    const pdf = await buildCallSheet({ recording: detail({ note: long, callInfo: null, complete: false }), info: null, lang: 'de', created: 0 });
    const runs = pdfTextRuns(pdf);
    const text = runs.join('\n');
    const pages = await pdfPageCount(pdf);
    // Helvetica's widths are stated, so a viewer drawing a wider substitute font keeps the layout
    const loaded = await PDFDocument.load(pdf);
    const fonts = loaded.context.enumerateIndirectObjects().map(([, o]) => o)
      .filter((o): o is PDFDict => o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('Font'));
    expect(fonts).toHaveLength(2);
    for (const f of fonts) {
      const w = f.lookup(PDFName.of('Widths'), PDFArray);
      expect(w.size()).toBe(224);
      expect((w.get(65 - 32) as PDFNumber).asNumber()).toBe(f.get(PDFName.of('BaseFont')) === PDFName.of('Helvetica') ? 667 : 722); // "A"
    }
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain(`Seite ${pages} von ${pages}`);
    for (const s of ['Gesprächsblatt: Bob Smith', 'Eingehend', 'Keine Anrufinformationen', 'Keine DTMF-Ziffern.', 'Zeile 150: Rückruf vereinbart ? ??', 'abgebrochen']) {
      expect(text, s).toContain(s);
    }
  });
});

describe('ZIP', () => {
  it('one recording: stereo WAV identical to the core\'s + the call sheet', async () => {
    const bytes = readFileSync(join(demoDir, demo[0]));
    const { info, store } = await decodeToStore(bytes);
    const r = detail();
    const { name, blob } = await exportZip(r, store, info, 'en');
    expect(name).toBe(exportFileName(r, 'zip'));
    const zipBytes = new Uint8Array(await blob.arrayBuffer());
    const files = unzipSync(zipBytes);
    expect(Object.keys(files).sort()).toEqual([exportFileName(r, 'pdf'), exportFileName(r, 'wav')].sort());
    // an independent reader (Python's zipfile) checks every CRC of the streamed archive
    const tmp = join(mkdtempSync(join(tmpdir(), 'rec-zip-')), 'a.zip');
    writeFileSync(tmp, zipBytes);
    expect(execFileSync('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip(), len(z.namelist()))', tmp]).toString().trim()).toBe('None 2');
    expect(Buffer.compare(Buffer.from(files[exportFileName(r, 'wav')]), Buffer.from(await coreWav(bytes, 'stereo')))).toBe(0);
    expect(pdfTextRuns(files[exportFileName(r, 'pdf')]).join('\n')).toContain('Customer agreed');
  });

  it('duplicate entry names stay distinct', async () => {
    const files = unzipSync(await buildZip([{ name: 'a.wav', data: new Uint8Array([1]) }, { name: 'a.wav', data: new Uint8Array([2]) }]));
    expect(files['a.wav']).toEqual(new Uint8Array([1]));
    expect(files['a (2).wav']).toEqual(new Uint8Array([2]));
  });

  it('several recordings: a folder each; a failing one is listed in not-exported.txt, the rest arrives', async () => {
    const recs = demo.map((f, i) => detail({ id: `r${i}`, fileName: f, startTime: Date.UTC(2026, 0, 1 + i), remoteName: i === 1 ? 'Same' : 'Same' }));
    const source: ZipManySource = {
      detail: async (id) => recs.find((r) => r.id === id) ?? Promise.reject(new Error(`no recording ${id}`)),
      decode: async (id, onProgress) => {
        const r = recs.find((x) => x.id === id);
        if (!r) throw new Error(`no recording ${id}`);
        onProgress(0.5);
        const { info, store } = await decodeToStore(readFileSync(join(demoDir, r.fileName)));
        return { info, pcm: store };
      },
    };
    const progress: number[] = [];
    const out = await exportZipMany([...recs.map((r) => r.id), 'gone'], source, 'en', { onProgress: (p) => progress.push(p.index + p.fraction) });
    expect(out.failed).toEqual([{ id: 'gone', reason: 'no recording gone' }]);
    const files = unzipSync(new Uint8Array(await out.blob.arrayBuffer()));
    const names = Object.keys(files).sort();
    expect(names.filter((n) => n.endsWith('.wav'))).toHaveLength(recs.length);
    expect(names.filter((n) => n.endsWith('.pdf'))).toHaveLength(recs.length);
    for (const r of recs) expect(names.some((n) => n.startsWith(`${exportBaseName(r)}/`) && n.endsWith('.wav'))).toBe(true);
    expect(new TextDecoder().decode(files['not-exported.txt'])).toContain('gone: no recording gone');
    expect(progress.at(-1)).toBe(recs.length);
    await expect(exportZipMany(['gone'], source, 'en')).rejects.toThrow(/none of the 1 recordings could be exported: gone: no recording gone/);
    await expect(exportZipMany([], source, 'en')).rejects.toThrow(/no recordings selected/);
    const ac = new AbortController();
    ac.abort();
    await expect(exportZipMany(['r0'], source, 'en', { signal: ac.signal })).rejects.toMatchObject({ code: 'aborted' });
  });
});
