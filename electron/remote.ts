/**
 * A team server seen from Electron main: the same `{ok, value | error}` answers as the local
 * IPC handler, made over HTTP with the annotator's bearer token. The token lives only here
 * (a private field of the main process), so the renderer keeps its strict CSP and never talks
 * to another origin. Pure Node (global fetch), so it is tested against a real `serve()`.
 *
 * Not Electron's `net.fetch`: that runs through the default session, whose request filter
 * cancels every http(s) request (the UI needs no network).
 */
import { UPLOAD_PROCEDURE, type BridgeResult, type RemoteConnection } from '../core/bridge.ts';
import type { EventMessage } from '../core/contract.ts';
import { AppError, errorFromReply, parseReplyJson, readReply, toAppError } from '../core/errors.ts';
import { normalizeServerUrl } from '../core/server-url.ts';
import { EventStreamParser, type ServerSentEvent } from './sse.ts';

export interface RemoteOptions {
  fetch?: typeof fetch;
  /** Event stream reconnect delays: doubling from `initialMs` up to `maxMs`. */
  retry?: { initialMs: number; maxMs: number };
  /** Told when the event stream gives up for good (the token was revoked or refused). */
  onStreamEnd?: (error: AppError) => void;
}

/** `domain.verb`, nothing else: the name becomes part of a URL path on the server. */
const PROCEDURE_NAME = /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)+$/;

export class RemoteBackend {
  readonly url: string;
  // A #private field: util.inspect and console.log of this object never print it.
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #retry: { initialMs: number; maxMs: number };
  readonly #onStreamEnd: ((error: AppError) => void) | undefined;
  readonly #listeners = new Set<(message: EventMessage) => void>();
  #stream: AbortController | null = null;
  #closed = false;

  /** Throws `invalid_input` with `details.field` ('url' | 'token') for what cannot be used. */
  constructor(url: string, token: string, options: RemoteOptions = {}) {
    const checked = normalizeServerUrl(url);
    if ('error' in checked) throw new AppError('invalid_input', checked.error, { field: 'url' });
    const trimmed = token.trim();
    if (!trimmed) throw new AppError('invalid_input', 'Paste your token (from `coldstart annotator add`).', { field: 'token' });
    if (!/^[\x21-\x7e]+$/.test(trimmed)) throw new AppError('invalid_input', 'A token is one word of printable ASCII; check what was pasted.', { field: 'token' });
    this.url = checked.url;
    this.#token = trimmed;
    this.#fetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
    this.#retry = options.retry ?? { initialMs: 500, maxMs: 30_000 };
    this.#onStreamEnd = options.onStreamEnd;
  }

  /** One procedure, as the renderer's bridge would call it locally; never throws. */
  async call(procedure: string, input: unknown, signal?: AbortSignal): Promise<BridgeResult> {
    try {
      if (procedure === UPLOAD_PROCEDURE) return { ok: true, value: await this.#upload(input, signal) };
      if (!PROCEDURE_NAME.test(procedure)) throw new AppError('bad_request', `"${procedure}" is not a procedure name.`);
      const response = await this.#request(`/api/${procedure}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input ?? {}) }, signal);
      return { ok: true, value: await readBody(response) };
    } catch (error) {
      return { ok: false, error: toAppError(error).toPayload() };
    }
  }

  /** GET /api/health, which needs no token: is a Coldstart server answering there? */
  async health(signal?: AbortSignal): Promise<{ ok: true; version: string }> {
    const response = await this.#request('/api/health', { method: 'GET' }, signal, false);
    const body = parseReplyJson(await response.text());
    const looksRight = response.ok && body !== null && typeof body === 'object' && (body as { ok?: unknown }).ok === true && typeof (body as { version?: unknown }).version === 'string';
    if (!looksRight) throw new AppError('unavailable', `${this.url} answered HTTP ${response.status} but is not a Coldstart team server (no /api/health).`, { field: 'url' });
    return body as { ok: true; version: string };
  }

  /** Server events for as long as a listener remains; one stream shared by all listeners. */
  subscribe(listener: (message: EventMessage) => void): () => void {
    if (this.#closed) return () => {};
    this.#listeners.add(listener);
    if (!this.#stream) {
      this.#stream = new AbortController();
      void this.#runStream(this.#stream.signal);
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#stopStream();
    };
  }

  /** Stops the event stream and refuses further subscriptions; calls in flight finish. */
  close(): void {
    this.#closed = true;
    this.#listeners.clear();
    this.#stopStream();
  }

  #stopStream(): void {
    this.#stream?.abort();
    this.#stream = null;
  }

  async #request(path: string, init: RequestInit, signal?: AbortSignal, withToken = true): Promise<Response> {
    const headers = new Headers(init.headers);
    if (withToken) headers.set('Authorization', `Bearer ${this.#token}`);
    try {
      return await this.#fetch(`${this.url}${path}`, { ...init, headers, signal, redirect: 'error' });
    } catch (error) {
      if (signal?.aborted && (signal.reason as Error | undefined)?.name !== 'TimeoutError') throw new AppError('cancelled', 'Cancelled');
      throw new AppError('unavailable', `Cannot reach the team server ${this.url} (${describeNetworkError(error)}).`, { field: 'url' });
    }
  }

