/**
 * Engine for OpenAI-compatible endpoints (vLLM, SGLang, llama.cpp server, Ollama, DeepSeek API):
 * how a team outgrows one machine.
 *
 * Samples per request. By default every slot is its own request (n=1) carrying that slot's
 * seed, so each (prompt, index) sample is reproducible on servers that honour `seed` and a
 * resumed run regenerates exactly the missing samples; vLLM/SGLang prefix caching makes the
 * repeated prompt nearly free. `samplesPerRequest: 'n'` sends one request with n = group size
 * and the first slot's seed instead (fewer requests; samples then depend on the group size);
 * servers that ignore `n` (llama.cpp server, Ollama) return one choice, and the remaining
 * slots are requested one by one.
 *
 * Failures: 429, 408, 5xx, network errors and streams cut off early are retried with
 * exponential backoff and full jitter, honouring Retry-After; then a typed EngineError is
 * thrown and the group's other requests are aborted. Samples already finished have been
 * delivered through `onSample`. Cancelling through `signal` rejects with an AbortError.
 */
import type { Engine, EngineInfo, EnginePrompt, GeneratedSample, GroupRequest, SampleSlot } from './engine.ts';
import { EngineError, parseRetryAfter, publicUrl, redact, serverMessage } from './openai-errors.ts';
import { ChoiceAccumulator, applyChunk, mapFinishReason, parseChunk, type StreamChunk } from './openai-stream.ts';
import { Limiter, abortError, sleepWithSignal } from './limiter.ts';
import { readSseData } from './sse.ts';

export interface OpenAiEngineOptions {
  baseUrl: string;
  model: string;
  /** Name of the environment variable holding the API key; the key is never logged or shown. */
  apiKeyEnv?: string;
  /** Default: chat endpoint for `kind: 'chat'` prompts, completions endpoint for `kind: 'text'`. */
  mode?: 'chat' | 'completions';
  /** Requests in flight at once across all groups of this engine (default 8). */
  concurrency?: number;
  /** Retries after the first attempt (default 4). */
  maxRetries?: number;
  samplesPerRequest?: 'one' | 'n';
  fetchImpl?: typeof fetch;
  /** First backoff delay (default 500 ms), doubled per attempt, capped at maxRetryDelayMs (default 30 s). */
  retryBaseMs?: number;
  maxRetryDelayMs?: number;
  /** A stream silent for this long is dropped and retried (default 5 min). */
  idleTimeoutMs?: number;
  /** For tests: the wait between retries. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  env?: Record<string, string | undefined>;
}

class Retryable extends Error {
  constructor(readonly error: EngineError, readonly retryAfterMs: number | null) {
    super(error.message);
  }
}

/** `http://host:8000` → `http://host:8000/v1`; a URL with its own path is used as given. */
function apiRoot(baseUrl: string): string {
  const url = new URL(baseUrl);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path === '' ? '/v1' : path;
  return url.toString().replace(/\/$/, '');
}

export class OpenAiEngine implements Engine {
  private readonly root: string;
  private readonly shownUrl: string;
  private readonly apiKey: string | undefined;
  private readonly limiter: Limiter;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly closed = new AbortController();

  constructor(private readonly opts: OpenAiEngineOptions) {
    this.root = apiRoot(opts.baseUrl);
    this.shownUrl = publicUrl(this.root);
    const env = opts.env ?? process.env;
    if (opts.apiKeyEnv !== undefined) {
      const key = env[opts.apiKeyEnv];
      if (!key) throw new EngineError('auth', `The API key environment variable ${opts.apiKeyEnv} is not set (endpoint ${this.shownUrl}).`);
      this.apiKey = key;
    }
    this.limiter = new Limiter(Math.max(1, opts.concurrency ?? 8));
    this.fetchImpl = opts.fetchImpl ?? fetch;
    this.sleep = opts.sleep ?? sleepWithSignal;
  }

  info(): EngineInfo {
    return { engine: 'openai', backend: this.shownUrl, model: this.opts.model };
  }

  async close(): Promise<void> {
    this.closed.abort(abortError('Engine closed'));
  }

