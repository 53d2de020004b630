/**
 * The fence around a strategy plug-in (a user's module): its four methods may be async (a
 * returned Promise is awaited, within a time limit, one call at a time), what it returns must
 * be storable in run.json (no BigInt, function, symbol, circular or non-finite value), and a
 * `process.exit()` it calls stops the search cleanly instead of ending the process without a
 * word. Every fault becomes one StrategyError naming the plug-in, the method and the field.
 * A method that returns a plain value runs synchronously, exactly as a built-in strategy.
 */
import { StrategyError, type Evaluation, type Proposal, type Strategy } from './contract.js';

/** How long one call of a plug-in method may take when it returns a Promise. */
export const PLUGIN_TIME_LIMIT_MS = 30_000;

type Method = 'ask' | 'tell' | 'state' | 'restore';

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** The first part of `value` that run.json cannot hold, as "field <path> is ...", or null. */
export function unstorable(value: unknown, path = ''): string | null {
  const seen = new Set<object>();
  const walk = (v: unknown, at: string): string | null => {
    const where = at === '' ? 'the value' : `field ${at}`;
    switch (typeof v) {
      case 'bigint':
        return `${where} is a BigInt (${v}n)`;
      case 'function':
        return `${where} is a function`;
      case 'symbol':
        return `${where} is a symbol`;
      case 'number':
        return Number.isFinite(v) ? null : `${where} is ${v} (not a finite number)`;
      case 'object': {
        if (v === null) return null;
        if (seen.has(v)) return `${where} refers back to itself (circular)`;
        seen.add(v);
        const entries: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [`[${i}]`, x]) : Object.entries(v).map(([k, x]) => [at === '' ? k : `.${k}`, x]);
        for (const [key, x] of entries) {
          const problem = walk(x, `${at}${key}`);
          if (problem !== null) return problem;
        }
        seen.delete(v);
        return null;
      }
      case 'boolean':
      case 'string':
      case 'undefined':
        return null;
    }
  };
  return walk(value, path);
}

/** An exit code as the plug-in passed it, for messages. */
export function exitCodeText(code: unknown): string {
  return typeof code === 'number' || typeof code === 'string' ? String(code) : '';
}

export interface GuardOptions {
  /** Time limit of one async call, in milliseconds. */
  timeLimitMs?: number;
}

/**
 * A strategy plug-in behind the fence. `state()` of a plug-in whose state() is async returns
 * the value captured after its last ask/tell/restore (the store writes synchronously).
 */
export class GuardedStrategy {
  readonly name: string;
  #label: string;
  #inner: Strategy;
  #limit: number;
  #tail: Promise<unknown> = Promise.resolve();
  #inFlight = 0;
  #asyncState = false;
  #captured: unknown = null;
  #exitCalled: string | null = null;
  #inside: Method | null = null;

  constructor(label: string, inner: Strategy, options: GuardOptions = {}) {
    this.#label = label;
    this.#inner = inner;
    this.name = typeof inner.name === 'string' ? inner.name : label;
    this.#limit = options.timeLimitMs ?? PLUGIN_TIME_LIMIT_MS;
  }

