import { availableParallelism } from 'node:os';
import { type FlagSettings } from '../core/flags/index.ts';
import { flagsVersion, mergeFlagSettings } from '../core/flags/settings.ts';
import { SettingsRepo } from '../db/repos/settings.ts';
import type { Workspace } from '../db/workspace.ts';
import type { EventBus } from './events.ts';
import { FLAG_WORKER_MARK, flagJobs, type FlagJob, type FlagJobResult, type FlagWorkerRequest } from './flag-worker.ts';
import { leastBusy, startWorkers, WorkerClient } from './worker-client.ts';

const BATCH = 100;
/** Traces flagged between yields when there is no worker: ~20 × 1–2 ms. */
const IN_THREAD_SLICE = 16;
const SETTINGS_KEY = 'flags';
/** No stored version equals this, so asking for samples "not at" it lists them all. */
const EVERY_SAMPLE = '\u0000every';

export interface FlaggerOptions {
  /** Compute background passes in worker threads (default); false keeps them in-thread. */
  worker?: boolean;
  /** How many worker threads: by default one per core but the one the server and database need, up to 4. */
  workers?: number;
  /** Samples per batch (one worker request, one write transaction). */
  batchSize?: number;
  log?: (line: string) => void;
}

export function defaultFlagWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/**
 * Keeps stored flags in step with the text they describe and with the workspace's flag
 * settings. A saved revision is flagged at once, synchronously (one trace is well under a
 * frame). Everything else is a background pass: samples whose `flagged_version` is not the
 * current one (detector version plus a hash of the settings) are read in batches on the main
 * connection, flagged in worker threads, and written back in one short transaction per batch,
 * so the event loop stays free for requests. Changing settings bumps the version, which makes
 * every sample stale and starts a pass.
 */
export class Flagger {
  private readonly store: SettingsRepo;
  private current: FlagSettings;
  private version: string;
  /** Bumped by every settings change or forced re-flag; a pass from an older one stops early. */
  private generation = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private force = false;
  /** The worker threads once started (empty: flag in-thread); a failed one leaves the array. */
  private pool: Promise<FlagWorkerClient[]> | null = null;
  private readonly log: (line: string) => void;

  constructor(
    private readonly workspace: Workspace,
    private readonly events: EventBus,
    private readonly options: FlaggerOptions = {},
  ) {
    this.store = new SettingsRepo(workspace.db);
    this.current = mergeFlagSettings(this.store.get(SETTINGS_KEY));
    this.version = flagsVersion(this.current);
    this.log = options.log ?? ((line) => console.warn(line));
  }

  settings(): FlagSettings {
    return { ...this.current };
  }

  /** What `flagged_version` is when a sample's stored flags are current. */
  currentVersion(): string {
    return this.version;
  }

  /** Stores the changed keys and, when that changes anything, re-flags in the background. */
  updateSettings(patch: Partial<FlagSettings>): FlagSettings {
    const stored = this.store.get(SETTINGS_KEY);
    const next = { ...(stored && typeof stored === 'object' ? stored : {}), ...patch };
    this.store.set(SETTINGS_KEY, next);
    this.current = mergeFlagSettings(next);
    const version = flagsVersion(this.current);
    if (version !== this.version) {
      this.version = version;
      this.generation++;
      void this.schedule();
    }
    return this.settings();
  }

  /** Re-flags every sample, current or not. */
  reflag(): Promise<void> {
    this.force = true;
    this.generation++;
    return this.schedule();
  }

  status(): { pending: number; total: number; running: boolean } {
    const ws = this.workspace;
    return { pending: ws.samples.countNeedingFlags(this.version), total: ws.samples.count(), running: this.running !== null };
  }

  /** Flags one sample's raw output or revision text and stores the result. */
  flagText(sampleId: number, revisionId: number | null, completion: string) {
    const [result] = flagJobs([this.job(sampleId, revisionId, completion)], this.current);
    this.write(result!);
    return result!.flags;
  }

  flagRevision(sampleId: number, revisionId: number, completion: string) {
    return this.workspace.transaction(() => this.flagText(sampleId, revisionId, completion));
  }

