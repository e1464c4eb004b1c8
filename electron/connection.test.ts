import { describe, expect, it } from 'vitest';
import { DESKTOP_PROCEDURES, UPLOAD_PROCEDURE, type BridgeResult, type RemoteConnection } from '../core/bridge.ts';
import type { EventMessage } from '../core/contract.ts';
import { AppError } from '../core/errors.ts';
import { BackendSwitch, type ConnectionStore, type Connector, type RemoteLike, type SavedConnection } from './connection.ts';
import { createInvokeHandler, forwardEvents, type InvokeEventLike } from './ipc.ts';

type Listener = (message: EventMessage) => void;

function bus() {
  const listeners = new Set<Listener>();
  return { listeners, subscribe: (l: Listener) => (listeners.add(l), () => void listeners.delete(l)), emit: (m: EventMessage) => [...listeners].forEach((l) => l(m)) };
}

/** A team server stand-in: records calls, answers with its own name, pushes events on demand. */
class FakeRemote implements RemoteLike {
  readonly calls: Array<[string, unknown]> = [];
  readonly events = bus();
  closed = false;
  constructor(readonly url: string) {}
  async call(procedure: string, input: unknown): Promise<BridgeResult> {
    this.calls.push([procedure, input]);
    return { ok: true, value: { from: this.url } };
  }
  subscribe(listener: Listener) {
    return this.events.subscribe(listener);
  }
  close() {
    this.closed = true;
  }
}

const connectionFor = (url: string): RemoteConnection => ({ url, name: 'team-ws', mode: 'team', actor: { id: 1, name: 'ada', role: 'lead' } });

function setup(options: { store?: ConnectionStore; connector?: Connector; trusted?: boolean } = {}) {
  const localCalls: string[] = [];
  const local = bus();
  const remotes: FakeRemote[] = [];
  const connector: Connector =
    options.connector ??
    (async (url, token) => {
      if (token.trim() !== 'good') throw new AppError('unauthorized', 'The server did not accept this token.', { field: 'token' });
      const backend = new FakeRemote(url);
      remotes.push(backend);
      return { backend, connection: connectionFor(url) };
    });
  const routing = new BackendSwitch(local, connector, options.store ?? null);
  const backend = {
    router: { call: async (procedure: string) => (localCalls.push(procedure), { from: 'local' }) },
    uploads: { saveBytes: (bytes: Uint8Array) => ({ uploadId: 'local-upload', bytes: bytes.byteLength }) },
  } as unknown as Parameters<typeof createInvokeHandler>[0]['backend'];
  const handler = createInvokeHandler({ backend, isTrusted: () => options.trusted ?? true, connection: routing });
  const event = {} as InvokeEventLike;
  const invoke = (procedure: string, input: unknown = {}) => handler(event, procedure, input);
  const forwarded: EventMessage[] = [];
  forwardEvents(routing, (m) => forwarded.push(m), () => true);
  return { routing, invoke, localCalls, local, remotes, forwarded };
}

const progress = (done: number): EventMessage => ({ event: 'flagging.progress', data: { done, total: 9 } });

