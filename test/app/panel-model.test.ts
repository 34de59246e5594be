// The admin panels' shared lifecycle (elements/panel-model.ts) with a host and connection double,
// and the paged-log rule of services/admin-model.ts that a superseded load never lands.
import { describe, expect, it } from 'vitest';
import type { ReactiveController } from 'lit';
import type { AppConnection } from '../../src/app/services/connection.js';
import { PanelModel } from '../../src/app/elements/panel-model.js';
import { AuditLog } from '../../src/app/services/admin-audit.js';
import { TraceLog } from '../../src/app/services/admin-trace.js';

function fakeHost(connection: AppConnection | null) {
  const controllers: ReactiveController[] = [];
  const host = {
    connection, updates: 0,
    addController: (c: ReactiveController) => { controllers.push(c); },
    removeController: () => {},
    requestUpdate: () => { host.updates++; },
    updateComplete: Promise.resolve(true),
    connect: () => controllers.forEach((c) => c.hostConnected?.()),
    disconnect: () => controllers.forEach((c) => c.hostDisconnected?.()),
  };
  return host;
}

function fakeConn() {
  const change = new Set<() => void>();
  const ready = new Set<() => void>();
  const conn = {
    onChange: (l: () => void) => { change.add(l); return () => change.delete(l); },
    onReady: (l: () => void) => { ready.add(l); return () => ready.delete(l); },
  };
  return { conn: conn as unknown as AppConnection, change, ready };
}

class Model {
  readonly listeners = new Set<() => void>();
  loads = 0;
  disposed = false;
  onChange(l: () => void) { this.listeners.add(l); return () => this.listeners.delete(l); }
  fire() { this.listeners.forEach((l) => l()); }
}

describe('PanelModel', () => {
  it('builds the model when connected, re-renders on model and connection changes, loads after every login, undoes it all when removed', () => {
    const f = fakeConn();
    const host = fakeHost(f.conn);
    const made: Model[] = [];
    const panel = new PanelModel(host, { create: () => { const m = new Model(); made.push(m); return m; }, ready: (m) => { m.loads++; } });
    expect(panel.model).toBeNull();
    host.connect();
    const m = panel.model!;
    expect(made).toEqual([m]);
    m.fire();
    f.change.forEach((l) => l());
    expect(host.updates).toBe(2);
    f.ready.forEach((l) => l());
    f.ready.forEach((l) => l());
    expect(m.loads).toBe(2);
    host.disconnect();
    expect(panel.model).toBeNull();
    expect([m.listeners.size, f.change.size, f.ready.size]).toEqual([0, 0, 0]);
    // shown again: a fresh model, listened to once
    host.connect();
    expect(made).toHaveLength(2);
    expect(panel.model).toBe(made[1]);
    expect([f.change.size, f.ready.size]).toEqual([1, 1]);
  });

  it('without a connection there is no model; dispose runs on removal and no login listener is added without ready', () => {
    const none = fakeHost(null);
    const p0 = new PanelModel(none, { create: () => new Model() });
    none.connect();
    expect(p0.model).toBeNull();
    const f = fakeConn();
    const host = fakeHost(f.conn);
    const panel = new PanelModel(host, { create: () => new Model(), dispose: (m) => { m.disposed = true; } });
    host.connect();
    const m = panel.model!;
    expect(f.ready.size).toBe(0);
    host.disconnect();
    expect(m.disposed).toBe(true);
  });
});

describe('paged logs (admin-model.ts)', () => {
  function deferredConn() {
    const pending: { m: any; resolve: (r: unknown) => void }[] = [];
    const conn = { request: (m: any) => new Promise((resolve) => pending.push({ m, resolve })) } as unknown as AppConnection;
    return { conn, pending };
  }

  it('audit: the answer of a superseded load or page is dropped; the newer load decides what is shown', async () => {
    const d = deferredConn();
    const log = new AuditLog(d.conn);
    const first = log.load({ actor: 'alice' });
    const second = log.load({ actor: 'bob' });
    d.pending[1]!.resolve({ items: [{ id: 2, at: 0, actor: 'bob', action: 'play', recordingId: null, details: null }], more: true });
    await second;
    d.pending[0]!.resolve({ items: [{ id: 9, at: 0, actor: 'alice', action: 'play', recordingId: null, details: null }], more: false });
    await first;
    expect(log.items.map((e) => e.id)).toEqual([2]);
    expect(log.filter).toEqual({ actor: 'bob' });
    expect(log.loading).toBe(false);
    const more = log.loadMore();
    expect(log.loading).toBe(true);
    const third = log.load({});
    d.pending[2]!.resolve({ items: [{ id: 1, at: 0, actor: 'bob', action: 'play', recordingId: null, details: null }], more: false });
    await more;
    expect(log.items.map((e) => e.id)).toEqual([2]);
    expect(log.loading).toBe(true);
    d.pending[3]!.resolve({ items: [], more: false });
    await third;
    expect(log.items).toEqual([]);
    expect(log.loading).toBe(false);
  });

  it('trace: a failed older page keeps the lines shown and reports the error; a later load clears it', async () => {
    const d = deferredConn();
    const log = new TraceLog(d.conn);
    const first = log.load();
    d.pending[0]!.resolve({ lines: [{ at: 1, category: 'ui', level: 'info', text: 'x' }], before: 10, size: 20 });
    await first;
    const older = log.loadOlder();
    expect(d.pending[1]!.m).toMatchObject({ mt: 'GetTraceLog', before: 10 });
    (d.pending[1] as any).resolve(Promise.reject(new Error('gone')));
    await older;
    expect(log.lines).toHaveLength(1);
    expect((log.error as Error).message).toBe('gone');
    const again = log.load();
    expect(log.error).toBeNull();
    d.pending[2]!.resolve({ lines: [], before: null, size: 0 });
    await again;
    expect(log.before).toBeNull();
  });
});
