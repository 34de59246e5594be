// What the admin models (audit, trace, recycle bin, access lists, settings) share: change listeners for the
// panel, and the loading/error bookkeeping around one request. Paged logs add a generation so the
// answer of a superseded load never lands over a newer one (filters change while a page is in flight).

export class AdminModel {
  loading = false;
  error: unknown = null;
  private readonly listeners = new Set<() => void>();

  onChange(l: () => void): () => void { this.listeners.add(l); return () => this.listeners.delete(l); }

  protected changed(): void { for (const l of this.listeners) l(); }

  /** Marks loading, clears the error, runs `fetch` and hands its answer to `show`; a failure becomes `error`. */
  protected async loadWith<R>(fetch: () => Promise<R>, show: (r: R) => void): Promise<void> {
    this.loading = true;
    this.error = null;
    this.changed();
    try {
      show(await fetch());
    } catch (e) {
      this.error = e;
    } finally {
      this.loading = false;
      this.changed();
    }
  }
}

export class PagedLog<F> extends AdminModel {
  private generation = 0;

  constructor(public filter: F) { super(); }

  /** The newest page for `filter`; supersedes any load or page still in flight. On failure `clear` empties the view. */
  protected async loadFirst<R>(filter: F, fetch: () => Promise<R>, show: (r: R) => void, clear: () => void): Promise<void> {
    this.filter = filter;
    const gen = ++this.generation;
    this.loading = true;
    this.error = null;
    this.changed();
    try {
      const r = await fetch();
      if (gen !== this.generation) return;
      show(r);
    } catch (e) {
      if (gen === this.generation) { this.error = e; clear(); }
    } finally {
      if (gen === this.generation) { this.loading = false; this.changed(); }
    }
  }

  /** The next older page, dropped if a new first load started meanwhile; a failure keeps what is shown. */
  protected async loadNext<R>(fetch: () => Promise<R>, append: (r: R) => void): Promise<void> {
    const gen = this.generation;
    this.loading = true;
    this.changed();
    try {
      const r = await fetch();
      if (gen !== this.generation) return;
      append(r);
    } catch (e) {
      if (gen === this.generation) this.error = e;
    } finally {
      if (gen === this.generation) { this.loading = false; this.changed(); }
    }
  }
}
