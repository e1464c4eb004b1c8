import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Backend } from './backend.ts';
import { serve, type RunningServer } from './http.ts';
import { SCHEMA_VERSION } from '../db/migrations/index.ts';

let dir: string;
let backend: Backend;
let server: RunningServer;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-http-'));
  backend = Backend.open(path.join(dir, 'ws'));
  server = await serve(backend, { port: 0 });
});
afterEach(async () => {
  await server.close();
  backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function call(name: string, input: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
  return { status: res.status, body: await res.json() };
}

async function uploadAndImport(kind: 'prompts' | 'traces', fileName: string, content: string, extra: Record<string, unknown> = {}) {
  const up = await fetch(`${server.url}/api/upload`, { method: 'POST', body: content });
  const { uploadId } = (await up.json()) as { uploadId: string };
  return call('imports.run', { kind, uploadId, fileName, ...extra });
}

const traces = [
  { prompt: 'What is 2+2?', answer: '4', completion: 'Two and two make four.\n</think>\n\nThe answer is \\boxed{4}.' },
  { prompt: 'What is 3+3?', answer: '6', completion: 'Three and three.\n</think>\n\nThe answer is \\boxed{7}.' },
  { prompt: 'Say hi', completion: 'No summary here.\n</think>' },
];
const tracesJsonl = traces.map((t) => JSON.stringify(t)).join('\n');

describe('HTTP transport', () => {
  it('serves /api/health without auth, with version and schema version', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, schemaVersion: SCHEMA_VERSION, version: expect.any(String) });
  });

  it('binds 127.0.0.1 by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('imports an uploaded file, verifies answers, flags samples, and lists them page by page', async () => {
    const result = await uploadAndImport('traces', 'traces.jsonl', tracesJsonl);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ inserted: 3, rejected: 0 });
    await backend.flagger.schedule();
    const first = await call('samples.list', { limit: 2, withTotal: true });
    expect(first.body.total).toBe(3);
    expect(first.body.rows).toHaveLength(2);
    const second = await call('samples.list', { limit: 2, cursor: first.body.nextCursor });
    expect(second.body.rows).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const all = [...first.body.rows, ...second.body.rows];
    expect(all.map((r: { verdict: string }) => r.verdict)).toEqual(['correct', 'incorrect', 'unverifiable']);
    const noSummary = await call('samples.list', { filter: { flag: 'no_summary' } });
    expect(noSummary.body.rows.map((r: { promptPreview: string }) => r.promptPreview)).toEqual(['Say hi']);
  });

  it('sorts by length in both directions with stable keyset pages', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => JSON.stringify({ prompt: `p${i}`, completion: 'x'.repeat(10 + (i % 7)) + `</think>s${i}` }));
    await uploadAndImport('traces', 't.jsonl', rows.join('\n'));
    for (const dir of ['asc', 'desc'] as const) {
      const seen: Array<{ id: number; length: number }> = [];
      let cursor: string | null = null;
      do {
        const page: { body: { rows: Array<{ id: number; length: number }>; nextCursor: string | null } } = await call('samples.list', { sort: { field: 'length', dir }, limit: 4, cursor });
        seen.push(...page.body.rows);
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(new Set(seen.map((r) => r.id)).size).toBe(25);
      const lengths = seen.map((r) => r.length);
      const sorted = [...lengths].sort((a, b) => (dir === 'asc' ? a - b : b - a));
      expect(lengths).toEqual(sorted);
    }
  });

  it('returns errors as a status plus {code, message, details}', async () => {
    const bad = await call('samples.list', { limit: 'many' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('limit') });
    const unknown = await call('samples.destroyAll', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not_found');
    const missing = await call('samples.get', { id: 999 });
    expect(missing.status).toBe(404);
    const broken = await uploadAndImport('traces', 'broken.jsonl', `${JSON.stringify(traces[0])}\n{"prompt": 1,`);
    expect(broken.status).toBe(422);
    expect(broken.body).toMatchObject({ code: 'invalid_file', details: { file: 'broken.jsonl', line: 2 } });
    const notJson = await fetch(`${server.url}/api/samples.list`, { method: 'POST', body: '{oops' });
    expect(notJson.status).toBe(400);
  });

  it('refuses a stale save with 409 carrying both versions, never overwriting', async () => {
    await uploadAndImport('traces', 'traces.jsonl', tracesJsonl);
    const id = (await call('samples.list', {})).body.rows[0].id;
    const first = await call('samples.saveRevision', { sampleId: id, baseRevisionId: null, completion: '<think>\nmine\n</think>\n\nDone.' });
    expect(first.status).toBe(200);
    const stale = await call('samples.saveRevision', { sampleId: id, baseRevisionId: null, completion: '<think>\ntheirs\n</think>\n\nDone.' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('conflict');
    expect(stale.body.details.current.completion).toContain('mine');
    expect(stale.body.details.yours.completion).toContain('theirs');
    const detail = await call('samples.get', { id });
    expect(detail.body.current.completion).toContain('mine');
    expect(detail.body.original.completion).toBe(traces[0]!.completion);
    const next = await call('samples.saveRevision', { sampleId: id, baseRevisionId: first.body.revision.id, completion: 'second', note: 'n' });
    expect(next.status).toBe(200);
    expect((await call('samples.history', { id })).body.revisions.map((r: { completion: string }) => r.completion)).toEqual(['second', expect.stringContaining('mine')]);
  });

  it('pushes server-sent events for imports', async () => {
    const received: string[] = [];
    const req = http.get(`${server.url}/api/events`);
    const response = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    expect(response.headers['content-type']).toBe('text/event-stream');
    response.setEncoding('utf8');
    const gotChanged = new Promise<void>((resolve) =>
      response.on('data', (chunk: string) => {
        received.push(chunk);
        if (received.join('').includes('event: samples.changed')) resolve();
      }),
    );
    await uploadAndImport('traces', 'traces.jsonl', tracesJsonl);
    await gotChanged;
    expect(received.join('')).toMatch(/event: import\.progress\ndata: \{.*"done":true/);
    req.destroy();
  });

  it('rejects requests that address a loopback server by another host name (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve) => {
      http.get({ host: '127.0.0.1', port: new URL(server.url).port, path: '/api/health', headers: { Host: 'evil.example:80' } }, (res) => resolve(res.statusCode!));
    });
    expect(status).toBe(403);
  });

  it('never lets an upload id name a path', async () => {
    const res = await call('imports.run', { kind: 'traces', uploadId: '../../etc/passwd', fileName: 'x.jsonl' });
    expect(res.status).toBe(400);
  });
});
