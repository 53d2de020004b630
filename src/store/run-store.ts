/**
 * The run store: runs/<name>/run.json through lowdb, one process at a time (lock.ts).
 * The in-memory document is the single source of truth while a run is open; `flush()`
 * writes it atomically (lowdb/steno: temp file + rename, concurrent writes coalesced).
 */
import { mkdir } from 'node:fs/promises';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { RunStoreError } from '../errors.js';
import { checkCompatible } from './compat.js';
import { RUN_FORMAT, RUN_VERSION, type RunConfig, type RunDocument } from './document.js';
import { acquireRunLock } from './lock.js';
import { readRunDocument, runFile } from './read.js';
import type { SearchSpace } from '../space/types.js';

export interface OpenRunOptions {
  dir: string;
  name: string;
  space: SearchSpace;
  config: RunConfig;
  /** Fill the hypervolume header of a new run. */
  reference: number[];
  normalisation: string;
  /** Demand an existing run (--resume): a missing run is an error. */
  resume?: boolean;
}

export class RunStore {
  readonly dir: string;
  readonly created: boolean;
  #db: Low<RunDocument>;
  #release: (() => void) | null;
  #inFlight: Promise<void> | null = null;
  #queued: Promise<void> | null = null;
  #beforeWrite: (() => void) | null = null;

  private constructor(dir: string, db: Low<RunDocument>, release: () => void, created: boolean) {
    this.dir = dir;
    this.#db = db;
    this.#release = release;
    this.created = created;
  }

  /**
   * Opens the run in `dir`, creating it when it does not exist; an existing run must have
   * been started with the same space and settings. Takes the run's lock.
   */
  static async open(options: OpenRunOptions): Promise<RunStore> {
    const { dir } = options;
    await mkdir(dir, { recursive: true }).catch((error: Error) => {
      throw new RunStoreError(`${dir}: cannot create the run folder (${error.message})`);
    });
    const release = acquireRunLock(dir);
    try {
      const existing = await readRunDocument(dir);
      if (existing === null && options.resume) {
        throw new RunStoreError(`${dir}: --resume given but there is no run to resume; drop --resume to start it`);
      }
      let doc: RunDocument;
      if (existing) {
        checkCompatible(dir, existing, options);
        existing.config = { ...existing.config, ...pickFree(options.config) };
        // A compute budget holds for the invocation that gives it: resumed without one, no limit.
        if (options.config.maxCompute === undefined) delete existing.config.maxCompute;
        doc = existing;
      } else {
        const now = new Date().toISOString();
        doc = {
          format: RUN_FORMAT,
          version: RUN_VERSION,
          name: options.name,
          createdAt: now,
          updatedAt: now,
          space: options.space,
          config: options.config,
          trials: [],
          strategy: null,
          parents: {},
          frontier: [],
          hypervolume: { value: 0, reference: options.reference, normalisation: options.normalisation, history: [] },
        };
      }
      const db = new Low<RunDocument>(
        new DataFile<RunDocument>(runFile(dir), { parse: (text) => JSON.parse(text) as RunDocument, stringify: (d) => JSON.stringify(d) }),
        doc,
      );
      const store = new RunStore(dir, db, release, existing === null);
      if (existing === null) await store.flush();
      return store;
    } catch (error) {
      release();
      throw error;
    }
  }

  get data(): RunDocument {
    return this.#db.data;
  }

  get file(): string {
    return runFile(this.dir);
  }

  /**
   * Writes the document atomically; resolves once a version at least as new as the data at
   * the time of the call is on disk. Calls made while a write is in flight share one follow-up
   * write (the document is serialised once per write, not once per call).
   */
  flush(): Promise<void> {
    if (this.#release === null) return Promise.reject(new RunStoreError(`${this.dir}: the run store is closed`));
    if (this.#queued) return this.#queued;
    if (this.#inFlight) {
      const queued = this.#inFlight
        .catch(() => undefined)
        .then(() => {
          this.#queued = null;
          return this.#write();
        });
      this.#queued = queued;
      return queued;
    }
    return this.#write();
  }

  /**
   * Registers a function run right before each write, to copy state kept elsewhere (e.g. a
   * strategy's) into the document only when it is written. It runs synchronously, so the
   * written document is one consistent moment.
   */
  setBeforeWrite(hook: (() => void) | null): void {
    this.#beforeWrite = hook;
  }

  #write(): Promise<void> {
    try {
      this.#beforeWrite?.();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.#db.data.updatedAt = new Date().toISOString();
    const write = this.#db.write().finally(() => {
      if (this.#inFlight === write) this.#inFlight = null;
    });
    this.#inFlight = write;
    return write;
  }

  /** Flushes and releases the lock. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#release === null) return;
    try {
      await this.flush();
      await this.#inFlight;
    } finally {
      this.#release();
      this.#release = null;
    }
  }
}

function pickFree(config: RunConfig): Partial<RunConfig> {
  const { trials, workers, backend, trainer, dataDir, keepWeights } = config;
  return { trials, workers, backend, trainer, dataDir, ...(keepWeights === undefined ? {} : { keepWeights }) };
}
