import { AppError } from '../../shared/errors.js';
import type { AppObjectConfigInfo, RequestName, RequestOf, ResultMap, LogEntry } from '../../shared/messages.js';
import type { AppObjectConfig, OwnerSet, RecordingFilter } from '../storage/types.js';
import { summarizeCall } from './cdr.js';
import { actorOf, type Identity, type PeerKind } from './identity.js';
import { toInfo, type RecordingService } from './service.js';
import { readTraceTail } from '../trace-tail.js';

/** What a handler knows about the request's connection. */
export interface HandlerContext {
  service: RecordingService;
  identity: Identity;
  /** base URL of the instance as the client reached it, e.g. http://host:8080/example.com/recordings */
  baseUrl: string;
  /** turns live pushes for this connection on (src of the subscription) or off (null) */
  setSubscription(src: string | undefined | null): void;
}

type Handler<N extends RequestName> = (ctx: HandlerContext, req: RequestOf<N>) => Promise<ResultMap[N]>;
type Handlers = { [N in RequestName]: Handler<N> };

/** Which peer kinds may send which request (SPEC §5). Everything else is refused. */
export const PERMISSIONS: Record<RequestName, readonly PeerKind[]> = {
  ListRecordings: ['user', 'admin'],
  GetRecording: ['user', 'admin'],
  SubscribeRecordings: ['user', 'admin'],
  UnsubscribeRecordings: ['user', 'admin'],
  ProtectRecording: ['user', 'admin'],
  DeleteRecording: ['user', 'admin'],
  RestoreRecording: ['admin'],
  ListRecycleBin: ['admin'],
  PurgeRecording: ['admin'],
  GetSettings: ['admin'],
  SetSettings: ['admin'],
  ListLogs: ['user', 'admin'],
  SetNote: ['user', 'admin'],
  GetDownloadToken: ['user', 'admin'],
  GetAppObjectConfig: ['admin', 'plugin'],
  SetAppObjectConfig: ['admin', 'plugin'],
  ListAppObjectConfigs: ['admin', 'plugin'],
  RunRetention: ['admin'],
  GetTraceLog: ['admin'],
};

function cfgInfo(c: AppObjectConfig): AppObjectConfigInfo {
  return { appObject: c.appObject, accessList: c.accessList, deleteMode: c.deleteMode, updatedAt: c.updatedAt };
}

/** Narrows the caller's allowed owners to one requested owner; refuses owners outside the set. */
function narrowOwners(allowed: OwnerSet | undefined, owner: string | undefined): OwnerSet | undefined {
  if (owner === undefined) return allowed;
  if (allowed === undefined) return { sips: [owner], numbers: [owner] };
  const sips = allowed.sips?.includes(owner) ? [owner] : [];
  const numbers = allowed.numbers?.includes(owner) ? [owner] : [];
  if (sips.length === 0 && numbers.length === 0) throw new AppError('forbidden', `recordings of "${owner}" are not visible to you`);
  return { sips, numbers };
}

async function audit(ctx: HandlerContext, action: string, recordingId: string | null, details: Record<string, unknown> = {}): Promise<void> {
  await ctx.service.store.appendAudit({ actor: actorOf(ctx.identity), action, recordingId, details: details as never });
}

function appObjectFor(ctx: HandlerContext, requested: string | undefined): string {
  const name = requested ?? ctx.identity.appobj ?? '';
  if (name === '') throw new AppError('bad-request', 'appObject missing (no App object in the login either)');
  return name;
}

