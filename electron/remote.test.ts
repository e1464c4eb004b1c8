import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../backend/auth.ts';
import { Backend } from '../backend/backend.ts';
import { serve, type RunningServer } from '../backend/http.ts';
import { LOCAL_ACTOR } from '../backend/router.ts';
import { UPLOAD_PROCEDURE, type BridgeResult } from '../core/bridge.ts';
import type { EventMessage } from '../core/contract.ts';
import type { AppError } from '../core/errors.ts';
import { connectRemote, RemoteBackend } from './remote.ts';

let dir: string;
let backend: Backend;
let server: RunningServer;
let token: string;
const opened: RemoteBackend[] = [];

const local = (name: string, input: unknown) => backend.router.call(name, input, { actor: LOCAL_ACTOR }) as Promise<any>;
const startServer = (port = 0) => serve(backend, { port, authenticate: createAuthenticator(backend.workspace, { allowLocal: false }) });
function remote(url = server.url, key = token, retry = { initialMs: 20, maxMs: 200 }, onStreamEnd?: (error: AppError) => void): RemoteBackend {
  const r = new RemoteBackend(url, key, { retry, onStreamEnd });
  opened.push(r);
  return r;
}
function value(result: BridgeResult): any {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-remote-'));
  backend = Backend.open(path.join(dir, 'ws'));
  token = (await local('annotators.add', { name: 'ada', role: 'lead' })).token;
  server = await startServer();
});
afterEach(async () => {
  for (const r of opened.splice(0)) r.close();
  await server.close();
  await backend.flagger.schedule();
  backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Emits until the listener has seen a matching event: the stream connects asynchronously. */
async function emitUntilSeen(seen: EventMessage[], total: number): Promise<EventMessage> {
  for (let i = 0; i < 500; i++) {
    backend.events.emit('flagging.progress', { done: i, total });
    const hit = seen.find((m) => m.event === 'flagging.progress' && (m.data as { total: number }).total === total);
    if (hit) return hit;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no event arrived');
}

describe('RemoteBackend against a real team server', () => {
  it('calls a procedure as the token’s annotator', async () => {
    const r = remote(`${server.url}/`);
    expect(r.url).toBe(server.url);
    expect(value(await r.call('team.me', {}))).toMatchObject({ name: 'ada', role: 'lead' });
    expect(value(await r.call('workspace.info', {}))).toMatchObject({ mode: expect.any(String), name: expect.any(String) });
  });

  it('gets 401 for a wrong token and refuses an empty one before calling', async () => {
    expect(await remote(server.url, 'not-a-token').call('workspace.info', {})).toEqual({ ok: false, error: { code: 'unauthorized', message: expect.stringContaining('bearer token') } });
    expect(() => new RemoteBackend(server.url, '   ')).toThrow(expect.objectContaining({ code: 'invalid_input', details: { field: 'token' } }));
    expect(() => new RemoteBackend('ftp://host', token)).toThrow(expect.objectContaining({ details: { field: 'url' } }));
    expect(() => new RemoteBackend('https://ada:secret@host', token)).toThrow(/token field/);
  });

  it('uploads and imports, then a stale save comes back as a 409 conflict with both versions', async () => {
    const r = remote();
    const jsonl = ['{"prompt":"What is 2+2?","answer":"4","completion":"Two and two.\\n</think>\\n\\n\\\\boxed{4}"}', '{"prompt":"Say hi","completion":"Hi.\\n</think>"}'].join('\n');
    const bytes = new TextEncoder().encode(jsonl);
    const uploaded = value(await r.call(UPLOAD_PROCEDURE, { fileName: 'traces.jsonl', bytes }));
    expect(uploaded).toEqual({ uploadId: expect.stringMatching(/^[a-f0-9]{32}$/), bytes: bytes.byteLength });
    expect(value(await r.call('imports.run', { kind: 'traces', uploadId: uploaded.uploadId, fileName: 'traces.jsonl' }))).toMatchObject({ inserted: 2, rejected: 0 });
    const rows = value(await r.call('samples.list', { withTotal: true }));
    expect(rows.total).toBe(2);

    const id = rows.rows[0].id;
    const mine = value(await r.call('samples.saveRevision', { sampleId: id, baseRevisionId: null, completion: '<think>\nmine\n</think>\n\nDone.' }));
    expect(mine.revision.author).toBe('ada');
    const stale = await r.call('samples.saveRevision', { sampleId: id, baseRevisionId: null, completion: '<think>\ntheirs\n</think>\n\nDone.' });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict', details: { current: { completion: expect.stringContaining('mine') }, yours: { completion: expect.stringContaining('theirs') } } } });
    expect(await r.call(UPLOAD_PROCEDURE, { fileName: 'x.jsonl', bytes: 'text' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses a procedure name that would change the URL path', async () => {
    for (const name of ['../upload', 'events', 'samples.list?x=1', 'a/b.c']) {
      expect(await remote().call(name, {})).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
  });

  it('answers unavailable, naming the address, when nothing listens there', async () => {
    const closed = await startServer();
    const url = closed.url;
    await closed.close();
    const result = await remote(url).call('workspace.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining(url), details: { field: 'url' } } });
  });

  it('delivers server events to subscribers and stops when the last one leaves', async () => {
    const r = remote();
    const seen: EventMessage[] = [];
    const unsubscribe = r.subscribe((m) => seen.push(m));
    expect(await emitUntilSeen(seen, 7)).toEqual({ event: 'flagging.progress', data: { done: expect.any(Number), total: 7 } });
    unsubscribe();
    // Wait for the server to notice the closed stream, then nothing more may arrive.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const count = seen.length;
    backend.events.emit('flagging.progress', { done: 1, total: 7 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.length).toBe(count);
  });

  it('reconnects after the server restarts on the same address', async () => {
    const r = remote();
    const seen: EventMessage[] = [];
    r.subscribe((m) => seen.push(m));
    await emitUntilSeen(seen, 1);
    const port = (server.server.address() as AddressInfo).port;
    await server.close();
    server = await startServer(port);
    await emitUntilSeen(seen, 2);
  });

  it('gives up on the stream, saying why, once the token is revoked', async () => {
    let ended: AppError | null = null;
    const r = remote(server.url, token, { initialMs: 20, maxMs: 200 }, (error) => (ended = error));
    const seen: EventMessage[] = [];
    r.subscribe((m) => seen.push(m));
    await emitUntilSeen(seen, 3);
    await local('annotators.revoke', { name: 'ada' });
    const port = (server.server.address() as AddressInfo).port;
    await server.close(); // drops the open stream; the reconnect presents the revoked token
    server = await startServer(port);
    for (let i = 0; i < 200 && !ended; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ended).toMatchObject({ code: 'unauthorized' });
  });
});

describe('connectRemote', () => {
  it('returns the workspace and who the token belongs to', async () => {
    const { backend: r, connection } = await connectRemote(`${server.url}//`, ` ${token} `);
    opened.push(r);
    expect(connection).toEqual({ url: server.url, name: expect.any(String), mode: expect.stringMatching(/^(local|team)$/), actor: { id: expect.any(Number), name: 'ada', role: 'lead' } });
  });

  it('names the field to fix: token for a refused token, url for something that is not Coldstart', async () => {
    await expect(connectRemote(server.url, 'wrong')).rejects.toMatchObject({ code: 'unauthorized', details: { field: 'token' } });
    const other = http.createServer((_req, res) => res.end('<html>hello</html>'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      await expect(connectRemote(url, token)).rejects.toMatchObject({ code: 'unavailable', details: { field: 'url' }, message: expect.stringContaining('not a Coldstart team server') });
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('gives up after the timeout when the server accepts but never answers', async () => {
    const silent = http.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      await expect(connectRemote(url, token, { timeoutMs: 200 })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('no answer in time') });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
