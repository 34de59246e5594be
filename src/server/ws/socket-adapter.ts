import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RecordingService } from '../domain/service.js';
import { CLOSE, Session } from './session.js';

/** Largest inbound frame; AppWebsocket messages stay well below 64 KiB. */
const MAX_FRAME = 256 * 1024;
/** A peer that does not answer a ping within this interval is gone (a PBX behind a dead NAT, a closed laptop). */
const PING_MS = 30_000;

/**
 * Accepts WebSocket upgrades on the instance directory and anything below it (the app connects
 * to the directory of its HTML file, reference §2.3) and feeds text frames to a Session in order.
 */
export function attachWebSockets(server: Server, opts: { prefix: string; password: () => string; domain: string; service: RecordingService; baseUrl: (req: IncomingMessage) => string }): { close(): void; sessions: Set<Session> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME });
  const sessions = new Set<Session>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== opts.prefix && !path.startsWith(opts.prefix + '/')) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => run(ws, req));
  });

  function run(ws: WebSocket, req: IncomingMessage): void {
    const session = new Session(
      { send: (t) => { if (ws.readyState === ws.OPEN) ws.send(t); }, close: (c, r) => ws.close(c, r) },
      opts.service, opts.password, opts.domain, opts.baseUrl(req),
    );
    sessions.add(session);
    let alive = true;
    ws.on('pong', () => { alive = true; });
    const pinger = setInterval(() => {
      if (!alive) {
        ws.terminate();
        return;
      }
      alive = false;
      ws.ping();
    }, PING_MS);
    pinger.unref();
    // Frames are handled one after another so replies keep the order of requests.
    let chain: Promise<void> = Promise.resolve();
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        ws.close(CLOSE.protocol, 'binary frames are not part of the protocol');
        return;
      }
      const text = data.toString();
      chain = chain.then(() => session.onText(text)).catch(() => {});
    });
    ws.on('close', () => {
      clearInterval(pinger);
      sessions.delete(session);
      session.onClose();
    });
    ws.on('error', () => ws.terminate());
  }

  return {
    sessions,
    close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
    },
  };
}
