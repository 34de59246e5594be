// Fuzzing the whole decode path (scan → plan → render) with damaged captures: truncated,
// bit-flipped, spliced, length fields at boundary values, noise behind a valid header.
// Every case must end in audio or a typed error — never a trap, a hang or runaway memory.
// `npm run fuzz` runs many more cases (FUZZ_CASES) with the same harness.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFuzz } from './run-cases.mjs';
import { ethernet, fragmentIpv4, udpDatagram, writePcap, writePcapng, LINK } from '../helpers/pcap-writer.js';
import { buildRtcpRr, buildRtp, buildSipInvite, buildTelephoneEvent } from '../helpers/rtp-builder.js';

const CASES = Number(process.env.FUZZ_CASES ?? 3000);
const FIRST = Number(process.env.FUZZ_FIRST ?? 1);

/** Small captures with what the real fixtures lack: fragments, VLANs, RTCP, SIP, pcapng interfaces. */
function syntheticSeeds(): Uint8Array[] {
  const t0 = 1_700_000_000_000_000_000n;
  const ip = (i: number, sport: number, dport: number, payload: Uint8Array) =>
    udpDatagram({ src: sport === 16386 ? '10.0.0.1' : '10.0.0.2', dst: sport === 16386 ? '10.0.0.2' : '10.0.0.1', sport, dport, payload, id: i });
  const rtp = (i: number, pt: number, ssrc: number, payload: Uint8Array, marker = false) =>
    buildRtp({ pt, seq: (65530 + i) & 0xffff, ts: (0xfffffe00 + i * 160) >>> 0, ssrc, payload, marker, csrcs: i % 7 === 0 ? [1, 2] : [],
      extension: i % 5 === 0 ? { profile: 0xbede, data: new Uint8Array(4) } : undefined, padding: i % 11 === 0 ? 4 : 0 });
  const records = [];
  records.push({ timeNs: t0, data: ethernet(ip(0, 5060, 5060, buildSipInvite({ sdp: { addr: '10.0.0.1', port: 16386, payloadTypes: [8, 101], rtpmap: [{ pt: 8, name: 'PCMA', clock: 8000 }, { pt: 101, name: 'telephone-event', clock: 8000 }] } }))) });
  for (let i = 0; i < 60; i++) {
    const t = t0 + BigInt(i) * 20_000_000n;
    const payload = new Uint8Array(160).map((_, k) => (k * 7 + i) & 255);
    const local = ip(i, 16386, 16388, rtp(i, 8, 0x11111111, payload, i === 0));
    if (i % 9 === 3) for (const f of fragmentIpv4(local, 64)) records.push({ timeNs: t, data: ethernet(f, { vlans: [10, 20], vlanTpids: [0x88a8, 0x8100] }) });
    else records.push({ timeNs: t, data: ethernet(local, { vlans: [10] }) });
    records.push({ timeNs: t + 5_000_000n, data: ethernet(ip(i, 16388, 16386, rtp(i, 0, 0x22222222, payload))) });
    if (i >= 20 && i < 26) records.push({ timeNs: t + 6_000_000n, data: ethernet(ip(i, 16388, 16386, rtp(i, 101, 0x22222222, buildTelephoneEvent({ event: 5, end: i >= 24, duration: (i - 19) * 160 })))) });
    if (i % 25 === 0) records.push({ timeNs: t + 7_000_000n, data: ethernet(ip(i, 16389, 16387, buildRtcpRr({ ssrc: 0x22222222, reports: [{ ssrc: 0x11111111, fractionLost: 0, cumulativeLost: 1, highestSeq: 100, jitter: 40, lsr: 0, dlsr: 0 }] }))) });
  }
  const pcap = writePcap(records, { linkType: LINK.ETHERNET });
  const pcapng = writePcapng([{ interfaces: [{ linkType: LINK.ETHERNET, tsresol: 9 }, { linkType: LINK.RAW }],
    blocks: records.slice(0, 40).map((r, i) => ({ type: 'epb' as const, iface: 0, timeNs: r.timeNs + BigInt(i), data: r.data })) }]);
  return [pcap, pcapng];
}

function fixtureSeeds(): Uint8Array[] {
  const dir = join(import.meta.dirname, '..', 'fixtures', 'captures');
  return readdirSync(dir).filter((f) => /\.pcap(ng)?$/.test(f)).sort().map((f) => new Uint8Array(readFileSync(join(dir, f))));
}

describe('fuzz: damaged captures never crash, hang or grow memory without bound', () => {
  it(`${CASES} seeded cases from cases ${FIRST}`, async () => {
    const seeds = [...fixtureSeeds(), ...syntheticSeeds()];
    expect(seeds.length).toBeGreaterThan(5);
    const r = await runFuzz({ seeds, first: FIRST, count: CASES });
    const report = r.failures.map((f: { i: number; name: string; detail: string; file: string }) => `case ${f.i} (${f.name}): ${f.detail} ${f.file}`).join('\n');
    expect(report).toBe('');
    expect(r.cases).toBe(CASES);
    // The mutations must reach the decoder, not just bounce off the magic number.
    expect(r.byOutcome.ok).toBeGreaterThan(CASES / 4);
  }, 600_000);
});
