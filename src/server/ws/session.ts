import { AppError, fromError } from '../../shared/errors.js';
import { APP_ADMIN, APP_LATEST, APP_PLUGIN, APP_USER, type AppLogin, type LoginInfo, type Push } from '../../shared/messages.js';
import { HANDLERS, PERMISSIONS, type HandlerContext } from '../domain/handlers.js';
import type { Identity, PeerKind } from '../domain/identity.js';
import type { PbxPeer } from '../domain/pbx-link.js';
import type { RecordingService, Subscriber } from '../domain/service.js';
import { digestEquals, loginDigest, newChallenge } from './digest.js';
import { rawTopLevelValue } from './raw-json.js';
import { isRequestName, validateRequest } from './validate.js';

/** Minimal socket the session needs (the adapter wraps `ws`). */
export interface SessionSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
}

/** Named close codes. */
export const CLOSE = { loginFailed: 4001, protocol: 4002, tooLarge: 1009 } as const;

let nextId = 1;

/**
 * One AppWebsocket connection: challenge → login → classified peer → requests routed to the
 * domain handlers. A challenge is usable once; every refused request gets `<Name>Result{error}`.
 */
export class Session {
  readonly id = nextId++;
  private challenge: string | null = null;
  identity: Identity | null = null;
  private subscriber: Subscriber | null = null;
  private pbxPeer: (PbxPeer & { id: number }) | null = null;
  private closed = false;

  constructor(
    private readonly socket: SessionSocket,
    private readonly service: RecordingService,
    private readonly password: () => string,
    private readonly instanceDomain: string,
    private readonly baseUrl: string,
  ) {}

  private send(obj: Record<string, unknown>): void {
    if (this.closed) return;
    this.socket.send(JSON.stringify(obj));
  }

  private refuse(mt: string, src: unknown, api: unknown, err: AppError): void {
    const reply: Record<string, unknown> = { mt: `${mt}Result`, error: err.code, errorText: err.message };
    if (typeof src === 'string') reply.src = src;
    if (typeof api === 'string') reply.api = api;
    this.send(reply);
  }

