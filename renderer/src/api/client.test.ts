import { describe, expect, it } from 'vitest';
import type { BridgeResult, ColdstartBridge } from '../../../core/bridge.ts';
import type { EventMessage } from '../../../core/contract.ts';
import { AppError } from '../../../core/errors.ts';
import { bridgeTransport } from './bridge-transport.ts';
import { ApiClient } from './client.ts';
import { httpTransport, TOKEN_KEY } from './http-transport.ts';

interface Seen {
  url: string;
  init: RequestInit | undefined;
}

function fakeFetch(status: number, body: string, seen: Seen[] = []): typeof fetch {
  return (async (url: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: String(url), init });
    return new Response(body, { status, headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch;
}

/** Records listeners so a test can play the server's side of an SSE stream. */
class FakeEventSource {
  static last: FakeEventSource | null = null;
  readonly handlers = new Map<string, (event: { data: string }) => void>();
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(name: string, handler: (event: { data: string }) => void): void {
    this.handlers.set(name, handler);
  }
  close(): void {
    this.closed = true;
  }
}

describe('ApiClient over HTTP', () => {
  it('posts the input as JSON to /api/<procedure> and returns the parsed output', async () => {
    const seen: Seen[] = [];
    const client = new ApiClient(httpTransport({ fetch: fakeFetch(200, '{"rows":[],"nextCursor":null,"total":0}', seen) }));
    const out = await client.call('samples.list', { filter: { status: 'new' }, limit: 50 });
    expect(out).toEqual({ rows: [], nextCursor: null, total: 0 });
    expect(seen[0]!.url).toBe('/api/samples.list');
    expect(seen[0]!.init?.method).toBe('POST');
    expect(JSON.parse(String(seen[0]!.init?.body))).toEqual({ filter: { status: 'new' }, limit: 50 });
  });

  it('rebuilds the server error payload as an AppError with code, message and details', async () => {
    const payload = { code: 'invalid_file', message: 'bad.jsonl line 3: not valid JSON', details: { line: 3, field: null } };
    const client = new ApiClient(httpTransport({ fetch: fakeFetch(422, JSON.stringify(payload)) }));
    const error = await client.call('workspace.stats', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'invalid_file', message: payload.message, details: payload.details });
  });

  it('turns a non-JSON failure (proxy, crash) into an AppError naming the status', async () => {
    const client = new ApiClient(httpTransport({ fetch: fakeFetch(502, '<html>Bad gateway</html>') }));
    await expect(client.call('workspace.stats', {})).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('502') });
  });

  it('reports an unreachable server as unavailable', async () => {
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const client = new ApiClient(httpTransport({ fetch: failing }));
    await expect(client.call('workspace.info', {})).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('sends a stored bearer token on calls and on the event stream', async () => {
    const seen: Seen[] = [];
    const storage = { getItem: (key: string) => (key === TOKEN_KEY ? 'tok en' : null) };
    const client = new ApiClient(httpTransport({ fetch: fakeFetch(200, '{}', seen), storage, EventSource: FakeEventSource as unknown as typeof EventSource }));
    await client.call('workspace.info', {});
    expect((seen[0]!.init?.headers as Record<string, string>).Authorization).toBe('Bearer tok en');
    const stop = client.subscribe(() => {});
    expect(FakeEventSource.last!.url).toBe('/api/events?token=tok%20en');
    stop();
  });

  it('delivers server-sent events typed by name and closes the stream after the last unsubscribe', () => {
    const client = new ApiClient(httpTransport({ EventSource: FakeEventSource as unknown as typeof EventSource }));
    const changed: unknown[] = [];
    const all: EventMessage[] = [];
    const stopOne = client.on('samples.changed', (data) => changed.push(data.reason));
    const stopAll = client.subscribe((m) => all.push(m));
    const source = FakeEventSource.last!;
    expect(source.url).toBe('/api/events');
    source.handlers.get('samples.changed')!({ data: '{"reason":"import"}' });
    source.handlers.get('flagging.progress')!({ data: '{"done":1,"total":2}' });
    source.handlers.get('import.progress')!({ data: 'not json' });
    expect(changed).toEqual(['import']);
    expect(all.map((m) => m.event)).toEqual(['samples.changed', 'flagging.progress']);
    stopOne();
    expect(source.closed).toBe(false);
    stopAll();
    expect(source.closed).toBe(true);
  });
});

describe('ApiClient over the Electron bridge', () => {
  function bridge(result: BridgeResult, calls: Array<[string, unknown]> = []): ColdstartBridge {
    return {
      invoke: async (procedure, input) => {
        calls.push([procedure, input]);
        return result;
      },
      subscribe: () => () => {},
    };
  }

  it('unwraps ok values', async () => {
    const calls: Array<[string, unknown]> = [];
    const client = new ApiClient(bridgeTransport(bridge({ ok: true, value: { ok: true, version: '1', schemaVersion: 3 } }, calls)));
    await expect(client.call('health.get', {})).resolves.toEqual({ ok: true, version: '1', schemaVersion: 3 });
    expect(calls).toEqual([['health.get', {}]]);
  });

  it('rebuilds error payloads as AppError', async () => {
    const client = new ApiClient(bridgeTransport(bridge({ ok: false, error: { code: 'conflict', message: 'stale', details: { current: 7 } } })));
    await expect(client.call('samples.get', { id: 1 })).rejects.toMatchObject({ name: 'AppError', code: 'conflict', message: 'stale', details: { current: 7 } });
  });

  it('uploads a file through the reserved procedure with its bytes', async () => {
    const calls: Array<[string, unknown]> = [];
    const client = new ApiClient(bridgeTransport(bridge({ ok: true, value: { uploadId: 'a'.repeat(32) } }, calls)));
    const file = new File(['{"prompt":"x"}\n'], 'p.jsonl');
    await expect(client.upload(file)).resolves.toBe('a'.repeat(32));
    const [name, input] = calls[0]!;
    expect(name).toBe('uploads.put');
    expect((input as { fileName: string }).fileName).toBe('p.jsonl');
    expect(new TextDecoder().decode((input as { bytes: Uint8Array }).bytes)).toBe('{"prompt":"x"}\n');
  });
});