  /** Starts (or re-arms) the background pass over samples that need flags. */
  schedule(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass()
      .catch((error: unknown) => {
        // A workspace closed under a running pass ends it; anything else is worth a line.
        if (this.workspace.db.open) this.log(`flagging: background pass failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.running = null;
        if (this.again && this.workspace.db.open) {
          this.again = false;
          void this.schedule();
        }
      });
    return this.running;
  }

  /** Stops the worker threads (a later pass starts new ones). */
  async close(): Promise<void> {
    const workers = (await this.pool) ?? [];
    this.pool = null;
    await Promise.all(workers.map((w) => w.close()));
  }

  private job(sampleId: number, revisionId: number | null, completion: string): FlagJob {
    const ws = this.workspace;
    const row = ws.samples.row(sampleId);
    const prompt = row ? ws.prompts.get(row.promptId) : undefined;
    return {
      sampleId,
      revisionId,
      input: {
        completion,
        ...(prompt ? { prompt: prompt.text, task: prompt.task, language: prompt.language } : {}),
        // A revision is a human's edit: the generation's finish reason no longer describes it.
        finishReason: revisionId === null ? (row?.finishReason ?? null) : null,
      },
    };
  }

  private write(result: FlagJobResult): void {
    this.workspace.samples.writeFlags(result.sampleId, result.revisionId, result.flags, { language: result.language, consistency: result.consistency }, this.version);
  }

  /**
   * One pass over the samples that need flags, a batch at a time: batches are read in id order
   * and flagged concurrently, about two per worker thread, each written when it is done (one
   * transaction; progress counts written samples). A pass from an older settings generation
   * stops reading and drops what it has not written: those samples stay stale for the next pass.
   */
  private async pass(): Promise<void> {
    const ws = this.workspace;
    const generation = this.generation;
    const settings = this.current;
    const query = this.force ? EVERY_SAMPLE : this.version;
    this.force = false;
    const total = ws.samples.countNeedingFlags(query);
    if (total === 0) return;
    const batchSize = this.options.batchSize ?? BATCH;
    const stale = () => !ws.db.open || generation !== this.generation;
    let done = 0;
    let afterId = 0;
    let failure: unknown = null;
    const inFlight = new Set<Promise<void>>();
    for (;;) {
      if (stale() || failure) break;
      const ids = ws.samples.needingFlags(query, afterId, batchSize);
      if (ids.length === 0) break;
      afterId = ids[ids.length - 1]!;
      const jobs: FlagJob[] = [];
      for (const id of ids) {
        const body = ws.samples.body(id);
        if (!body) continue;
        const revisionId = body.current_revision_id ?? null;
        const text = revisionId == null ? body.completion : (ws.revisions.get(revisionId)?.completion ?? body.completion);
        jobs.push(this.job(id, revisionId, text));
      }
      const batch = this.compute(jobs, settings)
        .then((results) => {
          if (stale()) return;
          ws.transaction(() => {
            for (const result of results) {
              // A revision saved while this batch was computed was flagged on save; keep those flags.
              if ((ws.samples.body(result.sampleId)?.current_revision_id ?? null) === result.revisionId) this.write(result);
            }
          });
          done += ids.length;
          this.events.emit('flagging.progress', { done, total: Math.max(total, done) });
        })
        .catch((error: unknown) => void (failure ??= error))
        .finally(() => inFlight.delete(batch));
      inFlight.add(batch);
      const room = Math.max(1, 2 * (await this.workers()).length);
      while (inFlight.size >= room) await Promise.race(inFlight);
      // In-thread batches yield here so requests queued meanwhile are served.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(inFlight);
    if (done > 0) this.events.emit('samples.changed', { reason: 'flags' });
    if (failure) throw failure;
  }

  private workers(): Promise<FlagWorkerClient[]> {
    if (this.options.worker === false) return Promise.resolve([]);
    this.pool ??= startFlagWorkers(this.options.workers ?? defaultFlagWorkers(), this.log);
    return this.pool;
  }

  private async compute(jobs: FlagJob[], settings: FlagSettings): Promise<FlagJobResult[]> {
    const workers = await this.workers();
    const worker = leastBusy(workers);
    if (worker) {
      try {
        return await worker.run({ settings, jobs });
      } catch (error) {
        // Closed (by close(), or the workspace with it) under a running pass: the batch is dropped
        // and its samples stay stale for a later pass; nothing to report.
        if (!this.workspace.db.open || (await this.pool) !== workers) return [];
        const at = workers.indexOf(worker);
        if (at >= 0) {
          workers.splice(at, 1);
          void worker.close();
          this.log(`flagging: a worker thread failed (${error instanceof Error ? error.message : String(error)}); ${workers.length > 0 ? `${workers.length} left` : 'flagging in-thread'}`);
        }
        return this.compute(jobs, settings);
      }
    }
    // In-thread, a slice at a time with a yield between, so requests still get a turn.
    const results: FlagJobResult[] = [];
    for (let i = 0; i < jobs.length; i += IN_THREAD_SLICE) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      results.push(...flagJobs(jobs.slice(i, i + IN_THREAD_SLICE), settings));
    }
    return results;
  }
}

/** The worker thread of bulk flagging: `flagJobs` off the main thread. */
export type FlagWorkerClient = WorkerClient<FlagWorkerRequest, FlagJobResult[]>;

const FLAG_WORKER_ENTRY = new URL('./flag-worker.ts', import.meta.url);

export function startFlagWorker(timeoutMs?: number): Promise<FlagWorkerClient> {
  return WorkerClient.start(FLAG_WORKER_ENTRY, FLAG_WORKER_MARK, timeoutMs === undefined ? {} : { timeoutMs });
}

/** `count` workers, as many as start; one log line for those that cannot (then fewer, or none: in-thread). */
async function startFlagWorkers(count: number, log: (line: string) => void): Promise<FlagWorkerClient[]> {
  const { workers, refused, why } = await startWorkers<FlagWorkerRequest, FlagJobResult[]>(FLAG_WORKER_ENTRY, FLAG_WORKER_MARK, count);
  if (refused > 0) log(`flagging: ${refused} of ${count} worker threads unavailable (${why}); ${workers.length > 0 ? `flagging with ${workers.length}` : 'flagging in-thread'}`);
  return workers;
}
