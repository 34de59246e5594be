#!/usr/bin/env bash
# Regenerates the committed codec references with the tools of this machine (ffmpeg, sox,
# espeak-ng). The tests compare the decoder core against these files, and against fresh
# ffmpeg output when ffmpeg is installed. Run from anywhere: bash make-refs.sh
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }

# G.711: every code byte 0..255 once, expanded by ffmpeg.
python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)))' > "$tmp/codes.bin"
ff -f mulaw -ar 8000 -ac 1 -i "$tmp/codes.bin" -f s16le ulaw-all.s16
ff -f alaw -ar 8000 -ac 1 -i "$tmp/codes.bin" -f s16le alaw-all.s16

# G.722: speech (espeak-ng) and a tone sweep with a loud section that drives the
# predictors into saturation, encoded and decoded by ffmpeg.
espeak-ng -s 190 -w "$tmp/speech.wav" "Recording started. Please hold the line."
ff -i "$tmp/speech.wav" -t 2.5 -ar 16000 -ac 1 -c:a g722 -f g722 g722-speech.g722
ff -f g722 -i g722-speech.g722 -f s16le g722-speech.s16
sox -D -n -r 16000 -c 1 -b 16 "$tmp/tone.wav" synth 1.5 sine 100-7800 vol 0.99 : synth 0.5 square 1000 vol 1.0
ff -i "$tmp/tone.wav" -ar 16000 -ac 1 -c:a g722 -f g722 g722-tone.g722
ff -f g722 -i g722-tone.g722 -f s16le g722-tone.s16

# G.722 saturation edges: code patterns found to drive every clamp of the decoder (pole
# coefficient a2 at +12288, signal estimate at +/-32767, reconstructed signal, output) that
# speech and tones do not reach, then pseudo-random codes.
python3 - "$tmp/edge.g722" <<'PY'
import random, sys
a = bytes([113, 55, 96, 79, 47, 84, 49, 251, 88, 194, 220, 164, 17, 159, 98, 98]) * 250
b = bytes([1, 197]) * 1000
r = random.Random(722)
c = bytes(r.randrange(256) for _ in range(2000))
open(sys.argv[1], 'wb').write(a + b + c)
PY
cp "$tmp/edge.g722" g722-edge.g722
ff -f g722 -i g722-edge.g722 -f s16le g722-edge.s16

# Opus: 0.2 s per libopus frame duration, in Ogg (the test cuts packets out of the pages).
for ms in 2.5 5 10 20 40 60 80 100 120; do
  ff -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=0.2" -ac 1 -c:a libopus -b:a 24k \
    -frame_duration "$ms" -fflags +bitexact -f ogg "opus-${ms}ms.ogg"
done
# Constant bit rate, stereo: code 1 / code 3 CBR packets.
ff -f lavfi -i "sine=frequency=300:sample_rate=48000:duration=0.3" -ac 2 -c:a libopus -b:a 64k -vbr off \
  -frame_duration 60 -fflags +bitexact -f ogg opus-60ms-cbr.ogg
ls -l
