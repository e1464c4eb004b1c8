/**
 * `coldstart flag IN.jsonl [--out OUT.jsonl]`: flags every line of a JSONL file without a
 * workspace, streaming, one output line per input line in input order. The contract is stable;
 * scripts parse its output.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import type { FlagSettings } from '../../core/flags/index.ts';
import { useNodeUnitCopies } from '../../backend/node-units.ts';
import { leastBusy, startWorkers, type WorkerClient } from '../../backend/worker-client.ts';
import { FLAG_LINES_WORKER_MARK, flagLines, type LinesRequest } from './flag-lines.ts';

useNodeUnitCopies();

/** Errors of the output stream, kept for the next write (one emitted while no write waits would otherwise go unheard and crash). */
const outputErrors = new WeakMap<Writable, Error>();

async function write(out: Writable, text: string): Promise<void> {
  const error = outputErrors.get(out);
  if (error) throw error;
  if (!out.write(text)) await once(out, 'drain');
}

function inputSize(inputPath: string): number {
  try {
    return statSync(inputPath).size;
  } catch (error) {
    throw new Error(`${inputPath}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** The output file, open (so that a path that cannot be written fails before any work). */
async function openOutput(outPath: string): Promise<Writable> {
  const out = createWriteStream(outPath);
  out.on('error', (error) => outputErrors.has(out) || outputErrors.set(out, error));
  try {
    await once(out, 'open');
  } catch (error) {
    throw new Error(`cannot write ${outPath}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return out;
}

export interface FlagCommandOptions {
  inputPath: string;
  outPath?: string;
  settings?: Partial<FlagSettings>;
  /** Threads that may flag, this one included (the rest are worker threads). Default: see `defaultJobs`. */
  jobs?: number;
  /**
   * Workers start once this thread, at the rate it has flagged so far, would still need longer
   * than this for the rest of the file (default 3 s): below that their start-up costs more than
   * they save.
   */
  parallelAfterSeconds?: number;
  /** After each batch is written: input bytes read so far, of the file's size. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** Where a fallback is reported (a worker that could not start or failed): stderr by default. */
  log?: (line: string) => void;
  /** Start the workers at once, and read no line until every one is up (or has failed to start): the steady state, for benchmarks and tests. */
  awaitWorkers?: boolean;
  /** The workers' module (a test swaps in one that fails). */
  workerEntry?: URL;
}

export interface FlagCommandResult {
  lines: number;
  /** Lines whose output is an error line. */
  failed: number;
  /** Lines flagged in worker threads rather than this one. */
  linesInWorkers: number;
  /** Worker threads launched, ready in time or not (0 when the run was too short to repay them). */
  workersStarted: number;
}

/** Batches go to workers whole: big enough that messaging is a small share, small enough to keep every worker busy to the end. */
const BATCH_LINES = 256;
const BATCH_CHARS = 256 * 1024;
/**
 * Starting a worker costs about a second of CPU (tsx, eld's tables, JIT warm-up): on 2 cores a
 * 7.9 MB file took 1.8 s with one and 1.4 s without. So workers start only for a run that would
 * still take this thread alone longer than this, measured as it goes.
 */
const PARALLEL_AFTER_SECONDS = 3;
/** How long this thread flags alone before its rate is trusted for that estimate. */
const RATE_AFTER_MS = 250;

/** One job per core, up to 8. */
export function defaultJobs(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

type Batch = { text: string; failed: number; bytes: number };
type FlagLinesWorker = WorkerClient<LinesRequest, { text: string; failed: number }>;

/**
 * Flags a JSONL file line by line into `outPath` (or stdout), output in input order. With N jobs,
 * this thread flags as one of them; once the run proves long enough to repay them, N − 1 worker
 * threads start in the background, and each batch of lines goes to a ready worker with fewer than
 * two batches in flight, or else is flagged here. So a small file costs nothing extra, and a slow
 * worker never holds the others up. Batches are written
 * in order as soon as every batch before them is, with a bounded number outstanding: memory stays
 * bounded whatever the file's size. A worker that fails hands its batch back to this thread,
 * which flags the rest itself: every line still gets exactly its one output line.
 */
export async function runFlagCommand(opts: FlagCommandOptions): Promise<FlagCommandResult> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`coldstart flag: ${line}\n`));
  const bytesTotal = inputSize(opts.inputPath);
  const jobs = Math.max(1, Math.floor(opts.jobs ?? defaultJobs()));
  const out: Writable = opts.outPath ? await openOutput(opts.outPath) : process.stdout;
  const onStdoutError = (error: Error) => outputErrors.has(out) || outputErrors.set(out, error);
  if (!opts.outPath) process.stdout.on('error', onStdoutError);
  const stopStarting = new AbortController();
  let ready: FlagLinesWorker[] = [];
  let broken = false;
  // Set once the run ends (done, or failed writing): batches still out are not flagged again here.
  let stopped = false;
  const entry = opts.workerEntry ?? new URL('./flag-lines-worker.ts', import.meta.url);
  let starting: Promise<void> | null = null;
  let workersStarted = 0;
  const onReady = (w: FlagLinesWorker) => (broken ? void w.close() : ready.push(w));
  const start = () => {
    if (starting) return starting;
    workersStarted = jobs - 1;
    return (starting = launchWorkers(entry, jobs - 1, stopStarting.signal, log, onReady));
  };
  if (jobs > 1 && opts.awaitWorkers) await start();
  const startedAt = performance.now();
  let bytesRead = 0;
  /** Starts the workers once the rest of the file would keep this thread alone busy long enough to repay them. */
  const startIfWorthIt = () => {
    if (starting || jobs === 1) return;
    const elapsed = performance.now() - startedAt;
    if (elapsed < RATE_AFTER_MS) return;
    const secondsLeft = ((bytesTotal - bytesRead) / bytesRead) * (elapsed / 1000);
    if (secondsLeft > (opts.parallelAfterSeconds ?? PARALLEL_AFTER_SECONDS)) void start();
  };
  let linesInWorkers = 0;
  // Opened only now: a stream opened before an await emits lines, even its end, to no one.
  const rl = createInterface({ input: createReadStream(opts.inputPath, { encoding: 'utf8' }), crlfDelay: Infinity });

  const flagBatch = async (lines: string[], firstLine: number): Promise<Omit<Batch, 'bytes'>> => {
    const worker = leastBusy(ready);
    if (worker && worker.inFlight < 2) {
      try {
        const result = await worker.run({ lines, firstLine, ...(opts.settings ? { settings: opts.settings } : {}) });
        linesInWorkers += lines.length;
        return result;
      } catch (error) {
        if (stopped) return { text: '', failed: 0 };
        if (!broken) {
          broken = true;
          log(`a worker thread failed (${error instanceof Error ? error.message : String(error)}); flagging the rest in this thread`);
          for (const w of ready) void w.close();
          ready = [];
          stopStarting.abort();
        }
      }
    }
    return flagLines(lines, firstLine, opts.settings);
  };

  let lines = 0;
  let failed = 0;
  let bytesDone = 0;
  // Batches sent, oldest first; those flagged here are done at once but wait their turn.
  const pending: Promise<Batch>[] = [];
  const writeOldest = async () => {
    const batch = await pending.shift()!;
    failed += batch.failed;
    bytesDone += batch.bytes;
    await write(out, batch.text);
    opts.onProgress?.(bytesDone, bytesTotal);
  };
  let batch: string[] = [];
  let batchChars = 0;
  let batchBytes = 0;
  const send = async () => {
    if (batch.length === 0) return;
    const [sent, firstLine, bytes] = [batch, lines - batch.length + 1, batchBytes];
    batch = [];
    batchChars = batchBytes = 0;
    bytesRead += bytes;
    pending.push(flagBatch(sent, firstLine).then((r) => ({ ...r, bytes })));
    startIfWorthIt();
    while (pending.length >= 4 * jobs) await writeOldest();
    // Write whatever is finished at the head (all of it when this thread flagged alone).
    while (pending.length > 0 && (await isSettled(pending[0]!))) await writeOldest();
  };
  try {
    for await (const raw of rl) {
      lines++;
      batch.push(raw);
      batchChars += raw.length;
      batchBytes += Buffer.byteLength(raw) + 1;
      if (batch.length >= BATCH_LINES || batchChars >= BATCH_CHARS) await send();
    }
    await send();
    while (pending.length > 0) await writeOldest();
  } finally {
    broken = stopped = true;
    stopStarting.abort();
    for (const w of ready) void w.close();
    await starting;
    process.stdout.off('error', onStdoutError);
    if (opts.outPath) {
      out.end();
      await once(out, 'finish');
    }
  }
  return { lines, failed, linesInWorkers, workersStarted };
}

const NOT_YET = Symbol('not yet');
/** Whether `p` has settled, asked without waiting for it. */
async function isSettled(p: Promise<unknown>): Promise<boolean> {
  return (await Promise.race([p, Promise.resolve(NOT_YET)])) !== NOT_YET;
}

/** Starts `jobs` workers at `entry`, handing each to `onReady` as it is; says once if any could not start. */
async function launchWorkers(entry: URL, jobs: number, signal: AbortSignal, log: (line: string) => void, onReady: (w: FlagLinesWorker) => void): Promise<void> {
  const { refused, why } = await startWorkers<LinesRequest, { text: string; failed: number }>(entry, FLAG_LINES_WORKER_MARK, jobs, { signal, onReady });
  if (refused > 0 && !signal.aborted) log(`${refused} of ${jobs} worker threads could not start (${why})`);
}