  async generateGroup(request: GroupRequest): Promise<GeneratedSample[]> {
    const group = new AbortController();
    const signal = AbortSignal.any([group.signal, this.closed.signal, ...(request.signal ? [request.signal] : [])]);
    const results = new Map<number, GeneratedSample>();
    const deliver = (sample: GeneratedSample) => {
      results.set(sample.index, sample);
      request.onSample?.(sample);
    };
    let fatal: unknown = null;
    const run = async (slots: SampleSlot[]) => {
      try {
        for (const s of await this.request(request, slots, signal)) deliver(s);
      } catch (error) {
        // The first real failure stops the rest of the group; their AbortErrors are its echo.
        if (fatal === null && !signal.aborted) fatal = error;
        group.abort(error);
        throw error;
      }
    };
    const batches: Array<Promise<void>> =
      this.opts.samplesPerRequest === 'n' && request.samples.length > 1
        ? [run(request.samples).then(() => Promise.all(request.samples.filter((s) => !results.has(s.index)).map((s) => run([s]))).then(() => undefined))]
        : request.samples.map((s) => run([s]));
    await Promise.allSettled(batches);
    if (request.signal?.aborted || this.closed.signal.aborted) throw abortError('Generation cancelled');
    if (fatal !== null) throw fatal;
    return request.samples.map((s) => results.get(s.index) as GeneratedSample);
  }

