// What a user reads when a capture cannot be played: the typed code turned into a reason and a hint.
import type { AppError, ErrorCode } from '../../shared/errors.js';

const TEXT: Partial<Record<ErrorCode, string>> = {
  'not-a-capture': 'This file is not a network capture (PCAP or PCAPNG). Choose the .pcap file of a recorded call.',
  'bad-header': 'The capture\'s file header is damaged, so its packets cannot be read.',
  'no-audio': 'The capture contains no RTP audio stream — it may hold only signalling, or the call was never connected.',
  'out-of-memory': 'The capture is too large to decode in this browser tab.',
  'too-large': 'The capture is larger than the decoder can handle (4 GiB).',
  'decoder-crashed': 'The decoder stopped unexpectedly on this file.',
  'decoder-state': 'The decoder got into an unexpected state; try opening the file again.',
};

export function explainError(e: AppError): string {
  return TEXT[e.code] ?? `The file could not be decoded: ${e.message} (${e.code}).`;
}
