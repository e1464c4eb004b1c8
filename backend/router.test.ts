import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract } from '../core/contract.ts';
import { Backend, handlers } from './backend.ts';
import { Router, type Handlers } from './router.ts';

describe('router', () => {
  it('has a handler for every procedure in the contract (and the type system insists)', () => {
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(contract).sort());
    const { 'samples.get': _dropped, ...incomplete } = handlers;
    // @ts-expect-error a handler map missing a procedure must not compile
    const broken: Handlers = incomplete;
    expect(broken).toBeDefined();
  });

  it('validates output against the contract in tests, so a drifting handler fails loudly', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-router-'));
    const backend = Backend.open(dir);
    try {
      const drifting = { ...handlers, 'health.get': () => ({ ok: 'yes' }) } as unknown as Handlers;
      const router = new Router(backend, drifting, { validateOutput: true });
      await expect(router.call('health.get', {}, { actor: { id: null, name: 't', role: 'lead' } })).rejects.toThrow(/breaks the contract/);
      const lenient = new Router(backend, drifting, { validateOutput: false });
      await expect(lenient.call('health.get', {}, { actor: { id: null, name: 't', role: 'lead' } })).resolves.toEqual({ ok: 'yes' });
    } finally {
      backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
