import type { LoginInfo } from '../../shared/messages.js';

export type PeerKind = 'user' | 'admin' | 'pbx' | 'plugin';

/** Who is on the other end of a logged-in connection. */
export interface Identity {
  kind: PeerKind;
  app: string;
  domain: string;
  sip: string;
  guid: string;
  dn: string;
  /** the App object the login came through (`info.appobj`, covered by the digest) */
  appobj: string | null;
  info: LoginInfo | null;
}

/** Actor string of the audit log. */
export function actorOf(id: Identity): string {
  if (id.kind === 'pbx') return `pbx:${id.sip}`;
  if (id.kind === 'plugin') return `plugin:${id.sip || id.domain}`;
  return id.sip;
}
