/*
 * Test-only reference harness around Debian's libbcg729 (never shipped, never linked into
 * the product). Streams use the tagged framing of our G.729 tests: records [tag][payload],
 * tag 10 = speech frame (10 bytes), 2 = SID (2 bytes), 0 = untransmitted frame, 0xFF =
 * erased frame; each record is 10 ms (80 samples at 8 kHz, s16le).
 *
 *   bcg729-ref encode VAD   < speech.s16 > stream.g729t   (VAD 0/1: DTX off/on)
 *   bcg729-ref decode       < stream.g729t > out.s16
 *   bcg729-ref bench N      < stream.g729t                (decodes N times, prints frames, wall and CPU seconds)
 *
 * Build: cc -O2 -o bcg729-ref bcg729-ref.c -lbcg729
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <bcg729/encoder.h>
#include <bcg729/decoder.h>

static uint8_t *slurp(size_t *len) {
  size_t cap = 1 << 16, n = 0, r;
  uint8_t *buf = malloc(cap);
  while (buf && (r = fread(buf + n, 1, cap - n, stdin)) > 0) {
    n += r;
    if (n == cap) { cap *= 2; buf = realloc(buf, cap); }
  }
  *len = n;
  return buf;
}

/* Decodes a tagged stream; writes samples to `out` when not NULL. Returns frames or -1. */
static long decode(const uint8_t *in, size_t len, FILE *out) {
  bcg729DecoderChannelContextStruct *d = initBcg729DecoderChannel();
  int16_t pcm[80];
  long frames = 0;
  size_t p = 0;
  while (p < len) {
    uint8_t tag = in[p++];
    if (tag == 10 || tag == 2) {
      if (len - p < tag) break;
      bcg729Decoder(d, in + p, tag, 0, tag == 2, 0, pcm);
      p += tag;
    } else if (tag == 0 || tag == 0xff) {
      bcg729Decoder(d, NULL, 0, 1, 0, 0, pcm);
    } else {
      closeBcg729DecoderChannel(d);
      return -1;
    }
    if (out) fwrite(pcm, 2, 80, out);
    frames++;
  }
  closeBcg729DecoderChannel(d);
  return frames;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: bcg729-ref encode VAD | decode | bench N\n"); return 2; }
  size_t len;
  uint8_t *in = slurp(&len);
  if (!in) return 1;
  if (strcmp(argv[1], "encode") == 0) {
    bcg729EncoderChannelContextStruct *e = initBcg729EncoderChannel(argc > 2 && atoi(argv[2]) != 0);
    uint8_t bits[10];
    uint8_t n;
    for (size_t p = 0; p + 160 <= len; p += 160) {
      int16_t pcm[80];
      memcpy(pcm, in + p, 160);
      bcg729Encoder(e, pcm, bits, &n);
      fputc(n, stdout);
      fwrite(bits, 1, n, stdout);
    }
    closeBcg729EncoderChannel(e);
    return 0;
  }
  if (strcmp(argv[1], "decode") == 0) return decode(in, len, stdout) < 0 ? 1 : 0;
  if (strcmp(argv[1], "bench") == 0) {
    int n = argc > 2 ? atoi(argv[2]) : 1;
    struct timespec a, b, ca, cb;
    long frames = 0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ca);
    for (int i = 0; i < n; i++) frames += decode(in, len, NULL);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cb);
    clock_gettime(CLOCK_MONOTONIC, &b);
    /* wall seconds, then CPU seconds (what a shared machine's load does not inflate) */
    printf("%ld %.6f %.6f\n", frames, (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9,
           (cb.tv_sec - ca.tv_sec) + (cb.tv_nsec - ca.tv_nsec) / 1e9);
    return 0;
  }
  return 2;
}