  ask(n: number): Proposal[] | Promise<Proposal[]> {
    return this.#call('ask', () => this.#inner.ask(n), (proposals) => {
      const list = proposals;
      if (Array.isArray(list)) {
        list.forEach((p, i) => {
          const problem = unstorable((p as Partial<Proposal> | null)?.meta, `[${i}].meta`);
          if (problem !== null) throw this.#error('ask', `returned a proposal that cannot be stored in run.json: ${problem}; return plain JSON values`);
        });
      }
      return list;
    });
  }

  tell(evaluations: Evaluation[]): void | Promise<void> {
    return this.#call('tell', () => this.#inner.tell(evaluations), () => undefined);
  }

  restore(state: unknown): void | Promise<void> {
    this.#captured = state;
    return this.#call('restore', () => this.#inner.restore(state), () => undefined);
  }

  state(): unknown {
    if (this.#asyncState) return this.#captured;
    const value = this.#invoke('state', () => this.#inner.state());
    if (isThenable(value)) {
      // An async state(): from now on captured after each call, awaited there.
      this.#asyncState = true;
      Promise.resolve(value).catch(() => undefined);
      return this.#captured;
    }
    return this.#storable(value);
  }

  /** Resolves once every call made so far has settled (for a write that must include them). */
  settled(): Promise<void> {
    return this.#tail.then(
      () => undefined,
      () => undefined,
    );
  }

  /** What the plug-in did to end the process (process.exit), or null. */
  get exitReport(): string | null {
    return this.#exitCalled;
  }

  /** Called by the process.exit trap: the plug-in tried to end the process. */
  exitCalled(code: unknown): void {
    const what = `called process.exit(${exitCodeText(code)})`;
    this.#exitCalled ??= this.#inside ? `${what} in ${this.#inside}()` : what;
    if (this.#inside !== null) throw this.#error(this.#inside, 'called process.exit(); a strategy must return or throw, never end the process');
  }

  #storable(value: unknown): unknown {
    const problem = unstorable(value);
    if (problem !== null) throw this.#error('state', `returned a state that cannot be stored in run.json: ${problem.replace(/^the value/, 'it')}; return plain JSON values`);
    const copy: unknown = value === undefined ? null : JSON.parse(JSON.stringify(value));
    this.#captured = copy;
    return copy;
  }

  #error(method: Method, what: string, cause?: unknown): StrategyError {
    return new StrategyError(`strategy ${this.#label} ${what.startsWith('failed') ? what : `${method}() ${what}`}`, cause === undefined ? {} : { cause });
  }

  #invoke<T>(method: Method, run: () => T): T {
    if (this.#exitCalled !== null) throw this.#error(method, `could not be called: the plug-in ${this.#exitCalled}; the run is saved, and the same command resumes it once the plug-in is fixed`);
    this.#inside = method;
    try {
      return run();
    } catch (error) {
      if (error instanceof StrategyError) throw error;
      throw this.#error(method, `failed in ${method}(): ${(error as Error)?.message ?? String(error)}`, error);
    } finally {
      this.#inside = null;
    }
  }

  #timed<T>(method: Method, value: PromiseLike<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(this.#error(method, `returned a Promise that did not settle within ${this.#limit / 1000} s; an async strategy method must resolve (or reject) in time`)),
        this.#limit,
      );
    });
    return Promise.race([Promise.resolve(value), limit])
      .catch((error: unknown) => {
        if (error instanceof StrategyError) throw error;
        throw this.#error(method, `failed in ${method}(): ${(error as Error)?.message ?? String(error)}`, error);
      })
      .finally(() => clearTimeout(timer));
  }

  /** Runs one method: synchronously when it returns a plain value and nothing is pending, else queued and awaited. */
  #call<T, R>(method: Method, run: () => T | Promise<T>, check: (value: T) => R): R | Promise<R> {
    if (this.#inFlight === 0) {
      const value = this.#invoke(method, run);
      if (!isThenable(value)) return check(value);
      return this.#track(this.#timed(method, value).then((v) => this.#after(check(v))));
    }
    const queued = this.#tail
      .catch(() => undefined)
      .then(() => {
        const value = this.#invoke(method, run);
        return isThenable(value) ? this.#timed(method, value) : value;
      })
      .then((v) => this.#after(check(v)));
    return this.#track(queued);
  }

  /** After an async call: capture the state of a plug-in whose state() is async. */
  async #after<R>(result: R): Promise<R> {
    if (this.#asyncState) {
      const value = this.#invoke('state', () => this.#inner.state());
      this.#storable(isThenable(value) ? await this.#timed('state', value) : value);
    }
    return result;
  }

  #track<R>(promise: Promise<R>): Promise<R> {
    this.#inFlight++;
    this.#tail = promise;
    promise.then(
      () => this.#inFlight--,
      () => this.#inFlight--,
    );
    return promise;
  }
}