  /** One text frame from the client. */
  async onText(text: string): Promise<void> {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      this.send({ mt: 'Error', error: 'bad-request', errorText: 'frame is not JSON' });
      return;
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg) || typeof (msg as { mt?: unknown }).mt !== 'string') {
      this.send({ mt: 'Error', error: 'bad-request', errorText: 'frame must be a JSON object with a string "mt"' });
      return;
    }
    const m = msg as Record<string, unknown> & { mt: string };
    // The reply's mt is built from the request's; keep it a plain, short name.
    if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(m.mt)) {
      this.send({ mt: 'Error', error: 'bad-request', errorText: '"mt" must be a name of letters, digits and _ (at most 64)' });
      return;
    }
    try {
      await this.dispatch(m, text);
    } catch (e) {
      const err = fromError(e);
      if (err.code === 'internal') this.service.trace.error('ui', `${m.mt} failed: ${err.message}`);
      this.refuse(m.mt, m.src, m.api, err);
    }
  }

  private async dispatch(m: Record<string, unknown> & { mt: string }, text: string): Promise<void> {
    switch (m.mt) {
      case 'AppChallenge':
        this.challenge = newChallenge();
        this.send({ mt: 'AppChallengeResult', challenge: this.challenge, ...(typeof m.src === 'string' ? { src: m.src } : {}) });
        return;
      case 'AppLogin':
        this.login(m as unknown as AppLogin, text);
        return;
      case 'KeepAlive':
        return;
      case 'CheckBuild':
        // Static files are not build-versioned here, so a reload is never needed.
        this.send({ mt: 'CheckBuildResult', ...(typeof m.src === 'string' ? { src: m.src } : {}) });
        return;
      case 'AppCheckLogin':
        this.checkLogin(m);
        return;
    }
    if (!this.identity) throw new AppError('unauthorized', 'log in first (AppChallenge, AppLogin)');
    if (this.identity.kind === 'pbx') {
      await this.onPbxMessage(m);
      return;
    }
    if (typeof m.api === 'string' && m.api !== '') throw new AppError('bad-request', `unknown api "${m.api}"`);
    if (!isRequestName(m.mt)) throw new AppError('bad-request', `unknown message "${m.mt}"`);
    if (!PERMISSIONS[m.mt].includes(this.identity.kind)) {
      throw new AppError('forbidden', `${m.mt} is not allowed for ${this.identity.kind} connections`);
    }
    const req = validateRequest(m as never);
    const ctx: HandlerContext = {
      service: this.service,
      identity: this.identity,
      baseUrl: this.baseUrl,
      setSubscription: (src) => this.setSubscription(src),
    };
    const handler = HANDLERS[req.mt] as (c: HandlerContext, r: typeof req) => Promise<object>;
    const result = await handler(ctx, req);
    this.service.trace.debug('ui', `${this.identity.sip} ${req.mt} ok`);
    this.send({ mt: `${req.mt}Result`, ...(req.src !== undefined ? { src: req.src } : {}), ...result });
  }

  private login(m: AppLogin, text: string): void {
    const challenge = this.challenge;
    // Single use: a failed or repeated login needs a new AppChallenge.
    this.challenge = null;
    const fail = (why: string): void => {
      this.service.trace.info('ui', `login refused: ${why}`);
      this.send({ mt: 'AppLoginResult', ...(typeof m.src === 'string' ? { src: m.src } : {}), error: 'unauthorized', errorText: why });
    };
    if (this.identity) return fail('already logged in');
    if (challenge === null) return fail('no unused challenge (send AppChallenge first)');
    for (const k of ['app', 'domain', 'sip', 'guid', 'dn', 'pbxObj'] as const) {
      if (m[k] !== undefined && typeof m[k] !== 'string') return fail(`"${k}" must be a string`);
    }
    if (typeof m.digest !== 'string' || !/^[0-9a-fA-F]{64}$/.test(m.digest)) return fail('"digest" must be 64 hex digits');
    const hasInfo = m.info !== undefined;
    if (hasInfo && (typeof m.info !== 'object' || m.info === null || Array.isArray(m.info))) return fail('"info" must be an object');
    const base = { app: m.app, domain: m.domain, sip: m.sip, guid: m.guid, dn: m.dn, challenge };
    const candidates = new Set<string | undefined>();
    if (!hasInfo) candidates.add(undefined);
    else {
      const raw = rawTopLevelValue(text, 'info');
      if (raw !== undefined) candidates.add(raw);
      candidates.add(JSON.stringify(m.info));
    }
    const ok = [...candidates].some((infoJson) => digestEquals(loginDigest({ ...base, infoJson }, this.password()), m.digest));
    if (!ok) return fail('wrong digest');
    const kind = classify(m);
    if (!kind) return fail(`app "${m.app ?? ''}" is not served here`);
    if (kind === 'user' && !m.sip) return fail('user logins need "sip"');
    const info = (hasInfo ? m.info : null) as LoginInfo | null;
    // The App object decides which of our apps it opens (its URL); a login for the other one is not its grant.
    const opens = typeof info?.appurl === 'string' ? info.appurl.replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop()!.replace(/\.htm$/, '') : '';
    if ((kind === 'user' || kind === 'admin') && OUR_APPS.includes(opens) && opens !== m.app) {
      return fail(`the App object "${info?.appobj ?? ''}" opens ${opens}, not ${m.app ?? ''}`);
    }
    this.identity = {
      kind, app: m.app ?? '', domain: m.domain ?? '', sip: m.sip ?? '', guid: m.guid ?? '', dn: m.dn ?? '',
      appobj: typeof info?.appobj === 'string' ? info.appobj : null, info,
    };
    this.send({ mt: 'AppLoginResult', ...(typeof m.src === 'string' ? { src: m.src } : {}), ok: true, domain: this.instanceDomain });
    this.service.trace.info('ui', `login ${kind} ${this.identity.sip || '-'} via ${this.identity.appobj ?? '-'}`);
    if (kind === 'pbx') {
      const send = (o: Record<string, unknown>): void => this.send(o);
      this.pbxPeer = { id: this.id, pbx: null, apis: [], send };
      this.service.links.add(this.pbxPeer);
    }
  }

  /** The PBX Manager plugin checks an App object's password (reference §1.3 AppCheckLogin). */
  private checkLogin(m: Record<string, unknown>): void {
    const str = (k: string): string => (typeof m[k] === 'string' ? (m[k] as string) : '');
    const digest = str('digest');
    const ok = /^[0-9a-fA-F]{64}$/.test(digest) && str('challenge') !== '' &&
      digestEquals(loginDigest({ app: str('app'), domain: str('domain'), challenge: str('challenge') }, this.password()), digest);
    this.send({ mt: 'AppCheckLoginResult', ...(typeof m.src === 'string' ? { src: m.src } : {}), ok });
  }

  /** Messages on the PBX App-object connection: PbxInfo, AppInfo, replies to our PbxAdminApi requests. */
  private async onPbxMessage(m: Record<string, unknown> & { mt: string }): Promise<void> {
    const peer = this.pbxPeer!;
    if (m.mt === 'PbxInfo') {
      peer.pbx = typeof m.pbx === 'string' ? m.pbx : '';
      peer.apis = Array.isArray(m.apis) ? m.apis.filter((x): x is string => typeof x === 'string') : [];
      const s = await this.service.store.getSettings();
      const used = this.service.links.active(s.pbxName) === peer;
      this.service.trace.info('license', `PbxInfo pbx=${peer.pbx} apis=${peer.apis.join(',')}${s.pbxName === '' ? ' (PBX Name missing)' : used ? '' : ` (ignored: PBX name is ${s.pbxName})`}`);
      this.service.links.onChange();
      if (used) {
        await this.service.store.appendAudit({ actor: 'system', action: 'pbx-link', recordingId: null, details: { state: 'connected', pbx: peer.pbx } });
      }
      if (used) void this.service.recheckLicenses().catch((e) => this.service.trace.error('license', (e as Error).message));
      return;
    }
    if (m.mt === 'AppInfo') {
      this.send({ mt: 'AppInfoResult', ...(typeof m.src === 'string' ? { src: m.src } : {}), app: m.app, info: { hidden: false, presence: false, apis: {} } });
      return;
    }
    if (typeof m.api === 'string' && this.service.links.deliver(m)) return;
    if (m.mt.endsWith('Result') || m.mt.endsWith('Info')) {
      // a late answer (after our timeout) or a monitoring update nobody asked for: nothing to reply to
      this.service.trace.debug('license', `PBX ${m.mt} without a waiting request ignored`);
      return;
    }
    throw new AppError('forbidden', `${m.mt} is not handled on the PBX connection`);
  }

  private setSubscription(src: string | undefined | null): void {
    if (this.subscriber) this.service.removeSubscriber(this.subscriber);
    this.subscriber = null;
    if (src === null || !this.identity) return;
    this.subscriber = { identity: this.identity, src, send: (p: Push) => this.send(p as never) };
    this.service.addSubscriber(this.subscriber);
  }

  onClose(): void {
    this.closed = true;
    if (this.subscriber) this.service.removeSubscriber(this.subscriber);
    if (this.pbxPeer) void this.pbxLost(this.pbxPeer);
  }

  /** Broken-link indicator and a log entry when the PBX in use goes away (SPEC §6). */
  private async pbxLost(peer: PbxPeer): Promise<void> {
    try {
      const s = await this.service.store.getSettings();
      const wasUsed = this.service.links.active(s.pbxName) === peer;
      this.service.links.remove(peer);
      if (!wasUsed) return;
      this.service.trace.error('license', `PBX ${peer.pbx ?? '?'} connection lost`);
      await this.service.store.appendAudit({ actor: 'system', action: 'pbx-link', recordingId: null, details: { state: 'lost', pbx: peer.pbx } });
    } catch (e) {
      this.service.trace.error('license', `PBX loss bookkeeping failed: ${(e as Error).message}`);
    }
  }
}

/** The App-object URL endings (= login `app` names) this service serves to people. */
const OUR_APPS: readonly string[] = [APP_USER, APP_ADMIN, APP_LATEST];

/** Peer kind from the login (reference §1.11); null when the app is not one of ours. */
export function classify(m: AppLogin): PeerKind | null {
  const appobj = m.info && typeof m.info.appobj === 'string' ? m.info.appobj : undefined;
  if (m.app === APP_PLUGIN || m.pbxObj === APP_PLUGIN) return 'plugin';
  // The PBX's own connection logs in as its App object: sip == info.appobj (reference §1.5).
  if (appobj !== undefined && m.sip !== undefined && m.sip !== '' && appobj === m.sip) return 'pbx';
  if (m.app === APP_ADMIN) return 'admin';
  // The softphone panel's own App object sees exactly what the user app sees.
  if (m.app === APP_USER || m.app === APP_LATEST) return 'user';
  return null;
}
