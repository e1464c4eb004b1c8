import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_CHANNELS, type ColdstartBridge } from '../core/bridge.ts';
import type { EventMessage } from '../core/contract.ts';
import { buildPreload } from './build.ts';

/**
 * Builds the real preload bundle and runs it the way Electron's sandbox does: a CommonJS
 * script whose `require` knows only 'electron'. Here 'electron' is a recording fake.
 */
let dir: string;
let code: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-preload-'));
  const out = path.join(dir, 'preload.cjs');
  buildPreload(out);
  code = fs.readFileSync(out, 'utf8');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runPreload() {
  const exposed: Record<string, unknown> = {};
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, value: 'pong' }),
      on: (channel: string, fn: (...args: unknown[]) => void) => (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel)!).add(fn),
      removeListener: (channel: string, fn: (...args: unknown[]) => void) => listeners.get(channel)?.delete(fn),
    },
  };
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`module not found: ${name}`);
    return electron;
  };
  const module = { exports: {} };
  vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports });
  return { exposed, invoked, listeners, required };
}

describe('preload bundle', () => {
  it('needs nothing but electron at run time', () => {
    const { required } = runPreload();
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('exposes exactly invoke and subscribe as window.coldstart', () => {
    const { exposed } = runPreload();
    expect(Object.keys(exposed)).toEqual(['coldstart']);
    expect(Object.keys(exposed.coldstart as object).sort()).toEqual(['invoke', 'subscribe']);
  });

  it('invoke sends the procedure and input on the invoke channel and returns main’s answer', async () => {
    const { exposed, invoked } = runPreload();
    const bridge = exposed.coldstart as ColdstartBridge;
    await expect(bridge.invoke('health.get', { a: 1 })).resolves.toEqual({ ok: true, value: 'pong' });
    expect(invoked).toEqual([[IPC_CHANNELS.invoke, 'health.get', { a: 1 }]]);
  });

  it('subscribe passes only the message (never the IPC event) and unsubscribes', () => {
    const { exposed, listeners } = runPreload();
    const bridge = exposed.coldstart as ColdstartBridge;
    const got: unknown[][] = [];
    const off = bridge.subscribe((...args: unknown[]) => got.push(args));
    const message: EventMessage = { event: 'flagging.progress', data: { done: 1, total: 1 } };
    const channel = listeners.get(IPC_CHANNELS.event)!;
    expect(channel.size).toBe(1);
    for (const fn of channel) fn({ sender: 'the ipcRenderer event' }, message);
    expect(got).toEqual([[message]]);
    off();
    expect(channel.size).toBe(0);
  });
});
