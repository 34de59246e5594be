import type { CdrLinkStatus } from '../../shared/messages.js';

type Refusal = NonNullable<CdrLinkStatus['lastError']>['reason'];

/**
 * What the CDR endpoint saw (the Reports/PBX link of the admin status): accepted posts and the
 * last refusal with its reason, so an admin can tell "nothing arrives" from "arrives but is
 * refused". Per process and since its start; nothing here is stored.
 */
export class CdrIntake {
  private readonly state: CdrLinkStatus;

  constructor(private readonly now: () => number) {
    this.state = { since: now(), received: 0, lastAt: null, lastFrom: null, lastPbx: null, lastError: null };
  }

  accepted(from: string | null, cdrs: number, pbx: string | null): void {
    this.state.received += cdrs;
    this.state.lastAt = this.now();
    this.state.lastFrom = from;
    if (pbx !== null) this.state.lastPbx = pbx;
  }

  refused(from: string | null, reason: Refusal, detail: string): void {
    this.state.lastError = { at: this.now(), from, reason, detail: detail.slice(0, 300) };
  }

  snapshot(): CdrLinkStatus {
    return { ...this.state, lastError: this.state.lastError ? { ...this.state.lastError } : null };
  }
}
