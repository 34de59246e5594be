import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** File in the data dir that holds the instance password when RECORDINGS_PASSWORD is not set. */
export const PASSWORD_FILE = 'instance-password';

/** Refused password change (the password is fixed by the environment, or is not acceptable). */
export class InstancePasswordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InstancePasswordError';
  }
}

/**
 * The instance password, re-read when its file changes: the App Platform Manager (here the PBX
 * simulator's SetInstancePassword) sets a new one and the running service must accept logins
 * with it without a restart. Fixed when it came from RECORDINGS_PASSWORD (`file` null).
 */
export class InstancePassword {
  private stamp = '';

  constructor(private value: string, readonly file: string | null) {
    if (file) this.stamp = stampOf(file);
  }

  current(): string {
    if (this.file === null) return this.value;
    const m = stampOf(this.file);
    if (m !== this.stamp) {
      this.stamp = m;
      try {
        const pw = readFileSync(this.file, 'utf8').trim();
        if (pw.length > 0) this.value = pw;
      } catch {
        // a missing or unreadable file keeps the password the service started with
      }
    }
    return this.value;
  }
}

/** Inode and mtime: a rename (how the file is always written) gives a new inode even within one clock tick. */
function stampOf(file: string): string {
  try {
    const st = statSync(file);
    return `${st.ino}:${st.mtimeMs}`;
  } catch {
    return '';
  }
}

/** Writes a new instance password into the data dir atomically (what SetInstancePassword does). */
export function writeInstancePassword(dataDir: string, pwd: string): void {
  if (pwd.length === 0 || /[\r\n]/.test(pwd)) throw new InstancePasswordError('the password must be one non-empty line');
  const file = join(dataDir, PASSWORD_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, pwd + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}
