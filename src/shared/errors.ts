/** Codes of fatal errors, shared by decoder, worker, server and app. */
export const ERROR_CODES = [
  // decoder
  'not-a-capture', 'bad-header', 'out-of-memory', 'no-audio', 'too-large', 'decoder-state', 'aborted', 'decoder-crashed',
  // server / protocol
  'bad-request', 'unauthorized', 'forbidden', 'not-found', 'conflict', 'protected', 'too-large-upload', 'unsupported-media', 'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The one error type. Crossing a worker boundary only `name`/`message` survive
 * (Comlink), so `name` carries the code and `fromError` restores it.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = code;
  }
}

export function isErrorCode(x: unknown): x is ErrorCode {
  return typeof x === 'string' && (ERROR_CODES as readonly string[]).includes(x);
}

/** Rebuilds an AppError from anything thrown (e.g. after a postMessage round trip). */
export function fromError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof Error) return new AppError(isErrorCode(e.name) ? e.name : 'internal', e.message);
  return new AppError('internal', String(e));
}
