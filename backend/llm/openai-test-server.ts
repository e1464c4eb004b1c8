/**
 * A real HTTP server on 127.0.0.1 that plays an OpenAI-compatible endpoint for the engine's
 * tests: each request is recorded and answered by a scripted behaviour. Connections are
 * destroyed on close, so a hung stream can't keep a test process alive.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export type Behaviour = (req: SeenRequest, res: ServerResponse, n: number) => void | Promise<void>;

export interface TestServer {
  url: string;
  requests: SeenRequest[];
  /** Requests being answered right now, and the most ever at once. */
  inFlight: () => number;
  maxInFlight: () => number;
  close: () => Promise<void>;
}

export async function startServer(behaviour: Behaviour): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  let active = 0;
  let peak = 0;
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const seen: SeenRequest = { path: req.url ?? '', headers: req.headers, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} };
      requests.push(seen);
      active++;
      peak = Math.max(peak, active);
      res.on('close', () => active--);
      Promise.resolve(behaviour(seen, res, requests.length - 1)).catch((error: unknown) => {
        res.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inFlight: () => active,
    maxInFlight: () => peak,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sse(res: ServerResponse, events: Array<unknown>, opts: { done?: boolean } = {}): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const e of events) res.write(`data: ${typeof e === 'string' ? e : JSON.stringify(e)}\n\n`);
  if (opts.done !== false) res.write('data: [DONE]\n\n');
  res.end();
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Chat chunks for one choice: reasoning pieces, then content pieces, then a finish. */
export function chatChunks(index: number, reasoning: string[], content: string[], finish = 'stop'): unknown[] {
  return [
    ...reasoning.map((r) => ({ choices: [{ index, delta: { reasoning_content: r } }] })),
    ...content.map((c) => ({ choices: [{ index, delta: { content: c } }] })),
    { choices: [{ index, delta: {}, finish_reason: finish }] },
  ];
}
