import { afterEach, describe, expect, it } from 'vitest';
import type { GroupRequest, SamplingParams } from './engine.ts';
import { OpenAiEngine, type OpenAiEngineOptions } from './openai-engine.ts';
import { EngineError } from './openai-errors.ts';
import { chatChunks, json, sse, startServer, type Behaviour, type TestServer } from './openai-test-server.ts';

const PARAMS: SamplingParams = { temperature: 0.6, topP: 0.95, topK: 0, minP: 0, maxTokens: 256 };
const KEY = 'sk-test-SECRET-1234567890';
const ENV = { COLDSTART_TEST_KEY: KEY };

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function setup(behaviour: Behaviour, opts: Partial<OpenAiEngineOptions> = {}) {
  server = await startServer(behaviour);
  const delays: number[] = [];
  const engine = new OpenAiEngine({
    baseUrl: server.url,
    model: 'test-model',
    apiKeyEnv: 'COLDSTART_TEST_KEY',
    env: ENV,
    maxRetries: 2,
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...opts,
  });
  return { engine, delays, server };
}

function group(count: number, extra: Partial<GroupRequest> = {}): GroupRequest {
  return {
    prompt: { kind: 'chat', messages: [{ role: 'user', content: 'What is 1+1?' }] },
    samples: Array.from({ length: count }, (_, index) => ({ index, seed: 1000 + index })),
    params: PARAMS,
    ...extra,
  };
}

async function rejection(p: Promise<unknown>): Promise<EngineError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof EngineError)) throw new Error(`expected an EngineError, got ${String(error)}`);
  return error;
}

