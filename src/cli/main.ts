// Entry of the `recordings` command (bin/recordings.mjs): argument parsing and exit codes.
import { parseArgs } from 'node:util';
import type { DecodeOptions } from '../shared/decoder-types.js';
import { AppError, fromError } from '../shared/errors.js';
import type { PcmLayout } from '../worker/decode-session.js';
import { decodeCommand } from './decode-command.js';
import { infoCommand } from './info-command.js';
import { USAGE, UsageError } from './usage.js';

/** Runs one command; resolves with the process exit code (0 ok, 1 decode/runtime error, 2 usage). */
export async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (e) {
    if (e instanceof UsageError || isParseArgsError(e)) {
      process.stderr.write(`recordings: ${(e as Error).message}\nrun "recordings --help" for usage\n`);
      return 2;
    }
    const err = fromError(e);
    process.stderr.write(`recordings: error [${err.code}]: ${err.message}\n`);
    return 1;
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case undefined:
      process.stderr.write(USAGE);
      return 2;
    case '-h': case '--help': case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'decode': return decode(rest);
    case 'info': return info(rest);
    case 'serve': case 'pbx-sim': return server(cmd, rest);
    default: throw new UsageError(`unknown command "${cmd}"`);
  }
}

async function decode(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true, strict: true,
    options: {
      output: { type: 'string', short: 'o' }, mono: { type: 'boolean' }, channel: { type: 'string' },
      swap: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { process.stdout.write(USAGE); return 0; }
  const input = single(positionals, 'decode needs one input capture');
  if (!values.output) throw new UsageError('decode needs -o <out.wav> (or -o - for standard output)');
  if (values.mono && values.channel) throw new UsageError('--mono and --channel exclude each other');
  let layout: PcmLayout = values.mono ? 'mono' : 'stereo';
  if (values.channel !== undefined) {
    if (values.channel !== 'left' && values.channel !== 'right') throw new UsageError(`--channel must be left or right, not "${values.channel}"`);
    layout = values.channel;
  }
  const options: DecodeOptions = { swapChannels: values.swap === true };
  await decodeCommand(input, values.output, layout, options);
  return 0;
}

async function info(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true, strict: true,
    options: { json: { type: 'boolean' }, swap: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) { process.stdout.write(USAGE); return 0; }
  const input = single(positionals, 'info needs one input capture');
  await infoCommand(input, values.json === true, { swapChannels: values.swap === true });
  return 0;
}

/** serve and pbx-sim live in the server build (dist/server/main.js), loaded only when asked for. */
async function server(cmd: 'serve' | 'pbx-sim', args: string[]): Promise<number> {
  const spec = '../server/main.js';
  let mod: Record<string, unknown>;
  try {
    mod = await import(spec) as Record<string, unknown>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes('server')) {
      throw new AppError('internal', 'the server is not built (dist/server/main.js missing): run npm run build:node');
    }
    throw e;
  }
  const entry = cmd === 'serve' ? mod.runServe : mod.runPbxSim;
  if (typeof entry !== 'function') {
    throw new AppError('internal', `the server build has no ${cmd === 'serve' ? 'runServe' : 'runPbxSim'} entry: ${cmd} is not available`);
  }
  await (entry as (argv: string[]) => Promise<void>)(args);
  return 0;
}

function single(positionals: string[], missing: string): string {
  if (positionals.length === 0) throw new UsageError(missing);
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  return positionals[0];
}

function isParseArgsError(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
