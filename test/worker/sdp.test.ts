import { describe, expect, it } from 'vitest';
import { codecForEncoding, parseRtpmaps, payloadMappingsFromSip } from '../../src/worker/sdp.js';
import { CODEC } from '../../src/worker/wasm-layout.js';

const invite = [
  'INVITE sip:bob@example.com SIP/2.0',
  'Content-Type: application/sdp',
  '',
  'v=0',
  'o=- 1 1 IN IP4 10.0.0.1',
  'm=audio 16386 RTP/AVP 0 8 9 18 109 101 13',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:109 OPUS/48000/2',
  'a=rtpmap:101 telephone-event/8000',
  'a=rtpmap:13 CN/8000',
  'a=fmtp:101 0-15',
  'm=video 16400 RTP/AVP 96',
  'a=rtpmap:96 H264/90000',
].join('\r\n');

describe('SDP payload-type map', () => {
  it('reads rtpmap lines of audio sections only, case-insensitively', () => {
    expect(parseRtpmaps(invite)).toEqual([
      { pt: 0, codec: CODEC.PCMU, clock: 8000 },
      { pt: 9, codec: CODEC.G722, clock: 8000 },
      { pt: 109, codec: CODEC.OPUS, clock: 48000 },
      { pt: 101, codec: CODEC.TELEPHONE_EVENT, clock: 8000 },
      { pt: 13, codec: CODEC.CN, clock: 8000 },
    ]);
  });

  it('knows every codec name the core has an id for', () => {
    const names: Array<[string, number]> = [
      ['pcma', CODEC.PCMA], ['G729', CODEC.G729], ['g729a', CODEC.G729], ['L16', CODEC.L16], ['GSM', CODEC.GSM],
      ['G726-32', CODEC.G726], ['AAL2-G726-16', CODEC.G726], ['G723', CODEC.G723], ['iLBC', CODEC.ILBC],
      ['AMR', CODEC.AMR], ['AMR-WB', CODEC.AMR_WB], ['speex', CODEC.SPEEX], ['Telephone-Event', CODEC.TELEPHONE_EVENT],
    ];
    for (const [n, id] of names) expect(codecForEncoding(n), n).toBe(id);
    // Unknown names override a default mapping with "unknown" instead of decoding the wrong codec.
    expect(codecForEncoding('EVS')).toBe(CODEC.UNKNOWN);
    expect(codecForEncoding('G726-33')).toBe(CODEC.UNKNOWN);
  });

  it('lets a later message (answer, re-INVITE) redefine a payload type', () => {
    const answer = 'SIP/2.0 200 OK\r\n\r\nm=audio 16388 RTP/AVP 96\r\na=rtpmap:96 iLBC/8000\r\n';
    const reinvite = 'INVITE x SIP/2.0\n\nm=audio 16388 RTP/AVP 96\na=rtpmap:96 AMR-WB/16000/1\n';
    const m = payloadMappingsFromSip([invite, answer, reinvite]);
    expect(m.find((x) => x.pt === 96)).toEqual({ pt: 96, codec: CODEC.AMR_WB, clock: 16000 });
    expect(m.map((x) => x.pt)).toEqual([0, 9, 13, 96, 101, 109]);
  });

  it('ignores malformed lines without throwing', () => {
    const junk = 'm=audio 1 RTP/AVP 0\na=rtpmap:200 PCMU/8000\na=rtpmap:5 PCMU\na=rtpmap:x PCMU/8000\na=rtpmap:7 PCMU/0\n\0\xff';
    expect(parseRtpmaps(junk)).toEqual([]);
    expect(payloadMappingsFromSip([])).toEqual([]);
  });
});
