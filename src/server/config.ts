import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A user of the standalone host page's demo directory (stands in for PBX user objects). */
export interface DemoUser {
  sip: string;
  dn: string;
  guid: string;
  e164: string;
  /** the App object the host page logs this user in through */
  appobj: string;
  admin: boolean;
}

export interface ServerConfig {
  port: number;
  host: string;
  domain: string;
  instance: string;
  password: string;
  /** true when the password was generated on this start (printed once) */
  passwordGenerated: boolean;
  /** the data-dir file the password was read from; null when RECORDINGS_PASSWORD fixes it */
  passwordFile: string | null;
  dataDir: string;
  databaseUrl: string | null;
  uploadUser: string | null;
  uploadPassword: string | null;
  demo: boolean;
  /** largest accepted upload body in bytes */
  uploadCapBytes: number;
  /** directory with the built web app (vite output) */
  webDir: string;
  /** directory with the built PBX Manager plugin (plugin/ build output) */
  pluginDir: string;
  demoUsers: DemoUser[];
  /** users licensed for App(innovaphone-recorder) when no PBX is connected */
  licenseList: string[] | null;
  /** for tests: a controllable clock (ms since epoch) */
  now: () => number;
  /** for tests: write nothing to stdout */
  quiet: boolean;
  /** interval of the retention job in ms (0 = only on demand) */
  retentionIntervalMs: number;
  /** a streaming upload silent for this long is cut and kept as partial */
  uploadIdleMs: number;
  /** standalone host page: for loopback clients only (default), everyone, or nobody */
  hostPage: 'loopback' | 'on' | 'off';
}

/** Start-up refused: one line naming the variable, exit 1. */
export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export const DEFAULT_DEMO_USERS: DemoUser[] = [
  { sip: 'alice', dn: 'Alice Adams', guid: 'a11ce000000000000000000000000001', e164: '201', appobj: 'recordings', admin: false },
  { sip: 'bob', dn: 'Bob Brown', guid: 'b0b00000000000000000000000000002', e164: '202', appobj: 'recordings', admin: false },
  { sip: 'carol', dn: 'Carol Clark (supervisor)', guid: 'ca201000000000000000000000000003', e164: '203', appobj: 'recordings-team', admin: false },
  { sip: 'admin', dn: 'Administrator', guid: 'ad000000000000000000000000000004', e164: '200', appobj: 'recordingsadmin', admin: true },
];

function parseIntVar(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new ConfigError(name, `must be from ${min} to ${max}, got ${n}`);
  return n;
}

function parseName(env: NodeJS.ProcessEnv, name: string, def: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!NAME_RE.test(raw)) throw new ConfigError(name, `must be 1-63 characters of letters, digits, ".", "_" or "-", got "${raw}"`);
  return raw;
}

function parseHost(env: NodeJS.ProcessEnv): string {
  const raw = env.RECORDINGS_HOST;
  if (raw === undefined || raw === '') return '0.0.0.0';
  if (!/^[A-Za-z0-9.:-]{1,253}$/.test(raw)) throw new ConfigError('RECORDINGS_HOST', `must be an IP address or host name, got "${raw}"`);
  return raw;
}

/** Reads the instance password file, or creates it with a fresh random password. */
function loadOrCreatePassword(dataDir: string): { password: string; generated: boolean } {
  const file = join(dataDir, 'instance-password');
  if (existsSync(file)) {
    const pw = readFileSync(file, 'utf8').trim();
    if (pw.length > 0) return { password: pw, generated: false };
  }
  const pw = randomBytes(12).toString('base64url');
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, pw + '\n', { mode: 0o600 });
  renameSync(tmp, file);
  return { password: pw, generated: true };
}

