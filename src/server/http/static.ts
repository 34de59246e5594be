import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendHtml, sendText } from './respond.js';

const TYPES: Record<string, string> = {
  '.htm': 'text/html; charset=utf-8', '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8', '.map': 'application/json',
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Recordings: app not built</title>
<h1>The web app is not built yet</h1><p>Run <code>npm run build</code> (or <code>npm start</code>, which builds everything) and reload.</p>`;

/** Static files of the built app (vite output) under the instance directory. */
export function serveStatic(req: IncomingMessage, res: ServerResponse, webDir: string, rel: string): void {
  let dirOk = false;
  try {
    dirOk = statSync(webDir).isDirectory();
  } catch {
    dirOk = false;
  }
  if (!dirOk) return sendHtml(res, 503, NOT_BUILT);
  let path: string;
  try {
    path = decodeURIComponent(rel);
  } catch {
    return sendText(res, 400, 'bad path\n');
  }
  if (path.includes('\0')) return sendText(res, 400, 'bad path\n');
  const full = normalize(join(webDir, path));
  if (full !== webDir && !full.startsWith(webDir + sep)) return sendText(res, 400, 'bad path\n');
  let size = -1;
  let file = full;
  // myApps asks for `<App URL>.htm`; a bundler may have written the page as `.html`.
  for (const candidate of full.endsWith('.htm') ? [full, `${full}l`] : [full]) {
    try {
      const st = statSync(candidate);
      if (st.isFile()) {
        size = st.size;
        file = candidate;
        break;
      }
    } catch {
      // try the next spelling
    }
  }
  if (size < 0) return sendText(res, 404, 'not found\n');
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(size),
    // HTML entry points must pick up new builds; hashed assets may be cached.
    'Cache-Control': /\.html?$/.test(file) || file.endsWith('sw.js') ? 'no-cache' : 'public, max-age=3600',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}