describe('OpenAiEngine: streaming', () => {
  it('reassembles reasoning_content and content, sends sampling params, seed and the key', async () => {
    const { engine, server } = await setup((_req, res) =>
      sse(res, [...chatChunks(0, ['1+1', ' is 2.'], ['The answer', ' is \\boxed{2}.']), { choices: [], usage: { prompt_tokens: 12, completion_tokens: 9 } }]),
    );
    const live: string[] = [];
    const finished: number[] = [];
    const [sample] = await engine.generateGroup(group(1, { onText: (_i, c) => live.push(c), onSample: (s) => finished.push(s.index) }));
    expect(sample).toMatchObject({
      index: 0,
      completion: '<think>\n1+1 is 2.\n</think>\n\nThe answer is \\boxed{2}.',
      reasoningContent: '1+1 is 2.',
      finishReason: 'stop',
      promptTokens: 12,
      completionTokens: 9,
    });
    expect(live.join('')).toBe(sample?.completion);
    expect(finished).toEqual([0]);
    const seen = server.requests[0];
    expect(seen?.path).toBe('/v1/chat/completions');
    expect(seen?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(seen?.body).toMatchObject({ model: 'test-model', temperature: 0.6, top_p: 0.95, max_tokens: 256, seed: 1000, n: 1, stream: true });
    expect(seen?.body).not.toHaveProperty('top_k');
    expect(seen?.body.messages).toEqual([{ role: 'user', content: 'What is 1+1?' }]);
  });

  it('accepts `reasoning` deltas (vLLM/Ollama) and leaves reasoning cut off by max_tokens unclosed', async () => {
    const { engine } = await setup((_req, res) =>
      sse(res, [{ choices: [{ index: 0, delta: { reasoning: 'still thinking' } }] }, { choices: [{ index: 0, delta: {}, finish_reason: 'length' }] }]),
    );
    const [s] = await engine.generateGroup(group(1));
    expect(s).toMatchObject({ completion: '<think>\nstill thinking', reasoningContent: 'still thinking', finishReason: 'length' });
  });

  it('text prompts go to /v1/completions; a prefilled-<think> output gets its opening tag back', async () => {
    const { engine, server } = await setup((_req, res) =>
      sse(res, [{ choices: [{ index: 0, text: 'reason</think>\n\n' }] }, { choices: [{ index: 0, text: '\\boxed{4}', finish_reason: 'stop' }] }]),
    );
    const [s] = await engine.generateGroup(group(1, { prompt: { kind: 'text', text: 'User: 2+2. Assistant: <think>' }, params: { ...PARAMS, topK: 20, minP: 0.05 } }));
    expect(s?.completion).toBe('<think>\nreason</think>\n\n\\boxed{4}');
    expect(server.requests[0]?.path).toBe('/v1/completions');
    expect(server.requests[0]?.body).toMatchObject({ prompt: 'User: 2+2. Assistant: <think>', top_k: 20, min_p: 0.05 });
  });

  it('one request per slot by default, each with its own seed, results in slot order', async () => {
    const { engine, server } = await setup((req, res) => {
      const seed = req.body.seed as number;
      sse(res, chatChunks(0, [], [`seed ${seed}`]));
    });
    const samples = await engine.generateGroup(group(4));
    expect(samples.map((s) => s.completion)).toEqual(['seed 1000', 'seed 1001', 'seed 1002', 'seed 1003']);
    expect(server.requests.map((r) => r.body.n)).toEqual([1, 1, 1, 1]);
  });

  it("samplesPerRequest 'n': one request with n choices; slots a server didn't return are filled one by one", async () => {
    const { engine, server } = await setup(
      (req, res) => {
        const n = req.body.n as number;
        // Like llama.cpp server: ignores n > 2, returns the first two choices interleaved.
        const a = chatChunks(0, [], ['a0', 'a1']);
        const b = chatChunks(1, [], ['b0']);
        sse(res, n === 1 ? chatChunks(0, [], [`single ${String(req.body.seed)}`]) : [a[0], b[0], a[1], b[1], a[2]]);
      },
      { samplesPerRequest: 'n' },
    );
    const samples = await engine.generateGroup(group(3));
    expect(samples.map((s) => s.completion)).toEqual(['a0a1', 'b0', 'single 1002']);
    expect(server.requests.map((r) => r.body.n)).toEqual([3, 1]);
  });

  it('limits requests in flight', async () => {
    const { engine, server } = await setup(
      (_req, res) => {
        setTimeout(() => sse(res, chatChunks(0, [], ['ok'])), 20);
      },
      { concurrency: 2 },
    );
    await engine.generateGroup(group(6));
    expect(server.requests).toHaveLength(6);
    expect(server.maxInFlight()).toBe(2);
  });
});

describe('OpenAiEngine: failures', () => {
  it('429 then success: retries once, waiting what Retry-After says', async () => {
    const { engine, delays, server } = await setup((_req, res, n) => {
      if (n === 0) json(res, 429, { error: { message: 'slow down' } }, { 'retry-after': '3' });
      else sse(res, chatChunks(0, [], ['fine']));
    });
    const [s] = await engine.generateGroup(group(1));
    expect(s?.completion).toBe('fine');
    expect(server.requests).toHaveLength(2);
    expect(delays).toEqual([3000]);
  });

  it('429 every time: rate_limited error after maxRetries + 1 attempts, with growing backoff', async () => {
    const { engine, delays, server } = await setup((_req, res) => json(res, 429, { error: { message: 'quota' } }), { maxRetries: 3, retryBaseMs: 100 });
    const error = await rejection(engine.generateGroup(group(1)));
    expect(error.kind).toBe('rate_limited');
    expect(error.code).toBe('rate_limited');
    expect(error.attempts).toBe(4);
    expect(server.requests).toHaveLength(4);
    expect(delays).toHaveLength(3);
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(50 * 2 ** i);
      expect(d).toBeLessThanOrEqual(100 * 2 ** i);
    });
  });

  it('500: retried, then a server error carrying the status and the server message', async () => {
    const { engine, server } = await setup((_req, res) => json(res, 500, { error: { message: 'CUDA out of memory' } }));
    const error = await rejection(engine.generateGroup(group(1)));
    expect(error).toMatchObject({ kind: 'server', httpStatus: 500, attempts: 3 });
    expect(error.message).toContain('CUDA out of memory');
    expect(server.requests).toHaveLength(3);
  });

  it('401: no retry; names the environment variable, never the key (even when the server echoes it)', async () => {
    const { engine, server } = await setup((req, res) => json(res, 401, { error: { message: `Invalid key ${String(req.headers.authorization)}` } }));
    const error = await rejection(engine.generateGroup(group(1)));
    expect(error.kind).toBe('auth');
    expect(error.code).not.toBe('unauthorized');
    expect(error.message).toContain('COLDSTART_TEST_KEY');
    expect(error.message).toContain('[redacted]');
    expect(JSON.stringify({ m: error.message, d: error.details, i: engine.info() })).not.toContain(KEY);
    expect(server.requests).toHaveLength(1);
  });

  it('an unset key variable fails at construction, naming the variable', () => {
    expect(() => new OpenAiEngine({ baseUrl: 'http://127.0.0.1:9', model: 'm', apiKeyEnv: 'NOPE_NOT_SET', env: {} })).toThrow(/NOPE_NOT_SET is not set/);
  });

  it('400 (e.g. prompt too long): a request error, not retried', async () => {
    const { engine, server } = await setup((_req, res) => json(res, 400, { error: { message: "This model's maximum context length is 4096 tokens" } }));
    const error = await rejection(engine.generateGroup(group(1)));
    expect(error).toMatchObject({ kind: 'request', httpStatus: 400 });
    expect(error.message).toContain('maximum context length');
    expect(server.requests).toHaveLength(1);
  });

  it('unreachable endpoint: retried, then an unreachable error naming the URL', async () => {
    const probe = await startServer(() => undefined);
    const url = probe.url;
    await probe.close(); // nothing listens on this port any more
    const delays: number[] = [];
    const engine = new OpenAiEngine({ baseUrl: `${url}/v1`, model: 'm', maxRetries: 1, sleep: async (ms) => void delays.push(ms) });
    const error = await rejection(engine.generateGroup(group(1)));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toContain(url);
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(delays).toHaveLength(1);
  });

  it('malformed SSE payload: a stream error, not retried', async () => {
    const { engine, server } = await setup((_req, res) => sse(res, [chatChunks(0, [], ['ok'])[0], '{"choices": [ {not json'], { done: false }));
    const error = await rejection(engine.generateGroup(group(1)));
    expect(error.kind).toBe('stream');
    expect(error.message).toMatch(/malformed event stream/);
    expect(server.requests).toHaveLength(1);
  });

  it('a stream cut off before any finish is retried, then reported as a stream error', async () => {
    const { engine, server } = await setup((_req, res) => sse(res, [chatChunks(0, [], ['partial'])[0]], { done: false }));
    const error = await rejection(engine.generateGroup(group(1)));
    expect(error.kind).toBe('stream');
    expect(error.message).toMatch(/ended before the model finished/);
    expect(server.requests).toHaveLength(3);
  });

  it('one fatal failure aborts the rest of the group and is what the caller sees', async () => {
    const { engine, server } = await setup((req, res) => {
      if (req.body.seed === 1001) json(res, 404, { error: { message: 'model not found' } });
      else res.writeHead(200, { 'content-type': 'text/event-stream' }); // hangs until aborted
    });
    const error = await rejection(engine.generateGroup(group(3)));
    expect(error).toMatchObject({ kind: 'request', httpStatus: 404 });
    await vitestWaitFor(() => server.inFlight() === 0);
  });

  it('abort through the signal ends the request and rejects with an AbortError', async () => {
    const controller = new AbortController();
    const { engine, server } = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify(chatChunks(0, [], ['first'])[0])}\n\n`); // then never finishes
    });
    const pending = engine.generateGroup(group(2, { signal: controller.signal, onText: () => controller.abort() }));
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await vitestWaitFor(() => server.inFlight() === 0);
  });
});

describe('OpenAiEngine: info', () => {
  it('shows the endpoint without credentials or query, and the model', () => {
    const engine = new OpenAiEngine({ baseUrl: 'https://user:pw@api.example.com/v1/?token=abc', model: 'deepseek-reasoner' });
    expect(engine.info()).toEqual({ engine: 'openai', backend: 'https://api.example.com/v1', model: 'deepseek-reasoner' });
  });
});

async function vitestWaitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
