/**
 * Request/reply worker threads that run this project's TypeScript: the backend's bulk flagger and
 * the `coldstart flag` command both start theirs here. A worker is started with a mark (its
 * `workerData`), so importing its module elsewhere serves nothing; it says it is ready once its
 * modules are loaded, then answers each request with a result or an error message.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData, Worker } from 'node:worker_threads';

type Reply<R> = { ready: true } | { id: number; result: R } | { id: number; error: string };

/** In a worker started by `WorkerClient.start(…, mark)`: answers its requests with `handle`. */
export function serveRequests<Q, R>(mark: string, handle: (request: Q) => R): void {
  const port = parentPort;
  if (!port || workerData !== mark) return;
  port.on('message', ({ id, request }: { id: number; request: Q }) => {
    let reply: Reply<R>;
    try {
      reply = { id, result: handle(request) };
    } catch (error) {
      reply = { id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true } satisfies Reply<R>);
}

/** One worker thread; unref'd while idle so it never keeps a process alive. */
export class WorkerClient<Q, R> {
  private readonly waiting = new Map<number, { resolve: (r: R) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private failure: Error | null = null;

  private constructor(private readonly worker: Worker) {}

  /**
   * Resolves once the worker at `entry` (a .ts module calling `serveRequests(mark, …)`) is ready;
   * rejects if it cannot start in `timeoutMs`, or when `signal` aborts first (the thread is stopped).
   */
  static start<Q, R>(entry: URL, mark: string, { timeoutMs = 30_000, signal }: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<WorkerClient<Q, R>> {
    // On Node 20, `--import tsx` in a worker's execArgv does not reach its entry module, so a
    // small bootstrap registers tsx's ESM hooks first and then imports the entry. tsx is resolved
    // from this package, not from the cwd.
    const api = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs');
    const bootstrap = `import(${JSON.stringify(pathToFileURL(api).href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
    const worker = new Worker(bootstrap, { eval: true, workerData: mark });
    const client = new WorkerClient<Q, R>(worker);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        client.fail(error);
        void worker.terminate();
        reject(error);
      };
      const abort = () => fail(new Error('not needed any more'));
      if (signal?.aborted) return abort();
      signal?.addEventListener('abort', abort, { once: true });
      worker.on('error', (error) => fail(error));
      worker.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)));
      worker.on('message', (reply: Reply<R>) => {
        if ('ready' in reply) {
          clearTimeout(timer);
          signal?.removeEventListener('abort', abort);
          worker.unref();
          resolve(client);
        } else client.settle(reply);
      });
    });
  }

  /** Requests not yet answered. */
  get inFlight(): number {
    return this.waiting.size;
  }

  run(request: Q): Promise<R> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    if (this.waiting.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, request });
    });
  }

  async close(): Promise<void> {
    this.fail(new Error('worker closed'));
    await this.worker.terminate();
  }

  private settle(reply: Exclude<Reply<R>, { ready: true }>): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker.unref();
    if ('error' in reply) waiter.reject(new Error(reply.error));
    else waiter.resolve(reply.result);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}

/**
 * Starts `count` workers at once, handing each to `onReady` as soon as it is ready. Resolves when
 * every start has ended: with the ready ones, and why the first refused one failed (null if none).
 */
export async function startWorkers<Q, R>(
  entry: URL,
  mark: string,
  count: number,
  options: { signal?: AbortSignal; onReady?: (worker: WorkerClient<Q, R>) => void } = {},
): Promise<{ workers: WorkerClient<Q, R>[]; refused: number; why: string | null }> {
  const started = await Promise.allSettled(
    Array.from({ length: count }, () =>
      WorkerClient.start<Q, R>(entry, mark, options.signal ? { signal: options.signal } : {}).then((worker) => {
        options.onReady?.(worker);
        return worker;
      }),
    ),
  );
  const workers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const first = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const why = first ? (first.reason instanceof Error ? first.reason.message : String(first.reason)) : null;
  return { workers, refused: count - workers.length, why };
}

/** The worker with the fewest requests in flight (the first on a tie), or undefined if none. */
export function leastBusy<W extends { inFlight: number }>(workers: readonly W[]): W | undefined {
  return workers.reduce<W | undefined>((best, w) => (!best || w.inFlight < best.inFlight ? w : best), undefined);
}
