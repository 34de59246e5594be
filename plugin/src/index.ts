// Entry of innovaphone.recordingsmanager.js: registers the constructor PBX Manager calls,
// `new plugin.innovaphone.recordingsmanager(start, item, app)` (reference §3.2). It creates the
// `item-node` div through innovaphone.ui1.nodePrototype, loads the CSS and texts files next to
// itself, opens its own instance connection (app "-", login from GetInstanceLogin, §3.3) and
// mounts the Lit page inside the node.
import type { AppConnection, InnovaphoneGlobal, PluginItem, Start } from './host-types.js';
import { getInstanceLogin, instanceBase, instancePath, instanceSocketUrl } from './messages.js';
import { ManagerModel } from './manager-model.js';
import { managerRequest } from './pbx-client.js';
import { en, type Texts } from './texts.js';
import { explain, type RecPluginRoot } from './elements/rec-plugin-root.js';
import './elements/rec-plugin-root.js';

interface PluginNode { container: HTMLElement; createNode(type: string, style: string | null, content: string | null, cls: string | null): PluginNode }

declare global {
  interface Window { plugin?: Record<string, Record<string, unknown>>; innovaphone?: InnovaphoneGlobal }
}

/** Used only when the script runs without innovaphone.ui1 (never inside PBX Manager). */
const fallbackNodePrototype = {
  createNode(this: PluginNode, type: string, style: string | null, content: string | null, cls: string | null): PluginNode {
    this.container = document.createElement(type);
    if (style) this.container.setAttribute('style', style);
    if (content) this.container.textContent = content;
    if (cls) this.container.className = cls;
    return this;
  },
};

function RecordingsManager(this: PluginNode, start: Start, item: PluginItem, app: AppConnection): void {
  const lib = window.innovaphone!;
  this.createNode('div', null, null, 'item-node');
  lib.lib1.loadCss(item.uri + '.css');

  const root = document.createElement('rec-plugin-root') as RecPluginRoot;
  root.scheme = start.scheme === 'dark' ? 'dark' : 'light';
  this.container.appendChild(root);
  start.onschemechanged?.attach(() => { root.scheme = start.scheme === 'dark' ? 'dark' : 'light'; });

  const manager = start.consumeApi('com.innovaphone.manager');
  const path = instancePath(item);
  let instance: AppConnection | null = null;
  let loggedIn = false;
  root.model = new ManagerModel({
    pbx: app, manager, ap: item.ap, instance: () => (loggedIn ? instance : null),
    base: instanceBase(item), path, domain: app.domain,
  });

  lib.lib1.loadObjectScript(item.uri + 'texts', () => {
    const all = lib.recordingsmanagertexts ?? {};
    const pick = (): Texts => ({ ...en, ...(all[start.lang] ?? all.en ?? {}) }) as Texts;
    root.texts = pick();
    start.onlangchanged?.attach(() => { root.texts = pick(); });
    void root.reload();
    instance = new lib.appwebsocket.Connection(
      instanceSocketUrl(item), '-', null, app.domain,
      () => { loggedIn = true; root.instance = 'connected'; void root.reload(); },
      null,
      () => { loggedIn = false; root.instance = 'closed'; },
      () => { loggedIn = false; root.instance = 'closed'; },
      (appName, challenge) => {
        managerRequest(manager, item.ap, getInstanceLogin(path, appName, challenge))
          .then((login) => instance!.login(login))
          .catch((e: unknown) => { root.instance = 'closed'; root.message = { kind: 'error', text: explain(root.texts, e) }; });
      },
    );
  });
}

const ns = (window.plugin ??= {});
const company = (ns.innovaphone ??= {});
if (!company.recordingsmanager) {
  RecordingsManager.prototype = window.innovaphone?.ui1?.nodePrototype ?? fallbackNodePrototype;
  company.recordingsmanager = RecordingsManager;
}
