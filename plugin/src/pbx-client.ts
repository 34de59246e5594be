// Promise wrappers over the three channels of the plugin: the PBX connection PBX Manager hands in
// (`app`, PbxAdminApi), the manager API consumer (GetInstanceLogin, SetInstancePassword) and the
// plugin's own instance connection. A reply with `error` becomes a RequestError naming the request.
import type { AppConnection, ManagerConsumer } from './host-types.js';

type Msg = Record<string, unknown>;
export type Channel = 'pbx' | 'instance' | 'manager';

export class RequestError extends Error {
  constructor(readonly channel: Channel, readonly request: string, readonly reason: string, readonly timeout = false) {
    super(`${request}: ${reason}`);
    this.name = 'RequestError';
  }
}

export const TIMEOUT_MS = 15_000;

function errorText(r: Msg): string | null {
  if (r.error === undefined || r.error === null || r.error === false || r.error === '') return null;
  return typeof r.errorText === 'string' && r.errorText !== '' ? r.errorText : String(r.error);
}

/** One request, one reply, over an AppWebsocket connection (`new conn.Src`). */
export function request(conn: AppConnection, channel: Channel, msg: Msg, timeoutMs = TIMEOUT_MS): Promise<Msg> {
  return new Promise((resolve, reject) => {
    const mt = String(msg.mt);
    const timer = setTimeout(() => { src.close(); reject(new RequestError(channel, mt, String(timeoutMs / 1000), true)); }, timeoutMs);
    const src = new conn.Src((reply) => {
      clearTimeout(timer);
      src.close();
      const err = errorText(reply);
      if (err !== null) reject(new RequestError(channel, mt, err));
      else resolve(reply);
    });
    src.send({ ...msg });
  });
}

/** One request to the App Platform's manager API provider (`item.ap`). */
export function managerRequest(consumer: ManagerConsumer, provider: string, msg: Msg, timeoutMs = TIMEOUT_MS): Promise<Msg> {
  return new Promise((resolve, reject) => {
    const mt = String(msg.mt);
    const timer = setTimeout(() => { src.close(); reject(new RequestError('manager', mt, String(timeoutMs / 1000), true)); }, timeoutMs);
    const src = new consumer.Src((obj) => {
      clearTimeout(timer);
      src.close();
      const reply = obj.msg ?? {};
      const err = errorText(reply);
      if (err !== null) reject(new RequestError('manager', mt, err));
      else resolve(reply);
    });
    src.send({ ...msg }, provider);
  });
}
