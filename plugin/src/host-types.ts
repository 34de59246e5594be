// The parts of the innovaphone web libraries a PBX Manager plugin uses (reference §2.3, §3.2, §3.3),
// typed at this one boundary; everything else in the plugin talks to the wrappers in pbx-client.ts.

/** A one-shot or repeated correlation object of an AppWebsocket connection (`new conn.Src(cb)`). */
export interface SrcObject {
  src: string;
  send(msg: Record<string, unknown>, provider?: string): void;
  close(): void;
}

/** `innovaphone.appwebsocket.Connection`, as PBX Manager hands it in (`app`) or the plugin opens it. */
export interface AppConnection {
  domain: string;
  Src: new (handler: (msg: Record<string, unknown>) => void) => SrcObject;
  send(msg: Record<string, unknown>): void;
  login(obj: Record<string, unknown>): void;
  close?(): void;
}

export type ConnectionCtor = new (
  url: string, app: string, password: string | null, domain: string,
  onconnected: (domain: string, user?: string, dn?: string) => void,
  onmessage: ((msg: Record<string, unknown>) => void) | null,
  onerror: ((err: unknown) => boolean | void) | null,
  onclosed: (() => void) | null,
  getlogin: (app: string, challenge: string) => void,
) => AppConnection;

/** The consumer of `com.innovaphone.manager`; its Src callbacks receive `{provider, src, msg}`. */
export interface ManagerConsumer {
  Src: new (handler: (obj: { provider?: string; src?: string; msg: Record<string, unknown> }) => void) => SrcObject;
}

export interface LibEvent { attach(fn: () => void): void; detach?(fn: () => void): void }

/** lib1 `start` of the PBX Manager. */
export interface Start {
  scheme: string;
  lang: string;
  onschemechanged?: LibEvent;
  onlangchanged?: LibEvent;
  consumeApi(api: string): ManagerConsumer;
}

/** `item` of the constructor: 13r1 `{ap, apDn, uri, png}`, 14r1 adds `apUri`, `httpsUri`. */
export interface PluginItem {
  ap: string;
  apDn?: string;
  /** http(s) URL of the plugin inside the instance, without ".js" */
  uri: string;
  png?: string;
  apUri?: string;
  httpsUri?: string;
}

export interface InnovaphoneGlobal {
  lib1: { loadCss(url: string): void; loadObjectScript(url: string, cb: () => void): void };
  ui1: { nodePrototype: object };
  appwebsocket: { Connection: ConnectionCtor };
  recordingsmanagertexts?: Record<string, Record<string, string>>;
}