export const HANDLERS: Handlers = {
  async ListRecordings(ctx, req) {
    const owners = narrowOwners(await ctx.service.ownersFor(ctx.identity), req.filter?.owner);
    const filter: RecordingFilter = {
      text: req.filter?.text, from: req.filter?.from, to: req.filter?.to, direction: req.filter?.direction,
      owners, state: 'active',
    };
    if (ctx.identity.kind !== 'admin') filter.licensed = true;
    const page = await ctx.service.store.listRecordings(filter, { sort: req.sort, dir: req.dir, limit: req.limit ?? 50, cursor: req.cursor });
    return { items: page.items.map(toInfo), more: page.more, cursor: page.nextCursor };
  },

  async GetRecording(ctx, req) {
    const r = await ctx.service.visible(ctx.identity, req.id);
    const ci = r.confGuid ? await ctx.service.store.getCallInfo(r.confGuid) : null;
    const cdrs = ci ? ci.entries.map((e) => e.data as never) : null;
    return {
      recording: {
        ...toInfo(r), streams: r.streams, warnings: r.warnings, callInfo: cdrs,
        summary: cdrs && cdrs.length > 0 ? summarizeCall(cdrs, r.regName) : null,
      },
    };
  },

  async SubscribeRecordings(ctx, req) {
    ctx.setSubscription(req.src);
    return { ok: true };
  },

  async UnsubscribeRecordings(ctx) {
    ctx.setSubscription(null);
    return { ok: true };
  },

  async ProtectRecording(ctx, req) {
    await ctx.service.visible(ctx.identity, req.id);
    const r = await ctx.service.store.setProtected(req.id, req.protected);
    await audit(ctx, req.protected ? 'protect' : 'unprotect', r.id, { fileName: r.fileName });
    return { recording: toInfo(r) };
  },

  async DeleteRecording(ctx, req) {
    const r = await ctx.service.visible(ctx.identity, req.id);
    if (r.protected) throw new AppError('protected', 'the recording is protected; remove the protection first');
    if (r.state !== 'active') throw new AppError('conflict', 'the recording is already in the recycle bin');
    let mode = ctx.identity.appobj ? (await ctx.service.store.getAppObjectConfig(ctx.identity.appobj)).deleteMode : 'recoverable';
    if (req.mode !== undefined) {
      if (ctx.identity.kind !== 'admin') throw new AppError('forbidden', 'only admins choose the delete mode; it is set per App object');
      mode = req.mode;
    }
    if (mode === 'permanent') await ctx.service.store.purgeRecording(r.id);
    else await ctx.service.store.deleteRecording(r.id, actorOf(ctx.identity));
    await audit(ctx, 'delete', r.id, { mode, fileName: r.fileName });
    return { id: r.id, mode };
  },

  async RestoreRecording(ctx, req) {
    const r = await ctx.service.store.restoreRecording(req.id);
    await audit(ctx, 'restore', r.id, { fileName: r.fileName });
    return { recording: toInfo(r) };
  },

  async ListRecycleBin(ctx, req) {
    const page = await ctx.service.store.listRecordings({ state: 'deleted' }, { limit: req.limit ?? 50, cursor: req.cursor });
    return { items: page.items.map(toInfo), more: page.more, cursor: page.nextCursor };
  },

  async PurgeRecording(ctx, req) {
    const r = await ctx.service.store.purgeRecording(req.id);
    await audit(ctx, 'purge', r.id, { fileName: r.fileName });
    return { id: r.id };
  },

  async GetSettings(ctx) {
    return { settings: await ctx.service.store.getSettings(), status: await ctx.service.status() };
  },

  async SetSettings(ctx, req) {
    const before = await ctx.service.store.getSettings();
    const patch: Record<string, unknown> = {};
    if (req.retentionDays !== undefined) patch.retentionDays = req.retentionDays;
    if (req.pbxName !== undefined) patch.pbxName = req.pbxName.trim();
    if (req.trace !== undefined) patch.trace = req.trace;
    if (req.licenses !== undefined) patch.licenses = req.licenses;
    const after = await ctx.service.store.updateSettings(patch);
    ctx.service.trace.setLevels(after.trace);
    await audit(ctx, 'settings', null, { before: before as never, after: after as never });
    if (req.licenses !== undefined || (req.pbxName !== undefined && req.pbxName !== before.pbxName)) {
      await ctx.service.recheckLicenses();
    }
    return { settings: after };
  },

  async ListLogs(ctx, req) {
    const own = ctx.identity.kind !== 'admin';
    if (own && req.actor !== undefined && req.actor !== ctx.identity.sip) throw new AppError('forbidden', 'users see only their own activity');
    const page = await ctx.service.store.listAudit({
      actor: own ? actorOf(ctx.identity) : req.actor, recordingId: req.recordingId, action: req.action, before: req.before, limit: req.limit ?? 100,
    });
    const items: LogEntry[] = page.items.map((e) => ({ ...e }));
    return { items, more: page.more };
  },

  async SetNote(ctx, req) {
    await ctx.service.visible(ctx.identity, req.id);
    const r = await ctx.service.store.setNote(req.id, req.note);
    await audit(ctx, 'note', r.id, { length: req.note.length });
    return { recording: toInfo(r) };
  },

  async GetDownloadToken(ctx, req) {
    const r = await ctx.service.visible(ctx.identity, req.id);
    const { token, expires } = ctx.service.tokens.make(r.id, actorOf(ctx.identity));
    await audit(ctx, req.purpose ?? 'download', r.id, { fileName: r.fileName });
    const url = `${ctx.baseUrl}/download/${encodeURIComponent(r.id)}?token=${encodeURIComponent(token)}`;
    return { token, url, expires };
  },

  async GetAppObjectConfig(ctx, req) {
    return { config: cfgInfo(await ctx.service.store.getAppObjectConfig(appObjectFor(ctx, req.appObject))) };
  },

  async SetAppObjectConfig(ctx, req) {
    const name = appObjectFor(ctx, req.appObject);
    const patch: { accessList?: string[]; deleteMode?: 'recoverable' | 'permanent' } = {};
    if (req.accessList !== undefined) patch.accessList = req.accessList;
    if (req.deleteMode !== undefined) patch.deleteMode = req.deleteMode;
    const c = await ctx.service.store.setAppObjectConfig(name, patch);
    await audit(ctx, 'settings', null, { appObject: name, accessList: req.accessList, deleteMode: req.deleteMode } as never);
    return { config: cfgInfo(c) };
  },

  async ListAppObjectConfigs(ctx) {
    return { configs: (await ctx.service.store.listAppObjectConfigs()).map(cfgInfo) };
  },

  async RunRetention(ctx) {
    return { purged: await ctx.service.runRetention() };
  },

  async GetTraceLog(ctx, req) {
    const file = ctx.service.trace.file;
    if (file === null) return { lines: [], before: null, size: 0 };
    return readTraceTail(file, { before: req.before, limit: req.limit ?? 200, level: req.level, category: req.category });
  },
};
