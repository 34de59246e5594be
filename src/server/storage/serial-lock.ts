/** Runs async sections one after another (a mutex without re-entrancy). */
export class SerialLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every section queued so far has finished. */
  async idle(): Promise<void> { await this.tail; }
}
