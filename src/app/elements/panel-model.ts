// The lifecycle every admin panel shares: while the element is in the page it owns one model built
// from its connection, re-renders when the model or the connection changes, and (re)loads the model
// after every login. Taking the element out of the page drops all of it, so a panel that is shown
// again starts from a fresh model instead of listening twice.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AppConnection } from '../services/connection.js';

export interface PanelModelSource { onChange(l: () => void): () => void }

export interface PanelModelOptions<M extends PanelModelSource> {
  create(conn: AppConnection): M;
  /** Run after every login; omitted for models that reload themselves (the recycle bin). */
  ready?(model: M): void;
  /** Run when the panel leaves the page. */
  dispose?(model: M): void;
}

export type PanelHost = ReactiveControllerHost & { readonly connection: AppConnection | null };

export class PanelModel<M extends PanelModelSource> implements ReactiveController {
  /** null while the element is not in the page or has no connection */
  model: M | null = null;
  private offs: (() => void)[] = [];

  constructor(private readonly host: PanelHost, private readonly options: PanelModelOptions<M>) {
    host.addController(this);
  }

  hostConnected(): void {
    const conn = this.host.connection;
    if (!conn) return;
    const model = this.options.create(conn);
    this.model = model;
    const rerender = (): void => { this.host.requestUpdate(); };
    this.offs.push(model.onChange(rerender), conn.onChange(rerender));
    const { ready, dispose } = this.options;
    if (ready) this.offs.push(conn.onReady(() => ready(model)));
    if (dispose) this.offs.push(() => dispose(model));
  }

  hostDisconnected(): void {
    for (const o of this.offs) o();
    this.offs = [];
    this.model = null;
  }
}
