// Screenshots of the PBX Manager plugin, light and dark, inside the PBX simulator's PBX Manager page
// against the real service (three App objects: one connected user object with an access list, an
// admin object, and one whose password drifted, showing the fix-it action):
//   npm run build:node && npm run build:plugin && node docs/screenshots/make-plugin-screenshots.mjs
// Writes docs/screenshots/plugin-{light,dark}.png.
import { join } from 'node:path';
import { launchBrowser, out, root, serverModules, tempDir } from './shots.mjs';

const { loadConfig, startServer } = await serverModules();
const { seedStore } = await import(join(root, 'dist', 'server', 'pbx-sim', 'seed.js'));
const { startPbxSim } = await import(join(root, 'dist', 'server', 'pbx-sim', 'server.js'));

const data = tempDir('rec-plugin-shots-');
const config = loadConfig({ PORT: '0', RECORDINGS_DEMO: '0', RECORDINGS_DATA_DIR: data.dir, RECORDINGS_PASSWORD: '' },
  { host: '127.0.0.1', quiet: true, retentionIntervalMs: 0, pluginDir: join(root, 'dist', 'plugin') });
const srv = await startServer(config);
const store = seedStore({ domain: 'example.com', pbx: 'master', licensed: ['alice', 'bob', 'carol'], licenseCount: 25 });
const appObject = (cn, h323, type, pwd, flags) => store.add({ cn, h323, hide: true, pwd, apps: flags ? 'reports' : '',
  pseudo: { type: 'app', app: { url: `${srv.url}/innovaphone-recordings${type === 'admin' ? 'admin' : ''}`, websocket: !!flags, admin: !!flags, services: !!flags } } });
appObject('Recordings', 'recordings', 'user', config.password, true);
appObject('Recordings Sales team', 'recordings-sales', 'user', 'an-old-password', true);
appObject('Recordings Admin', 'recordingsadmin', 'admin', config.password, false);
store.update({ cn: 'Standard', apps: 'recordings' }, '*');
store.update({ cn: 'Supervisors', apps: 'recordings-sales,recordingsadmin' }, '*');
await srv.service.store.setAppObjectConfig('recordings-sales', { accessList: ['alice', 'bob', '204'], deleteMode: 'recoverable' });
await srv.service.store.setAppObjectConfig('recordings', { accessList: [], deleteMode: 'permanent' });
const sim = await startPbxSim({ store, instance: { baseUrl: srv.url, password: () => config.password, async setPassword() { throw new Error('not in screenshots'); } } });

const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 560 } });
  for (const scheme of ['light', 'dark']) {
    await page.goto(`${sim.url}/manager.htm?scheme=${scheme}`);
    await page.locator('rec-plugin-list tr[data-sip="recordings"] .conn .ok').waitFor({ timeout: 20_000 });
    await page.locator('rec-plugin-list tr[data-sip="recordings-sales"] .pwd[data-ok=false]').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(out, `plugin-${scheme}.png`) });
    console.log(`${out}/plugin-${scheme}.png`);
  }
} finally {
  await browser.close();
  await sim.close();
  await srv.close();
  data.remove();
}
