import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestModel } from '../make-test-model.ts';
import { Backend } from '../../backend/backend.ts';
import type { EventMessage } from '../../core/contract.ts';
import { LOCAL_ACTOR } from '../../backend/router.ts';
import { checkModelUri, downloadModel } from '../../backend/llm/download.ts';

/**
 * A local stand-in for a model host: honours Range requests like Hugging Face's CDN, and can
 * stall every response at a byte offset to play a connection that dies mid-download.
 */
function modelServer(body: Buffer) {
  const requests: Array<{ start: number; end: number; ranged: boolean }> = [];
  let stallAt: number | null = null;
  const server = http.createServer((req, res) => {
    if (req.url?.includes('missing')) return void res.writeHead(404).end('not found');
    const m = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    const end = m && m[2] ? Number(m[2]) : body.length - 1;
    requests.push({ start, end, ranged: Boolean(m) });
    res.writeHead(m ? 206 : 200, {
      'Content-Length': end - start + 1,
      'Accept-Ranges': 'bytes',
      'Content-Type': 'application/octet-stream',
      ...(m ? { 'Content-Range': `bytes ${start}-${end}/${body.length}` } : {}),
    });
    if (req.method === 'HEAD') return void res.end();
    if (stallAt === null || end < stallAt) return void res.end(body.subarray(start, end + 1));
    // Send what lies before the stall point, then hang without closing.
    if (start < stallAt) res.write(body.subarray(start, stallAt));
  });
  return {
    requests,
    stall(at: number | null) {
      stallAt = at;
    },
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    },
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let root: string;
let body: Buffer;
let host: ReturnType<typeof modelServer>;
let base: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'coldstart-download-'));
  const source = path.join(root, 'source.gguf');
  // Large enough (~11 MB) that the downloader splits it into several ranged chunks.
  await makeTestModel({ path: source, kind: 'scripted', vocabSize: 20000 });
  body = fs.readFileSync(source);
  host = modelServer(body);
  base = await host.listen();
});

afterAll(async () => {
  await host.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('downloadModel', () => {
  it('downloads a GGUF from an HTTP server into the folder, byte for byte, reporting progress', async () => {
    const dir = path.join(root, 'plain');
    const seen: number[] = [];
    const file = await downloadModel({ uri: `${base}/plain.gguf`, dir, onProgress: (done, total) => {
      expect(total).toBe(body.length);
      seen.push(done);
    } });
    expect(file).toBe(path.join(dir, 'plain.gguf'));
    expect(fs.readFileSync(file).equals(body)).toBe(true);
    expect(seen.at(-1)).toBe(body.length);
    expect(fs.readdirSync(dir)).toEqual(['plain.gguf']);
  });

  it('resumes an interrupted download: the second attempt fetches only what is missing', async () => {
    const dir = path.join(root, 'resume');
    const uri = `${base}/resume.gguf`;
    const stallAt = body.length - 1000;
    host.stall(stallAt);
    const controller = new AbortController();
    const first = downloadModel({
      uri, dir, signal: controller.signal,
      onProgress: (done) => {
        if (done >= stallAt) controller.abort();
      },
    });
    await expect(first).rejects.toMatchObject({ code: 'cancelled' });
    // The partial file stays (under a temp name models.list ignores).
    expect(fs.readdirSync(dir).some((f) => f.startsWith('resume.gguf') && f !== 'resume.gguf')).toBe(true);
    expect(fs.existsSync(path.join(dir, 'resume.gguf'))).toBe(false);

    host.stall(null);
    const mark = host.requests.length;
    const file = await downloadModel({ uri, dir });
    expect(fs.readFileSync(file).equals(body)).toBe(true);
    const again = host.requests.slice(mark).filter((r) => r.ranged);
    expect(again.length).toBeGreaterThan(0);
    // Nothing before the stall point is fetched twice.
    expect(again.every((r) => r.start > 0)).toBe(true);
    expect(again.reduce((n, r) => n + r.end - r.start + 1, 0)).toBeLessThan(body.length / 2);
  });

  it('refuses URIs that are not http(s) or hf:', () => {
    expect(() => checkModelUri('file:///etc/passwd')).toThrow(/Only http/);
    expect(() => checkModelUri('not a url')).toThrow(/neither a URL/);
    expect(() => checkModelUri('hf:bartowski/DeepSeek-R1-Distill-Qwen-1.5B-GGUF:Q4_K_M')).not.toThrow();
  });

  it('reports a missing file as unavailable and leaves nothing in the folder', async () => {
    const dir = path.join(root, 'none');
    await expect(downloadModel({ uri: `${base}/missing.gguf`, dir })).rejects.toMatchObject({ code: 'unavailable' });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.gguf'))).toEqual([]);
  });
});

describe('models.download through the router', () => {
  it('emits progress events and ends with the file listed by models.list', async () => {
    const backend = Backend.open(path.join(root, 'ws'));
    const events: EventMessage[] = [];
    const stop = backend.events.subscribe((m) => events.push(m));
    try {
      const { downloadId } = (await backend.router.call('models.download', { uri: `${base}/listed.gguf` }, { actor: LOCAL_ACTOR })) as { downloadId: string };
      await backend.downloads.wait(downloadId);
      const mine = events.filter((m) => m.event === 'model.download').map((m) => m.data as { status: string; downloadedBytes: number; file: string | null });
      expect(mine[0]!.status).toBe('downloading');
      expect(mine.at(-1)).toMatchObject({ status: 'done', downloadedBytes: body.length, file: 'listed.gguf' });
      const list = (await backend.router.call('models.list', {}, { actor: LOCAL_ACTOR })) as { models: Array<{ file: string; architecture: string | null; chatTemplate: string }> };
      expect(list.models).toEqual([expect.objectContaining({ file: 'listed.gguf', architecture: 'llama', chatTemplate: 'r1' })]);
    } finally {
      stop();
      backend.close();
    }
  });
});