/**
 * Builds the configuration from the environment (SPEC §3). Throws ConfigError naming the
 * variable for any invalid value. `overrides` lets tests set values the environment has no name for.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const port = parseIntVar(env, 'PORT', 8080, 0, 65535);
  const domain = parseName(env, 'RECORDINGS_DOMAIN', 'example.com');
  const instance = parseName(env, 'RECORDINGS_INSTANCE', 'recordings');
  const dataDir = resolve(overrides.dataDir ?? (env.RECORDINGS_DATA_DIR || './data'));
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (e) {
    throw new ConfigError('RECORDINGS_DATA_DIR', `cannot create "${dataDir}": ${(e as Error).message}`);
  }
  let databaseUrl: string | null = null;
  if (env.DATABASE_URL) {
    if (!/^postgres(ql)?:\/\/\S+$/.test(env.DATABASE_URL)) throw new ConfigError('DATABASE_URL', 'must be a postgres:// URL');
    databaseUrl = env.DATABASE_URL;
  }
  const uploadUser = env.RECORDINGS_UPLOAD_USER || null;
  const uploadPassword = env.RECORDINGS_UPLOAD_PASSWORD || null;
  if ((uploadUser === null) !== (uploadPassword === null)) {
    throw new ConfigError(uploadUser ? 'RECORDINGS_UPLOAD_PASSWORD' : 'RECORDINGS_UPLOAD_USER',
      'RECORDINGS_UPLOAD_USER and RECORDINGS_UPLOAD_PASSWORD must be set together');
  }
  if (uploadUser?.includes(':')) throw new ConfigError('RECORDINGS_UPLOAD_USER', 'must not contain ":"');
  const demoRaw = env.RECORDINGS_DEMO;
  if (demoRaw !== undefined && demoRaw !== '' && demoRaw !== '0' && demoRaw !== '1') {
    throw new ConfigError('RECORDINGS_DEMO', `must be 0 or 1, got "${demoRaw}"`);
  }
  const capMb = parseIntVar(env, 'RECORDINGS_UPLOAD_MAX_MB', 100, 1, 100_000);
  let licenseList: string[] | null = null;
  if (env.RECORDINGS_LICENSES) {
    licenseList = env.RECORDINGS_LICENSES.split(',').map((s) => s.trim()).filter(Boolean);
    if (licenseList.some((s) => s !== '*' && !NAME_RE.test(s))) throw new ConfigError('RECORDINGS_LICENSES', 'must be a comma-separated list of user names');
  }
  const hostRaw = env.RECORDINGS_HOST_PAGE;
  if (hostRaw !== undefined && hostRaw !== '' && !['0', '1', 'loopback'].includes(hostRaw)) {
    throw new ConfigError('RECORDINGS_HOST_PAGE', `must be 0, 1 or loopback, got "${hostRaw}"`);
  }
  let password = env.RECORDINGS_PASSWORD ?? '';
  let generated = false;
  let passwordFile: string | null = null;
  if (password === '') {
    passwordFile = join(dataDir, 'instance-password');
    const p = loadOrCreatePassword(dataDir);
    password = p.password;
    generated = p.generated;
  } else if (/[\r\n]/.test(password)) {
    throw new ConfigError('RECORDINGS_PASSWORD', 'must be a single line');
  }
  return {
    port,
    host: parseHost(env),
    domain,
    instance,
    password,
    passwordGenerated: generated,
    passwordFile,
    dataDir,
    databaseUrl,
    uploadUser,
    uploadPassword,
    demo: demoRaw !== '0',
    uploadCapBytes: capMb * 1024 * 1024,
    webDir: resolve('dist/web'),
    pluginDir: resolve('dist/plugin'),
    demoUsers: DEFAULT_DEMO_USERS,
    licenseList,
    now: Date.now,
    quiet: false,
    retentionIntervalMs: 60 * 60 * 1000,
    uploadIdleMs: parseIntVar(env, 'RECORDINGS_UPLOAD_IDLE_S', 120, 1, 86_400) * 1000,
    hostPage: hostRaw === '0' ? 'off' : hostRaw === '1' ? 'on' : 'loopback',
    ...overrides,
  };
}
