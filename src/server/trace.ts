import { appendFileSync } from 'node:fs';
import type { TraceCategory, TraceLevel } from '../shared/messages.js';

const RANK: Record<TraceLevel, number> = { off: 0, error: 1, info: 2, debug: 3 };

export interface TraceLine {
  at: number;
  category: TraceCategory;
  level: Exclude<TraceLevel, 'off'>;
  text: string;
}

/**
 * Trace output per admin category (Recording, Call Information, Converting, License, UI).
 * The admin's levels decide what is written; lines go to `<dataDir>/trace.log` and a small
 * in-memory ring (for tests and the admin view).
 */
export class Trace {
  private levels: Record<TraceCategory, TraceLevel> = { recording: 'error', callInfo: 'error', converting: 'error', license: 'error', ui: 'error' };
  readonly ring: TraceLine[] = [];

  constructor(
    /** trace.log; null: lines only go to the ring (and stderr) */
    readonly file: string | null,
    private readonly now: () => number,
    private readonly echo: boolean,
  ) {}

  setLevels(levels: Record<TraceCategory, TraceLevel>): void {
    this.levels = { ...levels };
  }

  enabled(category: TraceCategory, level: Exclude<TraceLevel, 'off'>): boolean {
    return RANK[this.levels[category]] >= RANK[level];
  }

  log(category: TraceCategory, level: Exclude<TraceLevel, 'off'>, text: string): void {
    if (!this.enabled(category, level)) return;
    const line: TraceLine = { at: this.now(), category, level, text };
    this.ring.push(line);
    if (this.ring.length > 1000) this.ring.splice(0, this.ring.length - 1000);
    const s = `${new Date(line.at).toISOString()} ${category} ${level} ${text}\n`;
    if (this.file) {
      try {
        appendFileSync(this.file, s);
      } catch {
        // a full disk must not take the service down; the ring still has the line
      }
    }
    if (this.echo) process.stderr.write(s);
  }

  error(c: TraceCategory, t: string): void { this.log(c, 'error', t); }
  info(c: TraceCategory, t: string): void { this.log(c, 'info', t); }
  debug(c: TraceCategory, t: string): void { this.log(c, 'debug', t); }
}
