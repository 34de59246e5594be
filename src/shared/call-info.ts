/** Call information from innovaphone CDR XML (reference §4.2), as stored and as sent to apps. */

export interface CdrParty {
  e164?: string;
  h323?: string;
  dn?: string;
}

export interface CdrEvent {
  /** setup-from, alert-to, conn-to, rel-from, transfer-to, … */
  msg: string;
  /** gateway uptime seconds; only the order matters */
  time: number | null;
  /** "ext" when the party is external */
  type?: string;
  e164?: string;
  h323?: string;
  dn?: string;
  /** conference GUID (32 lower-case hex) when the event carries one */
  conf?: string;
  cause?: number;
  /** new party after a transfer/forward */
  to?: CdrParty;
}

/** One CDR: one call as seen by one PBX object. */
export interface Cdr {
  /** unique id of this CDR (`id` attribute), or a derived one */
  id: string;
  /** GUID of the object the CDR belongs to */
  guid: string;
  h323: string;
  e164: string;
  cn: string;
  /** from = originated, to = received, cf = forwarded, ct = transferred */
  dir: 'from' | 'to' | 'cf' | 'ct' | string;
  /** call start, seconds since epoch */
  utc: number | null;
  device: string;
  /** object type when not a user: trunk, waiting, gw, … (the `<user pseudo>` attribute) */
  pseudo: string | null;
  /** every conference GUID the events carry, in order */
  confs: string[];
  events: CdrEvent[];
}

/** Who a recording belongs to and the other side, derived from CDRs (SPEC §6). */
export interface CallSummary {
  ownerSip: string | null;
  ownerNumber: string | null;
  ownerName: string | null;
  /** from the owner's point of view */
  direction: 'in' | 'out' | 'unknown';
  /** a trunk/gateway or an external number took part */
  external: boolean;
  remoteNumber: string | null;
  remoteName: string | null;
  connected: boolean;
}
