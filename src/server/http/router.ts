import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerConfig } from '../config.js';
import { APP_ADMIN, APP_USER } from '../../shared/messages.js';
import type { RecordingService } from '../domain/service.js';
import { XmlError } from '../domain/xml.js';
import { hostPageHtml } from '../host/host-page.js';
import { makeLogin } from '../host/host-login.js';
import { handleDownload } from './download.js';
import { sendHtml, sendJson, sendText } from './respond.js';
import { serveStatic } from './static.js';
import { handleUpload } from './upload.js';

const CDR_MAX = 8 * 1024 * 1024;

/**
 * The PBX Manager plugin's files under the instance path, named as a PBX Manager expects them
 * (reference §3.1): `<company>.<app>manager.js`, `…managertexts.js`, `.css`, the icon and the
 * `plugins.json` that lists them.
 */
const PLUGIN_FILE = /^(plugins\.json|innovaphone\.recordingsmanager(texts)?\.js|innovaphone\.recordingsmanager\.(css|png))$/;

export function instancePrefix(config: ServerConfig): string {
  return `/${config.domain}/${config.instance}`;
}

/** The URL a client used to reach the instance (behind a proxy: X-Forwarded-Proto/Host). */
export function baseUrlOf(req: IncomingMessage, config: ServerConfig): string {
  const proto = (req.headers['x-forwarded-proto'] as string | undefined)?.split(',')[0].trim() || 'http';
  const host = (req.headers['x-forwarded-host'] as string | undefined) ?? req.headers.host ?? `localhost:${config.port}`;
  return `${proto}://${host}${instancePrefix(config)}`;
}

function safeEq(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Device/CDR HTTP auth (Basic) when RECORDINGS_UPLOAD_USER/PASSWORD are set. */
function authorized(req: IncomingMessage, config: ServerConfig): boolean {
  if (config.uploadUser === null || config.uploadPassword === null) return true;
  const h = req.headers.authorization ?? '';
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(h);
  if (!m) return false;
  const dec = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = dec.indexOf(':');
  if (colon < 0) return false;
  return safeEq(dec.slice(0, colon), config.uploadUser) && safeEq(dec.slice(colon + 1), config.uploadPassword);
}

function isLoopback(req: IncomingMessage): boolean {
  const a = req.socket.remoteAddress ?? '';
  return a === '127.0.0.1' || a === '::1' || a.startsWith('::ffff:127.');
}

/** The host page logs anyone in as anyone: only on loopback unless the config opens it. */
function hostAllowed(req: IncomingMessage, config: ServerConfig): boolean {
  return config.hostPage === 'on' || (config.hostPage === 'loopback' && isLoopback(req));
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    n += c.length;
    if (n > max) return null;
    parts.push(c);
  }
  return Buffer.concat(parts);
}

const WEBDAV_HEADERS = { DAV: '1', Allow: 'OPTIONS, GET, HEAD, PUT, POST, PROPFIND', 'MS-Author-Via': 'DAV', 'Content-Length': '0' };

