/**
 * The simulator's PBX Manager page: logs in to the simulated PBX (its App object `pbx-manager`),
 * asks the AP for its plugins (ManagerControls) and constructs each one the way PBX Manager does:
 * `new plugin.<company>.<name>(start, item, app)`, its node appended to the page (reference §3.2).
 */
export function managerPageHtml(title: string, domain: string, managerObject: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
 body{margin:0;font:14px system-ui,sans-serif;display:flex;flex-direction:column;height:100vh;background:var(--bg);color:var(--fg)}
 body.light{--bg:#f2f2f2;--fg:#4a4a49;--side:#e0e0e0;--head:#303030}
 body.dark{--bg:#191919;--fg:#f2f5f6;--side:#252525;--head:#000}
 header{display:flex;gap:12px;align-items:center;padding:8px 12px;background:var(--head);color:#f2f5f6;flex-wrap:wrap}
 header h1{font-size:15px;margin:0 12px 0 0}
 select{font:inherit;padding:2px 6px}
 main{flex:1;display:flex;min-height:0}
 nav{width:220px;background:var(--side);padding:8px 0;overflow:auto}
 nav button{display:flex;align-items:center;gap:8px;width:100%;border:0;background:none;color:inherit;font:inherit;padding:6px 12px;cursor:pointer;text-align:left}
 nav button[aria-current=true]{background:rgba(128,128,128,.25)}
 nav img{width:32px;height:32px}
 #content{flex:1;position:relative;overflow:auto}
 #status{font-size:12px;opacity:.8}
</style></head>
<body class="light">
<header>
 <h1>${title}</h1>
 <label>Scheme <select id="scheme"><option>light</option><option>dark</option></select></label>
 <label>Language <select id="lang"><option>en</option><option>de</option></select></label>
 <span id="status">connecting to the PBX…</span>
</header>
<main><nav id="plugins" aria-label="plugins"></nav><div id="content"></div></main>
<script src="manager/lib.js"></script>
<script>
(function () {
  var q = new URLSearchParams(location.search);
  var $ = function (id) { return document.getElementById(id); };
  var start = {
    scheme: q.get('scheme') === 'dark' ? 'dark' : 'light',
    lang: q.get('lang') === 'de' ? 'de' : 'en',
    name: 'pbxmanager', args: {},
    onschemechanged: null, onlangchanged: null,
    consumeApi: null
  };
  start.onschemechanged = new innovaphone.lib1.Event(start);
  start.onlangchanged = new innovaphone.lib1.Event(start);
  document.body.className = start.scheme;
  $('scheme').value = start.scheme; $('lang').value = start.lang;
  $('scheme').onchange = function () { start.scheme = this.value; document.body.className = start.scheme; start.onschemechanged.notify(); };
  $('lang').onchange = function () { start.lang = this.value; start.onlangchanged.notify(); renderNav(); };

  var wsUrl = location.origin.replace(/^http/, 'ws') + '/PBX0/APPS/websocket';
  var app = new innovaphone.appwebsocket.Connection(wsUrl, ${JSON.stringify(managerObject)}, null, ${JSON.stringify(domain)}, onconnected, null,
    function (e) { $('status').textContent = 'PBX login failed: ' + e; }, function () { $('status').textContent = 'PBX connection lost, reconnecting…'; }, getlogin);

  function getlogin(appName, challenge) {
    fetch('manager/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ challenge: challenge }) })
      .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then(function (login) { app.login(login); })
      .catch(function (e) { $('status').textContent = 'no login: ' + e.message; });
  }

  // The com.innovaphone.manager client API, carried to the simulator on the PBX connection.
  start.consumeApi = function (api) {
    var consumer = { providers: [], model: {}, onmessage: null, onupdate: null };
    consumer.Src = function (handler) {
      var me = this, s = new app.Src(function (m) { delete m.api; var src = m.src; delete m.src; handler({ provider: ${JSON.stringify(managerObject)}, src: src, msg: m }); });
      this.src = s.src;
      this.send = function (msg, provider) { var o = Object.assign({}, msg, { api: api }); s.send(o); };
      this.close = function () { s.close(); };
    };
    consumer.send = function (msg, provider, src) { app.send(Object.assign({}, msg, { api: api, src: src })); };
    return consumer;
  };

  var plugins = [];
  function renderNav() {
    var nav = $('plugins');
    nav.textContent = '';
    plugins.forEach(function (p, i) {
      var b = document.createElement('button');
      b.setAttribute('aria-current', String(p.shown));
      b.dataset.plugin = p.js;
      var img = document.createElement('img'); img.src = p.item.png; img.alt = '';
      var texts = p.texts && (p.texts[start.lang] || p.texts.en);
      b.append(img, document.createTextNode(texts && texts.pluginTitle ? texts.pluginTitle : p.js));
      b.onclick = function () { show(i); };
      nav.append(b);
    });
  }
  function objectAt(path) { return path.split('.').reduce(function (o, k) { return o ? o[k] : undefined; }, window); }
  function loadScript(url) {
    return new Promise(function (res, rej) { var s = document.createElement('script'); s.src = url; s.onload = res; s.onerror = function () { rej(new Error('cannot load ' + url)); }; document.head.append(s); });
  }
  function show(i) {
    plugins.forEach(function (p, j) { p.shown = i === j; if (p.node) p.node.container.style.display = i === j ? '' : 'none'; });
    var p = plugins[i];
    if (!p.node) {
      var Ctor = objectAt('plugin.' + p.js);
      if (typeof Ctor !== 'function') { $('status').textContent = 'plugin ' + p.js + ' has no constructor plugin.' + p.js; return; }
      p.node = new Ctor(start, p.item, app);
      $('content').append(p.node.container);
    }
    renderNav();
  }

  function onconnected() {
    $('status').textContent = 'connected to PBX ' + app.domain;
    if (plugins.length) return;
    var api = start.consumeApi('com.innovaphone.manager');
    var src = new api.Src(function (r) {
      var m = r.msg;
      if (m.error) { $('status').textContent = 'ManagerControls: ' + m.error; return; }
      Promise.all(m.controls.map(function (c) {
        var uri = c.uri.replace(/\\.js$/, '');
        var js = uri.slice(uri.lastIndexOf('/') + 1);
        var apUri = uri.slice(uri.indexOf('/', uri.indexOf('//') + 2) + 1);
        var item = { ap: m.ap, apDn: m.apDn, uri: uri, png: c.png, apUri: apUri, httpsUri: uri };
        var p = { js: js, item: item, shown: false, node: null, texts: null };
        plugins.push(p);
        return loadScript(c.lang).then(function () { p.texts = objectAt(c.lang.slice(c.lang.lastIndexOf('/') + 1).replace(/\\.js$/, '')); })
          .then(function () { return loadScript(c.uri); });
      })).then(function () { renderNav(); if (plugins.length) show(0); })
        .catch(function (e) { $('status').textContent = e.message; });
    });
    src.send({ mt: 'ManagerControls' });
  }
})();
</script>
</body></html>
`;
}
