/**
 * A local GGUF engine whose model lives in a child process (llama-host.ts, and why there).
 * Same Engine interface as LlamaEngine; the app's process never loads llama.cpp for a run.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AppError, type ErrorCode } from '../../core/errors.ts';
import type { Engine, EngineInfo, GeneratedSample, GroupRequest } from './engine.ts';
import { validateGguf } from './gguf-validate.ts';
import { GgufError, type GgufErrorCode } from './gguf.ts';
import type { FromHost, HostError, HostLoadOptions, ToHost } from './llama-host-protocol.ts';

const HOST = fileURLToPath(new URL('./llama-host.ts', import.meta.url));
// Absolute, so the host compiles whatever the working directory of the app is.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const STDERR_TAIL = 4000;
const CLOSE_GRACE_MS = 10_000;

export interface LlamaProcessOptions extends HostLoadOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** An error from the host, rebuilt with its kind so callers can tell a bad file from a crash. */
function rebuild(error: HostError): Error {
  if (error.name === 'GgufError') {
    const d = (error.details ?? {}) as { path?: string; key?: string };
    return new GgufError(error.code as GgufErrorCode, d.path ?? '', error.message, d.key);
  }
  if (error.name === 'AppError') return new AppError(error.code as ErrorCode, error.message, error.details);
  if (error.name === 'AbortError') return new DOMException(error.message, 'AbortError');
  return Object.assign(new Error(error.message), { name: error.name });
}

interface Pending {
  request: GroupRequest;
  resolve(samples: GeneratedSample[]): void;
  reject(error: Error): void;
}

export class LlamaProcessEngine implements Engine {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private exited: Error | null = null;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly child: ChildProcess,
    private readonly information: EngineInfo,
    readonly maxSequences: number,
    readonly chatWrapperName: string,
    /** `pool` when the host runs decodes and samples on its single pool thread (the intended setup). */
    readonly sampling: 'queue' | 'pool',
    private readonly stderrTail: () => string,
  ) {
    child.on('message', (m) => this.onMessage(m as FromHost));
    child.on('exit', (code, signal) => this.onExit(code, signal));
  }

  static async load(opts: LlamaProcessOptions): Promise<LlamaProcessEngine> {
    // The host validates too, but a bad file is refused here without starting a process.
    await validateGguf(opts.modelPath);
    const { signal, onProgress, ...options } = opts;
    if (signal?.aborted) throw new DOMException('Model load cancelled', 'AbortError');
    const child = fork(HOST, [], {
      execArgv: ['--import', TSX_LOADER],
      env: { ...process.env, UV_THREADPOOL_SIZE: '1' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let tail = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => { tail = (tail + chunk).slice(-STDERR_TAIL); });
    const stderrTail = () => tail.trim();
    return new Promise<LlamaProcessEngine>((resolve, reject) => {
      const cleanup = () => {
        child.off('message', onMessage);
        child.off('exit', onExit);
        signal?.removeEventListener('abort', onAbort);
      };
      const onMessage = (m: FromHost) => {
        if (m.type === 'load-progress') onProgress?.(m.fraction);
        else if (m.type === 'loaded') {
          cleanup();
          resolve(new LlamaProcessEngine(child, m.info, m.maxSequences, m.chatWrapperName, m.sampling, stderrTail));
        } else if (m.type === 'load-failed') {
          cleanup();
          child.kill('SIGKILL');
          reject(rebuild(m.error));
        }
      };
      const onExit = (code: number | null, sig: NodeJS.Signals | null) => {
        cleanup();
        reject(new AppError('internal', `The model process stopped while loading ${opts.modelPath} (${sig ?? `exit code ${code}`})${stderrTail() ? `: ${stderrTail()}` : ''}`));
      };
      // Cancelling a load mid-way: killing the process is the one thing that stops llama.cpp at once.
      const onAbort = () => {
        cleanup();
        child.kill('SIGKILL');
        reject(signal?.reason instanceof Error ? signal.reason : new DOMException('Model load cancelled', 'AbortError'));
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      signal?.addEventListener('abort', onAbort, { once: true });
      child.send({ type: 'load', options } satisfies ToHost);
    });
  }

  info(): EngineInfo {
    return { ...this.information };
  }

  /** False once the model process has stopped: a cached engine must then be loaded again. */
  get alive(): boolean {
    return this.exited === null && this.closing === null;
  }

  generateGroup(request: GroupRequest): Promise<GeneratedSample[]> {
    if (this.exited) return Promise.reject(this.exited);
    if (this.closing) return Promise.reject(new Error('engine is closed'));
    const id = this.nextId++;
    return new Promise<GeneratedSample[]>((resolve, reject) => {
      const onAbort = () => this.post({ type: 'abort', id });
      const done = () => request.signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        request,
        resolve: (samples) => { done(); resolve(samples); },
        reject: (error) => { done(); reject(error); },
      });
      this.post({ type: 'generate', id, prompt: request.prompt, samples: request.samples, params: request.params, streamText: Boolean(request.onText) });
      if (request.signal?.aborted) onAbort();
      else request.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), CLOSE_GRACE_MS);
      this.child.once('exit', () => { clearTimeout(timer); resolve(); });
      this.post({ type: 'close' });
    });
    return this.closing;
  }

  private post(message: ToHost): void {
    if (this.child.connected) this.child.send(message);
  }

  private onMessage(m: FromHost): void {
    if (m.type === 'text' || m.type === 'sample') {
      const p = this.pending.get(m.id);
      try {
        if (m.type === 'text') p?.request.onText?.(m.index, m.chunk);
        else p?.request.onSample?.(m.sample);
      } catch (error) {
        // A callback that throws (e.g. the disk is full while storing a sample) must fail this
        // group, as it would in-process, not escape an event handler and take the app down.
        this.pending.delete(m.id);
        this.post({ type: 'abort', id: m.id });
        p?.reject(error instanceof Error ? error : new Error(String(error)));
      }
    } else if (m.type === 'group' || m.type === 'group-failed') {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.type === 'group') p?.resolve(m.samples);
      else p?.reject(rebuild(m.error));
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    const tail = this.stderrTail();
    // `kind: 'crashed'` makes a run stop at once instead of failing prompt after prompt.
    this.exited = Object.assign(
      new AppError('internal', `The model process stopped (${signal ?? `exit code ${code}`}); finished samples are kept, resume the run to continue.${tail ? ` Its last output: ${tail}` : ''}`),
      { kind: 'crashed' },
    );
    for (const p of this.pending.values()) p.reject(this.exited);
    this.pending.clear();
  }
}
