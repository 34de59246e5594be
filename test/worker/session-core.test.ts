// DecodeSession over the real WASM core: SDP-mapped payload types, overrides, typed errors, WAV.
import { describe, expect, it } from 'vitest';
import type { AudioChunk } from '../../src/shared/decoder-types.js';
import { createNodeCore } from '../../src/worker/core-node.js';
import { DecodeSession, decodeToWav, inspectCapture } from '../../src/worker/decode-session.js';
import { udpPcap, type UdpPacket } from '../helpers/pcap-writer.js';
import { buildSipInvite, rtpSeries } from '../helpers/rtp-builder.js';
import { CALL_START_NS, syntheticCall } from './synthetic-call.js';

/** One µ-law stream on dynamic PT 96, optionally preceded by an INVITE whose SDP maps 96 to PCMU. */
function dynamicPtCall(withSdp: boolean): Uint8Array {
  const rtp = rtpSeries({ ssrc: 0x3333, pt: 96, count: 50, startNs: CALL_START_NS, payload: (i) => new Uint8Array(160).fill(0x10 + (i & 7)) });
  const packets: UdpPacket[] = rtp.map((p) => ({ timeNs: p.timeNs, src: '192.0.2.10', dst: '192.0.2.20', sport: 40000, dport: 50000, payload: p.rtp }));
  if (withSdp) {
    const invite = buildSipInvite({ sdp: { addr: '192.0.2.10', port: 40000, payloadTypes: [96], rtpmap: [{ pt: 96, name: 'PCMU', clock: 8000 }] } });
    packets.unshift({ timeNs: CALL_START_NS - 1_000_000n, src: '192.0.2.10', dst: '192.0.2.20', sport: 5060, dport: 5060, payload: invite });
  }
  return udpPcap(packets);
}

async function decodeAll(s: DecodeSession): Promise<{ left: Int16Array; right: Int16Array }> {
  const info = s.info!;
  const left = new Int16Array(info.frames), right = new Int16Array(info.frames);
  for await (const c of s.chunks() as AsyncIterable<AudioChunk>) { left.set(c.left, c.startFrame); right.set(c.right, c.startFrame); }
  return { left, right };
}

describe('DecodeSession on the WASM core', () => {
  it('maps a dynamic payload type from the SDP in the capture', async () => {
    const mapped = new DecodeSession(await createNodeCore());
    const info = await mapped.open(dynamicPtCall(true));
    const s = info.streams.find((x) => x.payloadTypes.includes(96))!;
    expect(s.codec).toBe('PCMU');
    const pcm = await decodeAll(mapped);
    const side = s.channel === 'left' ? pcm.left : pcm.right;
    expect(side.some((v) => v !== 0)).toBe(true);

    const bare = await inspectCapture(dynamicPtCall(false));
    expect(bare.streams.find((x) => x.payloadTypes.includes(96))!.codec).not.toBe('PCMU');
    expect(bare.warnings.map((w) => w.code)).toContain('unknown-payload-type');
  });

  it('swaps sides and applies per-stream overrides', async () => {
    const bytes = syntheticCall(2);
    const auto = await inspectCapture(bytes);
    const local = auto.streams.find((s) => s.src === '10.0.0.1:16386')!;
    expect(local.channel).toBe('right');
    const swapped = await inspectCapture(bytes, { options: { swapChannels: true } });
    expect(swapped.streams.find((s) => s.src === '10.0.0.1:16386')!.channel).toBe('left');
    const forced = await inspectCapture(bytes, { options: { channelOverrides: { [local.index]: 'left' } } });
    expect(forced.streams[local.index].channel).toBe('left');
    expect(forced.channelRule).toBe('override');
  });

  it('reports a capture without RTP as no-audio and text as not-a-capture', async () => {
    const sipOnly = udpPcap([{ timeNs: CALL_START_NS, src: '192.0.2.10', dst: '192.0.2.20', sport: 5060, dport: 5060, payload: buildSipInvite() }]);
    await expect(inspectCapture(sipOnly)).rejects.toMatchObject({ code: 'no-audio' });
    await expect(inspectCapture(new TextEncoder().encode('hello, this is not a capture'))).rejects.toMatchObject({ code: 'not-a-capture' });
  });

  it('writes a WAV whose header matches the PCM that follows', async () => {
    const parts: Uint8Array[] = [];
    const info = await decodeToWav(syntheticCall(2), (b) => { parts.push(b); }, { layout: 'stereo' });
    const wav = Buffer.concat(parts);
    expect(wav.toString('latin1', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.readUInt16LE(22)).toBe(2);
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.readUInt32LE(40)).toBe(info.frames * 4);
    expect(wav.length).toBe(44 + info.frames * 4);
  });
});
