import { type FlagSettings } from '../core/flags/index.ts';
import { flagsVersion, mergeFlagSettings } from '../core/flags/settings.ts';
import { SettingsRepo } from '../db/repos/settings.ts';
import type { Workspace } from '../db/workspace.ts';
import type { EventBus } from './events.ts';
import { FLAG_WORKER_MARK, flagJobs, type FlagJob, type FlagJobResult, type FlagWorkerRequest } from './flag-worker.ts';
import { WorkerClient } from './worker-client.ts';

const BATCH = 100;
/** Traces flagged between yields when there is no worker: ~20 × 1–2 ms. */
const IN_THREAD_SLICE = 16;
const SETTINGS_KEY = 'flags';
/** No stored version equals this, so asking for samples "not at" it lists them all. */
const EVERY_SAMPLE = '\u0000every';

export interface FlaggerOptions {
  /** Compute background passes in a worker thread (default); false keeps them in-thread. */
  worker?: boolean;
  log?: (line: string) => void;
}

/**
 * Keeps stored flags in step with the text they describe and with the workspace's flag
 * settings. A saved revision is flagged at once, synchronously (one trace is well under a
 * frame). Everything else is a background pass: samples whose `flagged_version` is not the
 * current one (detector version plus a hash of the settings) are read in batches on the main
 * connection, flagged in a worker thread, and written back in one short transaction per batch,
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
  private worker: Promise<FlagWorkerClient | null> | null = null;
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

  /** Stops the worker thread (a later pass starts a new one). */
  async close(): Promise<void> {
    const worker = await this.worker;
    this.worker = null;
    await worker?.close();
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

  private async pass(): Promise<void> {
    const ws = this.workspace;
    const generation = this.generation;
    const settings = this.current;
    const query = this.force ? EVERY_SAMPLE : this.version;
    this.force = false;
    const total = ws.samples.countNeedingFlags(query);
    if (total === 0) return;
    let done = 0;
    let afterId = 0;
    for (;;) {
      if (!ws.db.open || generation !== this.generation) break;
      const ids = ws.samples.needingFlags(query, afterId, BATCH);
      if (ids.length === 0) break;
      const jobs: FlagJob[] = [];
      for (const id of ids) {
        const body = ws.samples.body(id);
        if (!body) continue;
        const revisionId = body.current_revision_id ?? null;
        const text = revisionId == null ? body.completion : (ws.revisions.get(revisionId)?.completion ?? body.completion);
        jobs.push(this.job(id, revisionId, text));
      }
      const results = await this.compute(jobs, settings);
      if (!ws.db.open || generation !== this.generation) break;
      ws.transaction(() => {
        for (const result of results) {
          // A revision saved while this batch was computed was flagged on save; keep those flags.
          if ((ws.samples.body(result.sampleId)?.current_revision_id ?? null) === result.revisionId) this.write(result);
        }
      });
      afterId = ids[ids.length - 1]!;
      done += ids.length;
      this.events.emit('flagging.progress', { done, total: Math.max(total, done) });
      // In-thread batches yield here so requests queued meanwhile are served.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (done > 0) this.events.emit('samples.changed', { reason: 'flags' });
  }

  private async compute(jobs: FlagJob[], settings: FlagSettings): Promise<FlagJobResult[]> {
    if (this.options.worker !== false) {
      this.worker ??= startFlagWorker().catch((error: unknown) => {
        this.log(`flagging: worker thread unavailable (${error instanceof Error ? error.message : String(error)}); flagging in-thread`);
        return null;
      });
      const worker = await this.worker;
      if (worker) {
        try {
          return await worker.run({ settings, jobs });
        } catch (error) {
          // Closed by Backend.close() under a running pass: the pass ends; nothing to report.
          if (!this.workspace.db.open) return [];
          this.log(`flagging: worker thread failed (${error instanceof Error ? error.message : String(error)}); flagging in-thread`);
          this.worker = Promise.resolve(null);
          void worker.close();
        }
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

export function startFlagWorker(timeoutMs?: number): Promise<FlagWorkerClient> {
  return WorkerClient.start(new URL('./flag-worker.ts', import.meta.url), FLAG_WORKER_MARK, timeoutMs === undefined ? {} : { timeoutMs });
}