  async #upload(input: unknown, signal?: AbortSignal): Promise<unknown> {
    const { fileName, bytes } = (input ?? {}) as { fileName?: unknown; bytes?: unknown };
    if (typeof fileName !== 'string' || fileName.length === 0) throw new AppError('invalid_input', `${UPLOAD_PROCEDURE}: fileName must be a non-empty string.`);
    const data = bytes instanceof Uint8Array ? bytes : bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : null;
    if (!data) throw new AppError('invalid_input', `${UPLOAD_PROCEDURE}: bytes must be a Uint8Array with the file's content.`);
    const response = await this.#request('/api/upload', { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: data }, signal);
    return readBody(response);
  }

  async #runStream(signal: AbortSignal): Promise<void> {
    let delay = this.#retry.initialMs;
    while (!signal.aborted) {
      try {
        const response = await this.#request('/api/events', { method: 'GET', headers: { Accept: 'text/event-stream' } }, signal);
        if (response.status === 401 || response.status === 403) {
          // The token stopped working: retrying would only feed the server's failed-auth limit.
          const error = errorFromReply(response.status, parseReplyJson(await response.text()));
          if (!signal.aborted) this.#onStreamEnd?.(error);
          this.#stream = null;
          return;
        }
        if (!response.ok || !response.body) throw errorFromReply(response.status, parseReplyJson(await response.text()));
        delay = this.#retry.initialMs;
        await this.#read(response.body, signal);
      } catch {
        // Network loss or a restarting server: try again after the delay, unless we were stopped.
      }
      if (signal.aborted) return;
      await sleep(delay, signal);
      delay = Math.min(delay * 2, this.#retry.maxMs);
    }
  }

  async #read(body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<void> {
    const reader = body.getReader();
    const parser = new EventStreamParser();
    const decoder = new TextDecoder();
    const cancel = () => void reader.cancel().catch(() => {});
    signal.addEventListener('abort', cancel, { once: true });
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || signal.aborted) return;
        for (const event of parser.push(decoder.decode(value, { stream: true }))) this.#dispatch(event);
      }
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  }

  #dispatch(event: ServerSentEvent): void {
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    const message = { event: event.event, data } as EventMessage;
    for (const listener of [...this.#listeners]) listener(message);
  }
}

/**
 * Checks a server before switching to it: health without the token, then workspace.info and
 * team.me with it. Failures are AppErrors whose `details.field` names what the user should fix.
 */
export async function connectRemote(url: string, token: string, options: RemoteOptions & { timeoutMs?: number } = {}): Promise<{ backend: RemoteBackend; connection: RemoteConnection }> {
  const backend = new RemoteBackend(url, token, options);
  const signal = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  await backend.health(signal);
  const info = await backend.call('workspace.info', {}, signal);
  if (!info.ok) {
    const { code, message } = info.error;
    if (code === 'unauthorized') throw new AppError('unauthorized', 'The server did not accept this token. It may be mistyped or revoked.', { field: 'token' });
    if (code === 'rate_limited') throw new AppError('rate_limited', message, { field: 'token' });
    throw new AppError(code, code === 'forbidden' ? `The server refused the request: ${message}` : message, { field: 'url' });
  }
  const { name, mode } = info.value as { name: string; mode: string };
  // Who the token belongs to; an older server without team.me still works.
  const me = await backend.call('team.me', {}, signal);
  const actor = me.ok ? (me.value as RemoteConnection['actor']) : null;
  return { backend, connection: { url: backend.url, name, mode, actor } };
}

async function readBody(response: Response): Promise<unknown> {
  return readReply(response.status, response.ok, await response.text());
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'no answer in time';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
