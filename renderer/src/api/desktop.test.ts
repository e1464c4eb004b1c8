import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeResult, ColdstartBridge } from '../../../core/bridge.ts';
import { desktop, fieldOf } from './desktop.ts';

const g = globalThis as unknown as { window?: { coldstart?: ColdstartBridge } };
afterEach(() => {
  delete g.window;
});

function withBridge(answer: (procedure: string, input: unknown) => BridgeResult): Array<[string, unknown]> {
  const calls: Array<[string, unknown]> = [];
  g.window = { coldstart: { invoke: async (p, i) => (calls.push([p, i]), answer(p, i)), subscribe: () => () => {} } };
  return calls;
}

describe('desktop connection calls', () => {
  it('go through the bridge under the reserved names and return the value', async () => {
    const connection = { url: 'https://team.example', name: 'ws', mode: 'team', actor: null };
    const calls = withBridge(() => ({ ok: true, value: connection }));
    expect(await desktop.connect('https://team.example', 'tok')).toEqual(connection);
    await desktop.connection();
    await desktop.disconnect();
    expect(calls).toEqual([
      ['desktop.connect', { url: 'https://team.example', token: 'tok' }],
      ['desktop.connection', {}],
      ['desktop.disconnect', {}],
    ]);
  });

  it('rebuild errors with the field to fix', async () => {
    withBridge(() => ({ ok: false, error: { code: 'unauthorized', message: 'The server did not accept this token.', details: { field: 'token' } } }));
    const error = await desktop.connect('https://team.example', 'bad').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('token') });
    expect(fieldOf(error)).toBe('token');
    expect(fieldOf(new Error('x'))).toBe('url');
  });

  it('refuse outside the desktop shell', async () => {
    await expect(desktop.connection()).rejects.toMatchObject({ code: 'not_found' });
  });
});