/** Every HTTP request of the service. */
export async function handleHttp(req: IncomingMessage, res: ServerResponse, config: ServerConfig, service: RecordingService, password: () => string = () => config.password): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  const path = url.pathname;
  const prefix = instancePrefix(config);
  const method = req.method ?? 'GET';
  if (path === '/' || path === prefix) {
    res.writeHead(302, { Location: `${prefix}/host.htm` });
    return void res.end();
  }
  if (!path.startsWith(prefix + '/')) return sendText(res, 404, `not found; the service lives under ${prefix}/\n`);
  const rel = path.slice(prefix.length + 1);

  if (method === 'OPTIONS') {
    res.writeHead(200, WEBDAV_HEADERS);
    return void res.end();
  }
  if (rel === 'Files' || rel === 'Files/') {
    // Generic WebDAV clients look at the collection before they PUT; its contents stay private.
    if (method === 'PROPFIND') {
      if (!authorized(req, config)) return sendText(res, 401, 'authentication required\n', { 'WWW-Authenticate': 'Basic realm="Recordings upload", charset="UTF-8"' });
      req.resume();
      const xml = `<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:"><D:response><D:href>${prefix}/Files/</D:href>` +
        '<D:propstat><D:prop><D:resourcetype><D:collection/></D:resourcetype></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>\n';
      res.writeHead(207, { 'Content-Type': 'application/xml; charset=utf-8', 'Content-Length': String(Buffer.byteLength(xml)) });
      return void res.end(xml);
    }
    if (method === 'MKCOL') return sendText(res, 405, 'the collection exists\n', { Allow: 'OPTIONS, PROPFIND, PUT' });
    return sendText(res, 405, 'PUT files into this collection\n', { Allow: 'OPTIONS, PROPFIND, PUT' });
  }
  if (rel.startsWith('Files/')) {
    if (method !== 'PUT') return sendText(res, 405, 'only PUT is accepted here\n', { Allow: 'OPTIONS, PUT' });
    if (!authorized(req, config)) return sendText(res, 401, 'authentication required\n', { 'WWW-Authenticate': 'Basic realm="Recordings upload", charset="UTF-8"', Connection: 'close' });
    return handleUpload(req, res, rel.slice('Files/'.length), service, { capBytes: config.uploadCapBytes, idleMs: config.uploadIdleMs });
  }
  if (rel === 'cdr') {
    if (method !== 'POST') return sendText(res, 405, 'POST innovaphone CDR XML here\n', { Allow: 'OPTIONS, POST' });
    const from = req.socket.remoteAddress ?? null;
    if (!authorized(req, config)) {
      service.cdrIntake.refused(from, 'unauthorized', req.headers.authorization ? 'wrong user or password' : 'no credentials sent');
      return sendText(res, 401, 'authentication required\n', { 'WWW-Authenticate': 'Basic realm="Recordings CDR", charset="UTF-8"' });
    }
    const body = await readBody(req, CDR_MAX);
    if (!body) {
      service.cdrIntake.refused(from, 'too-large', `more than ${CDR_MAX} bytes`);
      return sendText(res, 413, `CDR body larger than ${CDR_MAX} bytes\n`, { Connection: 'close' });
    }
    try {
      const r = await service.addCdrXml(body.toString('utf8'), from);
      return sendJson(res, 200, r);
    } catch (e) {
      if (e instanceof XmlError) {
        service.cdrIntake.refused(from, 'malformed', e.message);
        service.trace.info('callInfo', `CDR refused: ${e.message}`);
        return sendText(res, 400, `malformed CDR XML: ${e.message}\n`);
      }
      throw e;
    }
  }
  if (rel.startsWith('download/')) {
    if (method !== 'GET' && method !== 'HEAD') return sendText(res, 405, 'GET only\n');
    return handleDownload(req, res, rel.slice('download/'.length), url.searchParams, service);
  }
  if (rel === 'host.htm' || rel === 'host/users' || rel === 'host/login') {
    if (!hostAllowed(req, config)) return sendText(res, 403, 'the standalone host page is only served to this machine (RECORDINGS_HOST_PAGE=1 opens it)\n');
    if (rel === 'host.htm') return sendHtml(res, 200, hostPageHtml(`Recordings · ${config.domain}/${config.instance}`));
    if (rel === 'host/users') return sendJson(res, 200, config.demoUsers.map((u) => ({ sip: u.sip, dn: u.dn, appobj: u.appobj, admin: u.admin })));
    if (method !== 'POST') return sendText(res, 405, 'POST only\n');
    const body = await readBody(req, 4096);
    let q: { user?: unknown; app?: unknown; challenge?: unknown };
    try {
      q = JSON.parse(body?.toString('utf8') ?? '') as typeof q;
    } catch {
      return sendText(res, 400, 'JSON body {user, app, challenge} expected\n');
    }
    const user = config.demoUsers.find((u) => u.sip === q.user);
    if (!user) return sendText(res, 400, 'unknown demo user\n');
    if (q.app !== APP_USER && q.app !== APP_ADMIN) return sendText(res, 400, 'unknown app\n');
    if (q.app === APP_ADMIN && !user.admin) return sendText(res, 403, `${user.sip} has no access to the admin app\n`);
    if (typeof q.challenge !== 'string' || !/^[\x21-\x7e]{1,16}$/.test(q.challenge)) return sendText(res, 400, 'bad challenge\n');
    return sendJson(res, 200, makeLogin(user, q.app, q.challenge, config.domain, baseUrlOf(req, config), password()));
  }
  if (method !== 'GET' && method !== 'HEAD') return sendText(res, 405, 'method not allowed\n');
  if (PLUGIN_FILE.test(rel)) {
    if (!existsSync(join(config.pluginDir, 'plugins.json'))) return sendText(res, 404, 'the PBX Manager plugin is not built (npm run build:plugin)\n');
    return serveStatic(req, res, config.pluginDir, rel);
  }
  return serveStatic(req, res, config.webDir, rel === '' ? 'index.html' : rel);
}
