/**
 * Browser script of the simulator's PBX Manager page: our own small stand-ins for the parts of
 * the innovaphone web libraries a PBX Manager plugin is documented to use (reference §2.3, §3.2,
 * §3.3): `innovaphone.lib1.loadCss/loadObjectScript`, `innovaphone.ui1.nodePrototype`
 * (createNode/add/clear), `innovaphone.appwebsocket.Connection` (constructor arguments, getlogin
 * callback, login(), Src, send) and a `start` object with `consumeApi`. Written from the
 * documented behaviour, not from innovaphone's code. Kept as a string: it is served as-is.
 */
export const HOST_LIB_JS = String.raw`(function () {
'use strict';
var innovaphone = window.innovaphone = window.innovaphone || {};

innovaphone.lib1 = innovaphone.lib1 || {};
innovaphone.lib1.loadCss = function (url) {
  var l = document.createElement('link');
  l.rel = 'stylesheet'; l.href = url;
  document.head.appendChild(l);
};
innovaphone.lib1.loadObjectScript = function (url, cb) {
  var s = document.createElement('script');
  s.src = url + '.js';
  s.onload = function () { cb(); };
  s.onerror = function () { console.error('cannot load ' + s.src); };
  document.head.appendChild(s);
};
/** A list of handlers, like lib1's events (attach/detach/notify). */
innovaphone.lib1.Event = function (sender) {
  var handlers = [];
  this.attach = function (f) { handlers.push(f); };
  this.detach = function (f) { var i = handlers.indexOf(f); if (i >= 0) handlers.splice(i, 1); };
  this.notify = function () { var a = arguments; handlers.slice().forEach(function (h) { h.apply(null, [sender].concat([].slice.call(a))); }); };
};

innovaphone.ui1 = innovaphone.ui1 || {};
innovaphone.ui1.nodePrototype = innovaphone.ui1.nodePrototype || {
  createNode: function (type, style, content, cl) {
    this.container = document.createElement(type);
    if (style) this.container.setAttribute('style', style);
    if (content) this.container.textContent = content;
    if (cl) this.container.className = cl;
    return this;
  },
  add: function (node) { this.container.appendChild(node.container); return node; },
  rem: function (node) { if (node.container.parentNode === this.container) this.container.removeChild(node.container); return node; },
  clear: function () { while (this.container.firstChild) this.container.removeChild(this.container.firstChild); return this; },
  addEvent: function (ev, f) { this.container.addEventListener(ev, f); return this; },
  testId: function (id) { this.container.setAttribute('data-test-id', id); return this; }
};

innovaphone.appwebsocket = innovaphone.appwebsocket || {};
/**
 * Connection(url, app, password, domain, onconnected, onmessage, onerror, onclosed, getlogin):
 * AppChallenge → getlogin(app, challenge) → login(obj) sends AppLogin → onconnected(domain, sip, dn).
 * Reconnects with 1 s … 32 s back-off; messages route to a Src by src, else to onmessage.
 */
innovaphone.appwebsocket.Connection = function (url, app, password, domain, onconnected, onmessage, onerror, onclosed, getlogin) {
  var self = this, ws = null, srcs = {}, counter = 0, delay = 1000, state = 'closed', timer = null;
  this.url = url; this.app = app; this.domain = domain; this.logindata = null;
  this.state = function () { return state; };
  function raw(obj) { if (ws && ws.readyState === 1) ws.send(JSON.stringify(obj)); }
  this.send = function (obj) { if (state === 'connected') raw(obj); };
  this.login = function (obj) {
    self.logindata = obj;
    var m = { mt: 'AppLogin', app: obj.app, domain: obj.domain, sip: obj.sip, guid: obj.guid, dn: obj.dn, digest: obj.digest, pbxObj: app };
    if (obj.info !== undefined) m.info = obj.info;
    raw(m);
  };
  this.Src = function (handler) {
    var me = this;
    this.src = 'src' + (++counter);
    srcs[this.src] = function (obj) { handler(obj); };
    this.send = function (obj) { obj.src = me.src; self.send(obj); };
    this.close = function () { delete srcs[me.src]; };
  };
  this.sendSrc = function (obj, cb) {
    var s = new self.Src(function (m) { s.close(); cb(m); });
    s.send(obj);
  };
  this.close = function () { state = 'stopped'; if (timer) clearTimeout(timer); if (ws) ws.close(); };
  function open() {
    state = 'connect';
    ws = new WebSocket(url);
    ws.onopen = function () { state = 'opened'; raw({ mt: 'AppChallenge' }); };
    ws.onmessage = function (e) {
      var obj;
      try { obj = JSON.parse(e.data); } catch (x) { return; }
      if (obj.mt === 'AppChallengeResult') {
        if (getlogin) getlogin(app, obj.challenge);
        else if (onerror) onerror('no login source');
      } else if (obj.mt === 'AppLoginResult') {
        if (obj.ok) {
          state = 'connected'; delay = 1000;
          if (onconnected) onconnected(obj.domain || domain, self.logindata && self.logindata.sip, self.logindata && self.logindata.dn);
        } else {
          if (onerror) onerror(obj.errorText || 'login refused');
          ws.close();
        }
      } else if (state === 'connected') {
        if (obj.src && srcs[obj.src]) srcs[obj.src](obj);
        else if (onmessage) onmessage(obj);
      }
    };
    ws.onclose = function () {
      if (state === 'stopped') return;
      state = 'closed';
      if (onclosed) onclosed();
      timer = setTimeout(open, delay);
      delay = Math.min(delay * 2, 32000);
    };
  }
  open();
};
})();
`;
