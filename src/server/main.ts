import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ConfigError, loadConfig, type ServerConfig } from './config.js';
import { firstStart } from './demo-seed.js';
import { RecordingService } from './domain/service.js';
import { baseUrlOf, handleHttp, instancePrefix } from './http/router.js';
import { sendText } from './http/respond.js';
import { openStore } from './storage/index.js';
import { InstancePassword } from './instance-password.js';
import { Trace } from './trace.js';
import { attachWebSockets } from './ws/socket-adapter.js';

export interface RunningServer {
  /** base URL of the instance, e.g. http://127.0.0.1:8080/example.com/recordings */
  url: string;
  port: number;
  service: RecordingService;
  trace: Trace;
  close(): Promise<void>;
}

/** Opens the store, seeds on first start, listens. Tests pass port 0. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, now: config.now });
  const trace = new Trace(join(config.dataDir, 'trace.log'), config.now, !config.quiet);
  // SetInstancePassword (PBX Manager plugin via the AP manager) rewrites the file; logins and download tokens follow it.
  const password = new InstancePassword(config.password, config.passwordFile);
  const service = new RecordingService(store, trace, config.now, () => password.current());
  await service.init();
  // Uploads that were in flight when the process died left temp data only; nothing was indexed.
  await store.cleanupStaleUploads(store.kind === 'sqlite' ? config.now() + 1 : config.now() - 3_600_000);
  const seeded = await firstStart(service, { demo: config.demo, licenses: config.licenseList });

  // Requests still running at shutdown (cut uploads being kept as partial) finish before the store closes.
  const inflight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const p = handleHttp(req, res, config, service, () => password.current()).catch((e: unknown) => {
      trace.error('recording', `${req.method} ${req.url}: ${(e as Error).message}`);
      sendText(res, 500, 'internal error\n');
    });
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  });
  server.requestTimeout = 0; // uploads stream for the length of a call
  server.headersTimeout = 30_000;
  const prefix = instancePrefix(config);
  const ws = attachWebSockets(server, { prefix, password: () => password.current(), domain: config.domain, service, baseUrl: (req) => baseUrlOf(req, config) });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shown = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${shown}:${port}${prefix}`;

  const retention = (): void => {
    service.runRetention().catch((e) => trace.error('recording', `retention: ${(e as Error).message}`));
  };
  const timer = config.retentionIntervalMs > 0 ? setInterval(retention, config.retentionIntervalMs) : null;
  timer?.unref();
  // A service that is restarted more often than the interval must still delete on schedule.
  if (timer) setTimeout(retention, 5_000).unref();

  if (!config.quiet) {
    const lines = [
      `Recordings service listening on port ${port}`,
      `  standalone host page (demo login):  http://${shown}:${port}${prefix}/host.htm`,
      `  user app:   ${url}/innovaphone-recordings.htm`,
      `  admin app:  ${url}/innovaphone-recordingsadmin.htm`,
      `  WebSocket:  ws://${shown}:${port}${prefix}`,
      `  device upload URL ("Record to"):  ${url}/Files`,
      `  CDR URL:    ${url}/cdr`,
      `  PBX Manager plugin: ${url}/innovaphone.recordingsmanager.js (without a PBX: node bin/recordings.mjs pbx-sim)`,
      `  storage: ${store.kind}${store.kind === 'sqlite' ? ` in ${config.dataDir}` : ''}${seeded ? `, ${seeded} demo recordings added` : ''}`,
    ];
    if (config.passwordGenerated) lines.push(`  instance password (generated, stored in ${join(config.dataDir, 'instance-password')}): ${config.password}`);
    process.stdout.write(lines.join('\n') + '\n');
  }

  return {
    url, port, service, trace,
    async close() {
      if (timer) clearInterval(timer);
      ws.close();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
      await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => setTimeout(r, 10_000).unref())]);
      service.close();
      await store.close();
    },
  };
}

/** `recordings serve`: configuration from the environment; invalid values end the process with one line. */
export async function runServe(argv: string[]): Promise<void> {
  let config: ServerConfig;
  try {
    const portArg = argv.indexOf('--port');
    const env = { ...process.env };
    if (portArg >= 0 && argv[portArg + 1] !== undefined) env.PORT = argv[portArg + 1];
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`recordings: invalid configuration: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  let running: RunningServer;
  try {
    running = await startServer(config);
  } catch (e) {
    process.stderr.write(`recordings: cannot start: ${(e as Error).message}\n`);
    process.exit(1);
  }
  const stop = (): void => {
    running.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export { runPbxSim } from './pbx-sim.js';
