/** The standalone host page (SPEC §2): plays the myApps client's part for a newcomer without a PBX. */
export function hostPageHtml(title: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – standalone host</title>
<style>
 body{margin:0;font:14px system-ui,sans-serif;display:flex;flex-direction:column;height:100vh;background:#f2f2f2;color:#222}
 header{display:flex;gap:12px;align-items:center;padding:8px 12px;background:#303030;color:#f2f5f6;flex-wrap:wrap}
 header h1{font-size:15px;margin:0 12px 0 0}
 select,button{font:inherit;padding:4px 8px}
 #note{font-size:12px;opacity:.8}
 iframe{flex:1;border:0;background:#fff}
 @media (prefers-color-scheme: dark){body{background:#191919;color:#f2f5f6}}
</style></head>
<body>
<header>
 <h1>${title}</h1>
 <label>User <select id="user"></select></label>
 <label>App <select id="app"><option value="innovaphone-recordings">Recordings (user)</option><option value="innovaphone-recordingsadmin">Recordings admin</option></select></label>
 <label>Scheme <select id="scheme"><option>light</option><option>dark</option></select></label>
 <label>Language <select id="lang"><option>en</option><option>de</option></select></label>
 <button id="open">Open</button>
 <span id="note">This page stands in for the myApps client: it answers the app's login request for the chosen user.</span>
</header>
<iframe id="frame" title="app"></iframe>
<script type="module">
const users = await (await fetch('host/users')).json();
const $ = (id) => document.getElementById(id);
for (const u of users) { const o = document.createElement('option'); o.value = u.sip; o.textContent = u.dn + ' (' + u.sip + ', ' + u.appobj + ')'; $('user').append(o); }
function open() {
  const u = users.find((x) => x.sip === $('user').value);
  if (!u) return;
  const app = $('app').value;
  const q = new URLSearchParams({ name: u.appobj, lang: $('lang').value, scheme: $('scheme').value, title: 'Recordings' });
  $('frame').src = app + '.htm?' + q;
}
$('user').addEventListener('change', () => { const u = users.find((x) => x.sip === $('user').value); $('app').value = u && u.admin ? 'innovaphone-recordingsadmin' : 'innovaphone-recordings'; });
$('open').addEventListener('click', open);
window.addEventListener('message', async (ev) => {
  if (ev.source !== $('frame').contentWindow) return;
  let msg; try { msg = typeof ev.data === 'string' ? JSON.parse(ev.data) : ev.data; } catch { return; }
  if (!msg || msg.mt !== 'getLogin') return;
  const r = await fetch('host/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: $('user').value, app: $('app').value, challenge: String(msg.challenge || '') }) });
  if (!r.ok) { console.error('host login refused', await r.text()); return; }
  const login = await r.json();
  if (msg.src !== undefined) login.src = msg.src;
  // The frame may have been navigated while the login was fetched: the asking page is gone then
  // (its source is null) and the new page asks for itself.
  if (ev.source) ev.source.postMessage(JSON.stringify(login), '*');
});
if (users.length) { $('user').value = users[0].sip; open(); }
</script>
</body></html>`;
}
