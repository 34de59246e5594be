// Installs and starts what the test suites need on a bare Debian machine:
// Debian's chromium (Playwright cannot download browsers here), ffmpeg, tshark and sox
// (independent references) and a PostgreSQL server for the PostgreSQL storage contract suite.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';

const log = (m) => process.stdout.write(`[ensure-deps] ${m}\n`);
const run = (cmd) => execSync(cmd, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
const isRoot = process.getuid?.() === 0;

let aptUpdated = false;
function aptInstall(pkgs) {
  if (!isRoot) throw new Error(`missing ${pkgs.join(' ')} and not root: install them with apt-get`);
  if (!aptUpdated) { run('apt-get update -qq'); aptUpdated = true; }
  run(`apt-get install -y -qq --no-install-recommends ${pkgs.join(' ')}`);
}

function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
    s.setTimeout(1000, () => { s.destroy(); resolve(false); });
  });
}

export async function ensureDeps() {
  const want = [];
  if (!existsSync('/usr/bin/chromium')) want.push('chromium');
  if (!existsSync('/usr/bin/ffmpeg')) want.push('ffmpeg');
  // independent references for the fixture and writer checks (tests skip without them, so install)
  if (!existsSync('/usr/bin/tshark')) want.push('tshark');
  if (!existsSync('/usr/bin/sox')) want.push('sox');
  // G.729 references come from bcg729 through a small test-only C harness
  if (!existsSync('/usr/include/bcg729/decoder.h')) want.push('libbcg729-dev');
  if (!existsSync('/usr/bin/cc')) want.push('gcc', 'libc6-dev');
  if (want.length) { log(`installing ${want.join(', ')}`); aptInstall(want); }

  if (!(await portOpen(5432))) {
    if (!existsSync('/usr/lib/postgresql')) { log('installing postgresql'); aptInstall(['postgresql']); }
    log('starting postgresql');
    const versions = spawnSync('ls', ['/etc/postgresql'], { encoding: 'utf8' }).stdout.trim().split(/\s+/).filter(Boolean);
    if (versions.length === 0) throw new Error('postgresql installed but no cluster in /etc/postgresql');
    run(`pg_ctlcluster --skip-systemctl-redirect ${versions[0]} main start || true`);
    for (let i = 0; i < 30 && !(await portOpen(5432)); i++) await new Promise((r) => setTimeout(r, 500));
    if (!(await portOpen(5432))) throw new Error('postgresql did not come up on 127.0.0.1:5432');
    // Trust auth and a `test` database, as on the CI machines.
    const hba = spawnSync('bash', ['-c', `ls /etc/postgresql/${versions[0]}/main/pg_hba.conf`], { encoding: 'utf8' }).stdout.trim();
    if (hba) {
      run(`sed -i -E 's/^(host\\s+all\\s+all\\s+127\\.0\\.0\\.1\\/32\\s+)\\S+/\\1trust/' ${hba}`);
      run(`pg_ctlcluster --skip-systemctl-redirect ${versions[0]} main reload || true`);
    }
    spawnSync('su', ['postgres', '-c', 'createdb test'], { stdio: 'ignore' });
    spawnSync('su', ['postgres', '-c', `psql -c "CREATE ROLE root SUPERUSER LOGIN" || true`], { stdio: 'ignore' });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await ensureDeps();
}
