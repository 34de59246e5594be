#!/usr/bin/env bash
# Regenerates the committed G.729 fixtures: bitstreams made with bcg729's encoder from
# espeak-ng speech, and bcg729's decoding of each (the reference our decoder is held to).
# Needs espeak-ng, sox, python3, a C compiler and libbcg729-dev. Run from anywhere.
#
# Stream format (*.g729t): records [tag][payload]; tag 10 = speech frame (10 bytes), 2 = SID
# (2 bytes), 0 = untransmitted frame (DTX gap), 0xFF = erased frame. Each record is 10 ms.
# References (*.s16): 80 samples of 8 kHz s16le per record. espeak-ng output differs slightly
# from run to run, so a rerun makes new (equally valid) fixtures; the tests read the committed ones.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/ref" ../../tools/bcg729-ref.c -lbcg729
to8k() { sox "$1" -r 8000 -c 1 -b 16 -e signed "$2"; }

# Speech without VAD: every frame a 10-byte speech frame.
espeak-ng -s 170 -w "$tmp/a.wav" "Recording started. Please hold the line while we connect your call."
to8k "$tmp/a.wav" "$tmp/a8.wav"
sox "$tmp/a8.wav" -t raw "$tmp/speech.raw" trim 0 3
"$tmp/ref" encode 0 < "$tmp/speech.raw" > g729-speech.g729t
"$tmp/ref" decode < g729-speech.g729t > g729-speech.s16

# Speech with pauses over pink background noise, VAD/DTX on: speech, SID and untransmitted frames.
espeak-ng -s 170 -w "$tmp/b.wav" "Thank you for calling."
espeak-ng -s 170 -w "$tmp/c.wav" "Please stay on the line."
to8k "$tmp/b.wav" "$tmp/b8.wav"
to8k "$tmp/c.wav" "$tmp/c8.wav"
sox -n -r 8000 -c 1 -b 16 -e signed "$tmp/gap.wav" trim 0 1.5
sox "$tmp/b8.wav" "$tmp/gap.wav" "$tmp/c8.wav" "$tmp/gap.wav" "$tmp/talk.wav"
sox -R -n -r 8000 -c 1 -b 16 -e signed "$tmp/noise.wav" synth "$(soxi -D "$tmp/talk.wav")" pinknoise vol 0.02
sox -m "$tmp/talk.wav" "$tmp/noise.wav" -t raw "$tmp/dtx.raw"
"$tmp/ref" encode 1 < "$tmp/dtx.raw" > g729-dtx.g729t
"$tmp/ref" decode < g729-dtx.g729t > g729-dtx.s16

# Losses: the speech stream with 5 % seeded random erasures and a burst of 6 lost frames;
# the DTX stream with erasures inside noise (continued comfort noise) and inside speech.
python3 - <<'PY'
import random
def records(b):
    p, out = 0, []
    while p < len(b):
        t = b[p]; n = 0 if t == 0xFF else t
        out.append(b[p:p + 1 + n]); p += 1 + n
    return out
def lose(src, dst, seed, rate, burst):
    recs = records(open(src, 'rb').read())
    r = random.Random(seed)
    lost = {i for i in range(len(recs)) if r.random() < rate}
    lost |= set(range(burst, burst + 6))
    open(dst, 'wb').write(b''.join(b'\xff' if i in lost else x for i, x in enumerate(recs)))
lose('g729-speech.g729t', 'g729-loss.g729t', 729, 0.05, 74)
lose('g729-dtx.g729t', 'g729-dtx-loss.g729t', 730, 0.05, 200)
PY
"$tmp/ref" decode < g729-loss.g729t > g729-loss.s16
"$tmp/ref" decode < g729-dtx-loss.g729t > g729-dtx-loss.s16
ls -l
