import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Backend } from '../backend/backend.ts';
import { UPLOAD_PROCEDURE, type BridgeResult } from '../core/bridge.ts';
import type { EventMessage } from '../core/contract.ts';
import { createInvokeHandler, forwardEvents, isTrustedInvoke, type FrameLike, type InvokeEventLike, type TrustedTarget } from './ipc.ts';

const webContents = { id: 1 };
const mainFrame: FrameLike = { url: 'coldstart://app/index.html', processId: 4, routingId: 1, parent: null };
const target: TrustedTarget = { webContents, mainFrame };
const fromMainFrame: InvokeEventLike = { sender: webContents, senderFrame: mainFrame };

describe('isTrustedInvoke', () => {
  it('trusts our window’s main frame while it shows our origin', () => {
    expect(isTrustedInvoke(fromMainFrame, target)).toBe(true);
    // Electron may hand out a different wrapper object for the same frame: identity is (process, routing) ids.
    expect(isTrustedInvoke({ sender: webContents, senderFrame: { ...mainFrame } }, target)).toBe(true);
  });
  it('refuses an iframe, even one on our origin', () => {
    const iframe: FrameLike = { url: 'coldstart://app/index.html', processId: 4, routingId: 7, parent: mainFrame };
    expect(isTrustedInvoke({ sender: webContents, senderFrame: iframe }, target)).toBe(false);
  });
  it('refuses another webContents, a navigated frame, a destroyed frame and a missing window', () => {
    expect(isTrustedInvoke({ sender: { id: 2 }, senderFrame: mainFrame }, target)).toBe(false);
    expect(isTrustedInvoke({ sender: webContents, senderFrame: { ...mainFrame, url: 'https://example.com/' } }, target)).toBe(false);
    expect(isTrustedInvoke({ sender: webContents, senderFrame: { ...mainFrame, routingId: 2 } }, target)).toBe(false);
    expect(isTrustedInvoke({ sender: webContents, senderFrame: null }, target)).toBe(false);
    expect(isTrustedInvoke(fromMainFrame, null)).toBe(false);
  });
});

describe('createInvokeHandler over a real backend', () => {
  let dir: string;
  let backend: Backend;
  let invoke: (procedure: unknown, input: unknown, event?: InvokeEventLike) => Promise<BridgeResult>;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-ipc-'));
    backend = Backend.open(path.join(dir, 'ws'));
    const handler = createInvokeHandler({ backend, isTrusted: (event) => isTrustedInvoke(event, target) });
    invoke = (procedure, input, event = fromMainFrame) => handler(event, procedure, input);
  });
  afterEach(() => {
    backend.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('routes a procedure to the router and returns {ok, value}', async () => {
    const result = await invoke('health.get', {});
    expect(result).toMatchObject({ ok: true, value: { ok: true, schemaVersion: expect.any(Number) } });
  });

  it('returns errors as plain {code, message} payloads', async () => {
    expect(await invoke('nope.nothing', {})).toEqual({ ok: false, error: { code: 'not_found', message: expect.stringContaining('nope.nothing') } });
    const invalid = await invoke('samples.list', { limit: 'many' });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await invoke(42, {})).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('refuses an untrusted sender before touching the backend', async () => {
    const iframe = { sender: webContents, senderFrame: { ...mainFrame, routingId: 9, parent: mainFrame } };
    expect(await invoke('health.get', {}, iframe)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const bytes = new TextEncoder().encode('{"prompt":"x"}\n');
    expect(await invoke(UPLOAD_PROCEDURE, { fileName: 'a.jsonl', bytes }, iframe)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(fs.existsSync(backend.workspace.uploadsDir) ? fs.readdirSync(backend.workspace.uploadsDir) : []).toEqual([]);
  });

  it('uploads bytes and imports them through the same calls the renderer makes', async () => {
    const jsonl = ['{"prompt":"What is 2+2?","answer":"4","completion":"Two and two.\\n</think>\\n\\n\\\\boxed{4}"}', '{"prompt":"Say hi","completion":"Hi.\\n</think>"}'].join('\n');
    const uploaded = await invoke(UPLOAD_PROCEDURE, { fileName: 'traces.jsonl', bytes: new TextEncoder().encode(jsonl) });
    expect(uploaded).toMatchObject({ ok: true, value: { uploadId: expect.stringMatching(/^[a-f0-9]{32}$/), bytes: Buffer.byteLength(jsonl) } });
    const { uploadId } = (uploaded as { value: { uploadId: string } }).value;
    const imported = await invoke('imports.run', { kind: 'traces', uploadId, fileName: 'traces.jsonl' });
    expect(imported).toMatchObject({ ok: true, value: { inserted: 2, rejected: 0 } });
    const listed = await invoke('samples.list', { withTotal: true });
    expect(listed).toMatchObject({ ok: true, value: { total: 2 } });
    // The import starts background flagging; let it finish before the workspace closes.
    await backend.flagger.schedule();
  });

  it('rejects uploads without a name or without bytes', async () => {
    expect(await invoke(UPLOAD_PROCEDURE, { fileName: '', bytes: new Uint8Array(1) })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await invoke(UPLOAD_PROCEDURE, { fileName: 'a.jsonl', bytes: 'text' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await invoke(UPLOAD_PROCEDURE, undefined)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('forwardEvents', () => {
  it('forwards while the window lives and unsubscribes once it is gone', () => {
    let alive = true;
    const listeners = new Set<(m: EventMessage) => void>();
    const events = { subscribe: (l: (m: EventMessage) => void) => (listeners.add(l), () => listeners.delete(l)) };
    const sent: EventMessage[] = [];
    forwardEvents(events, (m) => sent.push(m), () => alive);
    const message: EventMessage = { event: 'flagging.progress', data: { done: 1, total: 2 } };
    for (const l of [...listeners]) l(message);
    alive = false;
    for (const l of [...listeners]) l(message);
    expect(sent).toEqual([message]);
    expect(listeners.size).toBe(0);
  });
});