  /** One HTTP request for `slots` (n = slots.length), with retries; returns the choices that came back. */
  private async request(req: GroupRequest, slots: SampleSlot[], signal: AbortSignal): Promise<GeneratedSample[]> {
    const release = await this.limiter.acquire(signal);
    try {
      const maxRetries = Math.max(0, this.opts.maxRetries ?? 4);
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.attempt(req, slots, signal);
        } catch (error) {
          if (signal.aborted) throw abortError('Generation cancelled');
          if (!(error instanceof Retryable)) throw error;
          if (attempt >= maxRetries) throw withAttempts(error.error, attempt + 1);
          await this.sleep(this.backoff(attempt, error.retryAfterMs), signal);
        }
      }
    } finally {
      release();
    }
  }

  private backoff(attempt: number, retryAfterMs: number | null): number {
    const cap = this.opts.maxRetryDelayMs ?? 30_000;
    if (retryAfterMs !== null) return Math.min(retryAfterMs, Math.max(cap, 60_000));
    const ceiling = Math.min(cap, (this.opts.retryBaseMs ?? 500) * 2 ** attempt);
    // Full jitter: many workers retrying a shared server must not stampede in step.
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  private body(req: GroupRequest, slots: SampleSlot[]): { path: string; body: Record<string, unknown> } {
    const { params } = req;
    const sampling: Record<string, unknown> = {
      model: this.opts.model,
      temperature: params.temperature,
      top_p: params.topP,
      max_tokens: params.maxTokens,
      seed: slots[0]?.seed,
      n: slots.length,
      stream: true,
      stream_options: { include_usage: true },
    };
    // Non-OpenAI sampling knobs are sent only when used: the OpenAI API itself rejects them.
    if (params.topK > 0) sampling.top_k = params.topK;
    if (params.minP > 0) sampling.min_p = params.minP;
    const mode = this.opts.mode ?? (req.prompt.kind === 'chat' ? 'chat' : 'completions');
    return mode === 'chat'
      ? { path: '/chat/completions', body: { ...sampling, messages: toMessages(req.prompt) } }
      : { path: '/completions', body: { ...sampling, prompt: toText(req.prompt) } };
  }

  private async attempt(req: GroupRequest, slots: SampleSlot[], signal: AbortSignal): Promise<GeneratedSample[]> {
    const { path, body } = this.body(req, slots);
    const idle = new AbortController();
    const idleMs = this.opts.idleTimeoutMs ?? 300_000;
    let timer = setTimeout(() => idle.abort(), idleMs);
    const touch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(), idleMs);
    };
    const started = Date.now();
    try {
      let response: Response;
      try {
        response = await this.fetchImpl(`${this.root}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}) },
          body: JSON.stringify(body),
          signal: AbortSignal.any([signal, idle.signal]),
        });
      } catch (error) {
        throw this.networkError(error, signal, idle.signal);
      }
      if (!response.ok) throw await this.httpError(response);
      if (!response.body) throw new EngineError('stream', `${this.shownUrl} answered ${response.status} with no body`);

      const choices = new Map<number, ChoiceAccumulator>();
      const create = (i: number) => new ChoiceAccumulator((chunk) => req.onText?.(slots[i]?.index ?? i, chunk));
      let usage: StreamChunk['usage'] = null;
      let done = false;
      try {
        for await (const data of readSseData(response.body, touch)) {
          if (data.trim() === '[DONE]') {
            done = true;
            break;
          }
          const chunk = parseChunk(data);
          if (chunk.error) throw streamedError(chunk.error, this.apiKey);
          applyChunk(chunk, choices, create, Date.now());
          if (chunk.usage) usage = chunk.usage;
        }
      } catch (error) {
        if (error instanceof EngineError || error instanceof Retryable) throw error;
        throw this.networkError(error, signal, idle.signal);
      }
      const unfinished = [...choices.values()].some((c) => c.finishReason === null);
      if (choices.size === 0 || (!done && unfinished)) {
        throw new Retryable(new EngineError('stream', `the event stream from ${this.shownUrl} ended before the model finished`), null);
      }
      return [...choices.entries()]
        .filter(([i]) => i < slots.length)
        .map(([i, acc]) => ({
          index: (slots[i] as SampleSlot).index,
          completion: acc.completion(),
          ...(acc.reasoningContent !== undefined ? { reasoningContent: acc.reasoningContent } : {}),
          finishReason: mapFinishReason(acc.finishReason),
          promptTokens: usage?.prompt_tokens ?? 0,
          // Usage is per request; with n > 1 it is a sum, so count streamed deltas instead (≈ tokens).
          completionTokens: slots.length === 1 && usage?.completion_tokens !== undefined ? usage.completion_tokens : acc.deltas,
          durationMs: (acc.finishedAt ?? Date.now()) - started,
        }));
    } finally {
      clearTimeout(timer);
    }
  }

  private networkError(error: unknown, signal: AbortSignal, idle: AbortSignal): Error {
    if (signal.aborted) return abortError('Generation cancelled');
    const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
    const why = idle.aborted ? 'no data for too long' : (cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error)));
    return new Retryable(new EngineError('unreachable', `Cannot reach ${this.shownUrl}: ${redact(why, this.apiKey)}`), null);
  }

  private async httpError(response: Response): Promise<Error> {
    const text = await response.text().catch(() => '');
    const detail = redact(serverMessage(text), this.apiKey);
    const status = response.status;
    if (status === 401 || status === 403) {
      const keyHint = this.opts.apiKeyEnv
        ? `the key in the environment variable ${this.opts.apiKeyEnv} was rejected`
        : 'no API key was sent (set apiKeyEnv to the name of the environment variable holding it)';
      return new EngineError('auth', `${this.shownUrl} refused the request (${status}): ${keyHint}. Server said: ${detail}`, { httpStatus: status });
    }
    if (status === 429) {
      return new Retryable(new EngineError('rate_limited', `${this.shownUrl} is rate limiting (429): ${detail}`, { httpStatus: status }), parseRetryAfter(response.headers.get('retry-after')));
    }
    if (status >= 500 || status === 408) {
      return new Retryable(new EngineError('server', `${this.shownUrl} failed with ${status}: ${detail}`, { httpStatus: status }), parseRetryAfter(response.headers.get('retry-after')));
    }
    return new EngineError('request', `${this.shownUrl} rejected the request (${status}): ${detail}`, { httpStatus: status });
  }
}

function withAttempts(error: EngineError, attempts: number): EngineError {
  const suffix = attempts > 1 ? ` (gave up after ${attempts} attempts)` : '';
  return new EngineError(error.kind, `${error.message}${suffix}`, { httpStatus: error.httpStatus, attempts });
}

function streamedError(error: NonNullable<StreamChunk['error']>, apiKey: string | undefined): Retryable {
  const message = redact(typeof error === 'string' ? error : (error.message ?? JSON.stringify(error)), apiKey);
  return new Retryable(new EngineError('server', `the server reported an error mid-stream: ${message}`), null);
}

function toMessages(prompt: EnginePrompt): Array<{ role: string; content: string }> {
  return prompt.kind === 'chat' ? prompt.messages : [{ role: 'user', content: prompt.text }];
}

function toText(prompt: EnginePrompt): string {
  if (prompt.kind === 'text') return prompt.text;
  throw new EngineError('request', 'The completions endpoint takes a text prompt; send chat prompts with mode "chat" so the server applies the model\'s chat template.');
}
