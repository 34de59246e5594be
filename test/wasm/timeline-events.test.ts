// RFC 4733 telephone-events: one marker per event, repeats and end packets collapsed.
import { describe, expect, it } from 'vitest';
import { back, byTime, capture, decode, dtmf, leg, nonZeroRuns } from './timeline-kit.js';

describe('timeline: telephone events', () => {
  it('one event per digit with the largest duration; repeated end packets are not new events', async () => {
    const audio = leg({ count: 150 });
    // Digit 5 at packet 50's timestamp (5 steps + 3 end packets), then # at packet 100.
    const five = dtmf({ code: 5, atMs: 1000, ts: 16000 + 50 * 160, seq0: 5000, steps: 5 });
    const hash = dtmf({ code: 11, atMs: 2000, ts: 16000 + 100 * 160, seq0: 5100, steps: 4 });
    // In-band: events share the audio stream's SSRC and sequence space.
    let seq = 1000;
    const all = byTime([...audio, ...five, ...hash]).map((p) => ({ ...p, seq: seq++ & 0xffff }));
    const d = await decode(capture(all));
    expect(d.events.map((e) => [e.code, e.frame, e.duration, e.volume])).toEqual([
      [5, 50 * 160, 5 * 160, 10],
      [11, 100 * 160, 4 * 160, 10],
    ]);
    const s = d.streams[0];
    expect(s.events).toBe(2);
    expect(d.events[0].channel).toBe(s.channel);
    expect(s.lost).toBe(0);
    // Events are not audio: the stream's audio spans stay as they were.
    const side = s.channel === 1 ? d.right : d.left;
    expect(nonZeroRuns(side)).toEqual([[0, 150 * 160]]);
  });

  it('events on their own SSRC count for the channel of their direction, without making it audio', async () => {
    const audio = leg({ count: 100 });
    const other = back({ count: 100, startMs: 3 });
    const star = dtmf({ code: 10, atMs: 1000, ts: 777000, seq0: 1, steps: 3, ssrc: 0x5555, src: '10.0.0.2', dst: '10.0.0.1', sport: 50000, dport: 40000 });
    const d = await decode(capture(byTime([...audio, ...other, ...star])));
    const ev = d.streams.find((s) => s.ssrc === 0x5555)!;
    expect(ev.channel).toBe(-1);
    expect(ev.events).toBe(1);
    const remote = d.streams.find((s) => s.ssrc === 0x22222222)!;
    expect(d.events).toHaveLength(1);
    expect(d.events[0].channel).toBe(remote.channel);
    expect(d.events[0].code).toBe(10);
    expect(d.events[0].frame).toBe(8000);
    expect(d.events[0].duration).toBe(480);
  });

  it('a digit pressed after the last audio still lies inside the recording', async () => {
    const audio = leg({ count: 50 });
    const late = dtmf({ code: 9, atMs: 3000, ts: 5555, seq0: 9, steps: 10, ssrc: 0x99 });
    const d = await decode(capture(byTime([...audio, ...late])));
    expect(d.events).toHaveLength(1);
    expect(d.events[0].frame).toBe(24000);
    expect(d.frames).toBe(24000 + 1600);
    expect(nonZeroRuns(d.right)).toEqual([[0, 8000]]);
  });

  it('a reordered repeat still belongs to its event', async () => {
    const audio = leg({ count: 100 });
    const one = dtmf({ code: 1, atMs: 500, ts: 16000 + 25 * 160, seq0: 3000, steps: 4, ssrc: 0x77 });
    [one[2].seq, one[3].seq] = [one[3].seq, one[2].seq]; // captured out of sequence order
    const d = await decode(capture(byTime([...audio, ...one])));
    expect(d.events).toHaveLength(1);
    expect(d.events[0].duration).toBe(640);
  });
});
