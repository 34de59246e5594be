#!/usr/bin/env node
// Plain-JS shim: the CLI itself is TypeScript compiled to dist/ by `npm run build:node`
// (run by `npm ci` through `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('recordings: the command is not built yet (dist/cli/main.js missing).\n' +
    'Run "npm ci" (or "npm run build:wasm && npm run build:node") in the package folder first.\n');
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
const code = await main(process.argv.slice(2));
// serve keeps running on its own handles; every other command ends here with its code.
if (code !== 0 || !['serve', 'pbx-sim'].includes(process.argv[2])) process.exitCode = code;
