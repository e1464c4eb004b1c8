/**
 * The HTTP transport: the same router as Electron's IPC, as `POST /api/<procedure>`, plus
 * server-sent events at `GET /api/events`, file uploads for imports, and the built renderer.
 * This is the browser mode, the team server and what the end-to-end tests drive.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { AppError, toAppError } from '../core/errors.ts';
import { FailedAuthLimiter } from './auth.ts';
import type { Backend } from './backend.ts';
import { LOCAL_ACTOR, type Actor } from './router.ts';
import { contentTypeOf } from './mime.ts';

export interface ServeOptions {
  host?: string;
  port?: number;
  /** Folder with the built renderer (index.html); omitted: API only. */
  staticDir?: string | null;
  /** Resolves a bearer token to an annotator; omitted: every caller is the local user. */
  authenticate?: (token: string | null) => Actor | null;
  maxJsonBytes?: number;
  maxUploadBytes?: number;
  /** Failed authentications allowed per client address per minute before 429 (default 10). */
  maxFailedAuthPerMinute?: number;
}

export interface RunningServer {
  url: string;
  server: http.Server;
  close(): Promise<void>;
}


const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function serve(backend: Backend, options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const maxJson = options.maxJsonBytes ?? 16 * 1024 * 1024;
  const maxUpload = options.maxUploadBytes ?? 4 * 1024 * 1024 * 1024;
  const authenticate = options.authenticate ?? (() => LOCAL_ACTOR);
  const sseClients = new Set<http.ServerResponse>();
  const failedAuth = new FailedAuthLimiter(options.maxFailedAuthPerMinute ?? 10, 60_000);

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => sendError(res, toAppError(error)));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // A page on another site must not drive a loopback server through DNS rebinding.
    if (LOOPBACK.has(host) && !isLoopbackHost(req.headers.host)) throw new AppError('forbidden', 'Requests must address this server as localhost.');
    if (!url.pathname.startsWith('/api/')) return serveStatic(url.pathname, res);
    res.setHeader('Cache-Control', 'no-store');
    // Same origin only: no Access-Control-Allow-Origin is ever sent, preflights are refused, and
    // a cross-site page's "simple" POST (which skips preflight) is refused before it runs.
    if (!isSameOrigin(req)) throw new AppError('forbidden', 'Cross-origin requests are not allowed.');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { Allow: 'GET, POST' });
      res.end();
      return;
    }
    if (url.pathname === '/api/health' && req.method === 'GET') return sendJson(res, 200, await backend.router.call('health.get', {}, { actor: LOCAL_ACTOR }));

    const address = req.socket.remoteAddress ?? 'unknown';
    const wait = failedAuth.blockedFor(address);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      throw new AppError('rate_limited', `Too many failed sign-ins from this address; try again in ${wait} s.`);
    }
    const token = bearer(req);
    const actor = authenticate(token);
    if (!actor) {
      // Only a presented token is a guess; a page loading before sign-in sends none, several times.
      if (token !== null) failedAuth.fail(address);
      throw new AppError('unauthorized', 'A valid bearer token is required (Authorization: Bearer <token>).');
    }

    if (url.pathname === '/api/events' && req.method === 'GET') return openEventStream(req, res);
    if (url.pathname === '/api/upload' && req.method === 'POST') {
      const saved = await backend.uploads.save(req, maxUpload);
      return sendJson(res, 200, saved);
    }
    if (req.method !== 'POST') throw new AppError('bad_request', `Use POST for ${url.pathname}.`);
    const name = url.pathname.slice('/api/'.length);
    const access = backend.router.accessOf(name);
    if (access === null) throw new AppError('not_found', `Unknown procedure "${name}".`);
    const input = await readJson(req, maxJson);
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const output = await backend.router.call(name, input, { actor, signal: controller.signal });
    sendJson(res, 200, output);
  }

  function openEventStream(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write(': connected\n\n');
    sseClients.add(res);
    const unsubscribe = backend.events.subscribe((message) => {
      res.write(`event: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      sseClients.delete(res);
    });
  }

  function serveStatic(pathname: string, res: http.ServerResponse): void {
    const root = options.staticDir;
    if (!root || !fs.existsSync(path.join(root, 'index.html'))) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The UI is not built. Run `npm start` (it builds the UI), or `npx vite build`.');
      return;
    }
    // Resolve inside the static root only; anything that escapes it falls back to the app.
    const decoded = decodeURIComponent(pathname);
    let file = path.resolve(root, `.${path.posix.normalize(decoded)}`);
    if (!file.startsWith(path.resolve(root) + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html');
    const ext = path.extname(file);
    res.writeHead(200, {
      'Content-Type': contentTypeOf(file),
      'Cache-Control': ext === '.html' ? 'no-store' : 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
      ...(ext === '.html' ? { 'Content-Security-Policy': CSP } : {}),
    });
    fs.createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sseClients) client.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The browser build loads workers from blobs (Monaco) and styles inline (React). Nothing from other origins. */
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

function isLoopbackHost(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const hostname = hostHeader.startsWith('[') ? hostHeader.slice(1, hostHeader.indexOf(']')) : hostHeader.split(':')[0]!;
  return LOOPBACK.has(hostname);
}

function isSameOrigin(req: http.IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser's cross-origin request (curl, the CLI, same-origin GET)
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false; // "null" from sandboxed frames and file:// pages
  }
}

function bearer(req: http.IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  // EventSource cannot set headers; the token may come as a query parameter for /api/events only.
  const url = new URL(req.url ?? '/', 'http://localhost');
  return url.pathname === '/api/events' ? url.searchParams.get('token') : null;
}

async function readJson(req: http.IncomingMessage, max: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new AppError('payload_too_large', `The request body is larger than ${Math.round(max / 1024 / 1024)} MiB.`);
    chunks.push(chunk);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new AppError('bad_request', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: http.ServerResponse, error: AppError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, error.status, error.toPayload());
}