describe('desktop.connect / disconnect routing', () => {
  it('is local until connected, then sends every call, uploads included, to the server', async () => {
    const { invoke, localCalls, remotes } = setup();
    expect(await invoke('samples.list')).toEqual({ ok: true, value: { from: 'local' } });
    expect(await invoke(DESKTOP_PROCEDURES.connection)).toEqual({ ok: true, value: { remote: null, lastUrl: null } });

    expect(await invoke(DESKTOP_PROCEDURES.connect, { url: 'https://team.example', token: 'good' })).toEqual({ ok: true, value: connectionFor('https://team.example') });
    expect(await invoke('samples.list', { limit: 5 })).toEqual({ ok: true, value: { from: 'https://team.example' } });
    const bytes = new Uint8Array([1, 2, 3]);
    await invoke(UPLOAD_PROCEDURE, { fileName: 'a.jsonl', bytes });
    expect(remotes[0]!.calls).toEqual([
      ['samples.list', { limit: 5 }],
      [UPLOAD_PROCEDURE, { fileName: 'a.jsonl', bytes }],
    ]);
    expect(localCalls).toEqual(['samples.list']);
    expect(await invoke(DESKTOP_PROCEDURES.connection)).toEqual({ ok: true, value: { remote: connectionFor('https://team.example'), lastUrl: 'https://team.example' } });
  });

  it('forwards the events of whichever backend is in use', async () => {
    const { invoke, local, remotes, forwarded } = setup();
    local.emit(progress(1));
    await invoke(DESKTOP_PROCEDURES.connect, { url: 'https://team.example', token: 'good' });
    local.emit(progress(2)); // this computer's background work: not the team server's
    remotes[0]!.events.emit(progress(3));
    await invoke(DESKTOP_PROCEDURES.disconnect);
    remotes[0]!.events.emit(progress(4));
    local.emit(progress(5));
    expect(forwarded.map((m) => (m.data as { done: number }).done)).toEqual([1, 3, 5]);
    expect(remotes[0]!.events.listeners.size).toBe(0);
  });

  it('keeps the current backend when a connect fails, and passes the field to fix', async () => {
    const { invoke, remotes } = setup();
    await invoke(DESKTOP_PROCEDURES.connect, { url: 'https://team.example', token: 'good' });
    expect(await invoke(DESKTOP_PROCEDURES.connect, { url: 'https://other.example', token: 'bad' })).toEqual({ ok: false, error: { code: 'unauthorized', message: expect.any(String), details: { field: 'token' } } });
    expect(await invoke('samples.list')).toEqual({ ok: true, value: { from: 'https://team.example' } });
    expect(remotes[0]!.closed).toBe(false);
    expect(await invoke(DESKTOP_PROCEDURES.connect, { url: 'https://team.example' })).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { field: 'token' } } });
  });

  it('goes back to the local workspace on disconnect, closing the server connection and forgetting the token', async () => {
    const saved: Array<SavedConnection | null> = [];
    const store: ConnectionStore = { load: () => null, save: (s) => void saved.push(s) };
    const { invoke, remotes } = setup({ store });
    await invoke(DESKTOP_PROCEDURES.connect, { url: 'https://team.example', token: ' good ' });
    expect(await invoke(DESKTOP_PROCEDURES.disconnect)).toEqual({ ok: true, value: { remote: null, lastUrl: 'https://team.example' } });
    expect(remotes[0]!.closed).toBe(true);
    expect(await invoke('samples.list')).toEqual({ ok: true, value: { from: 'local' } });
    expect(saved).toEqual([
      { url: 'https://team.example', token: 'good' },
      { url: 'https://team.example', token: null },
    ]);
  });

  it('lets the later choice win when a slow connect finishes after another connect or a disconnect', async () => {
    const gates = new Map<string, () => void>();
    const opened: FakeRemote[] = [];
    const connector: Connector = async (url) => {
      await new Promise<void>((resolve) => gates.set(url, resolve));
      const backend = new FakeRemote(url);
      opened.push(backend);
      return { backend, connection: connectionFor(url) };
    };
    const { invoke } = setup({ connector });
    const slow = invoke(DESKTOP_PROCEDURES.connect, { url: 'https://slow.example', token: 't' });
    const fast = invoke(DESKTOP_PROCEDURES.connect, { url: 'https://fast.example', token: 't' });
    gates.get('https://fast.example')!();
    expect(await fast).toMatchObject({ ok: true });
    gates.get('https://slow.example')!();
    expect(await slow).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(opened.find((r) => r.url === 'https://slow.example')!.closed).toBe(true);
    expect(await invoke('x.y')).toEqual({ ok: true, value: { from: 'https://fast.example' } });

    const late = invoke(DESKTOP_PROCEDURES.connect, { url: 'https://late.example', token: 't' });
    await invoke(DESKTOP_PROCEDURES.disconnect);
    gates.get('https://late.example')!();
    expect(await late).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await invoke('x.y')).toEqual({ ok: true, value: { from: 'local' } });
  });

  it('refuses every desktop procedure from an untrusted sender without probing anything', async () => {
    let probed = false;
    const { invoke } = setup({ trusted: false, connector: async () => ((probed = true), Promise.reject(new Error('no'))) });
    for (const name of Object.values(DESKTOP_PROCEDURES)) expect(await invoke(name, { url: 'https://team.example', token: 'good' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(probed).toBe(false);
  });

  it('answers not_found for desktop procedures when main has no switch, and for unknown ones', async () => {
    const handler = createInvokeHandler({ backend: {} as never, isTrusted: () => true });
    expect(await handler({} as InvokeEventLike, DESKTOP_PROCEDURES.connect, {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await setup().invoke('desktop.format')).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('BackendSwitch.restore', () => {
  it('reconnects to a remembered server when its token was kept, and stays local otherwise', async () => {
    const withToken = setup({ store: { load: () => ({ url: 'https://team.example', token: 'good' }), save: () => {} } });
    expect(await withToken.routing.restore()).toBeNull();
    expect(withToken.routing.remote?.url).toBe('https://team.example');

    const revoked = setup({ store: { load: () => ({ url: 'https://team.example', token: 'revoked' }), save: () => {} } });
    expect(await revoked.routing.restore()).toMatchObject({ code: 'unauthorized' });
    expect(revoked.routing.state()).toEqual({ remote: null, lastUrl: 'https://team.example' });

    const urlOnly = setup({ store: { load: () => ({ url: 'https://team.example', token: null }), save: () => {} } });
    expect(await urlOnly.routing.restore()).toBeNull();
    expect(urlOnly.routing.state()).toEqual({ remote: null, lastUrl: 'https://team.example' });
  });

  it('still connects when the store is broken', async () => {
    const broken = setup({ store: { load: () => { throw new Error('corrupt'); }, save: () => { throw new Error('read-only'); } } });
    expect(await broken.invoke(DESKTOP_PROCEDURES.connect, { url: 'https://team.example', token: 'good' })).toMatchObject({ ok: true });
  });
});
