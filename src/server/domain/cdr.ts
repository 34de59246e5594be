import type { Cdr, CdrEvent, CallSummary } from '../../shared/call-info.js';
import { findAll, parseXml, type XmlElement } from './xml.js';
import { normalizeGuid } from './file-name.js';

function num(s: string | undefined): number | null {
  if (s === undefined || !/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

function toEvent(el: XmlElement): CdrEvent {
  const a = el.attrs;
  const ev: CdrEvent = { msg: a.msg ?? '', time: num(a.time) };
  if (a.type) ev.type = a.type;
  if (a.e164) ev.e164 = a.e164;
  if (a.h323) ev.h323 = a.h323;
  if (a.dn) ev.dn = a.dn;
  if (a.conf && /^[0-9a-fA-F-]{32,36}$/.test(a.conf)) ev.conf = normalizeGuid(a.conf);
  const cause = num(a.cause);
  if (cause !== null) ev.cause = cause;
  const to = el.children.find((c) => c.name === 'to');
  if (to) ev.to = { e164: to.attrs.e164, h323: to.attrs.h323, dn: to.attrs.dn };
  return ev;
}

/** Parses every `<cdr>` in a POST body. Throws XmlError on malformed XML; CDR-less XML gives []. */
export function parseCdrXml(text: string): Cdr[] {
  return parseCdrPost(text).cdrs;
}

/**
 * The CDRs of a POST body and the PBX they name (`pbx` attribute, or `sys` where `pbx` is the
 * local "."), for the link status. Throws XmlError on malformed XML.
 */
export function parseCdrPost(text: string): { cdrs: Cdr[]; pbx: string | null } {
  const out: Cdr[] = [];
  let pbx: string | null = null;
  for (const el of findAll(parseXml(text), 'cdr')) {
    const a = el.attrs;
    const named = a.pbx && a.pbx !== '.' ? a.pbx : a.sys;
    if (named) pbx = named.slice(0, 128);
    const events = el.children.filter((c) => c.name === 'event').map(toEvent);
    const user = el.children.find((c) => c.name === 'user');
    const confs: string[] = [];
    for (const e of events) if (e.conf && !confs.includes(e.conf)) confs.push(e.conf);
    out.push({
      id: a.id ?? `${a.guid ?? ''}-${a.utc ?? ''}-${a.dir ?? ''}-${confs[0] ?? ''}`,
      guid: a.guid ? normalizeGuid(a.guid) : '',
      h323: a.h323 ?? '',
      e164: a.e164 ?? '',
      cn: a.cn ?? '',
      dir: a.dir ?? '',
      utc: num(a.utc),
      device: a.device ?? '',
      pseudo: user?.attrs.pseudo ?? null,
      confs,
      events,
    });
  }
  return { cdrs: out, pbx };
}

const CONNECT_MSGS = new Set(['conn-to', 'conn-from', 'connected']);

function firstConnectTime(c: Cdr): number {
  for (const e of c.events) if (CONNECT_MSGS.has(e.msg)) return e.time ?? Number.MAX_SAFE_INTEGER - 1;
  return Number.MAX_SAFE_INTEGER;
}

function remoteOf(c: Cdr): { number: string | null; name: string | null; external: boolean } {
  // The far end is named on the setup/connect events of this object's own CDR.
  for (const e of c.events) {
    if ((e.msg.startsWith('setup') || CONNECT_MSGS.has(e.msg) || e.msg.startsWith('alert')) && (e.e164 || e.h323)) {
      return { number: e.e164 ?? e.h323 ?? null, name: e.dn ?? null, external: e.type === 'ext' };
    }
  }
  return { number: null, name: null, external: false };
}

/**
 * Owner and direction of a call from its CDRs (SPEC §6): the user named in the file wins when
 * one of the CDRs is theirs; trunk/gateway calls belong to the caller when outgoing and to the
 * first user who answered when incoming; waiting-queue calls to the user who answered.
 */
export function summarizeCall(cdrs: Cdr[], fileUser: string | null): CallSummary {
  const users = cdrs.filter((c) => c.pseudo === null && c.h323 !== '');
  const external = cdrs.some((c) => c.pseudo === 'trunk' || c.pseudo === 'gw' || c.events.some((e) => e.type === 'ext'));
  let owner: Cdr | undefined;
  if (fileUser) owner = users.find((c) => c.h323 === fileUser);
  const callers = users.filter((c) => c.dir === 'from');
  const answered = users.filter((c) => c.dir !== 'from' && firstConnectTime(c) < Number.MAX_SAFE_INTEGER)
    .sort((x, y) => firstConnectTime(x) - firstConnectTime(y));
  if (!owner) {
    if (callers.length > 0 && (external || answered.length === 0)) owner = callers[0];
    else if (answered.length > 0) owner = answered[0];
    else owner = users[0];
  }
  if (!owner) {
    return { ownerSip: fileUser, ownerNumber: null, ownerName: null, direction: 'unknown', external, remoteNumber: null, remoteName: null, connected: false };
  }
  const remote = remoteOf(owner);
  const direction: CallSummary['direction'] = owner.dir === 'from' ? 'out' : 'in';
  return {
    ownerSip: owner.h323,
    ownerNumber: owner.e164 || null,
    ownerName: owner.cn || null,
    direction,
    external,
    remoteNumber: remote.number,
    remoteName: remote.name,
    connected: firstConnectTime(owner) < Number.MAX_SAFE_INTEGER,
  };
}
