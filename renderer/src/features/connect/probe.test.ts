import { describe, expect, it } from 'vitest';
import { normalizeServerUrl, saveRemote, storedRemote, REMOTE_KEY } from '../../api/remote.ts';
import { probeServer } from './probe.ts';

interface Call {
  url: string;
  method: string;
  auth: string | null;
}

/** A team server in miniature: health is public, everything else wants the one good token. */
function fakeServer(goodToken: string, calls: Call[] = [], overrides: Partial<Record<string, (auth: string | null) => Response>> = {}): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const auth = (init?.headers as Record<string, string> | undefined)?.Authorization ?? null;
    calls.push({ url, method: init?.method ?? 'GET', auth });
    const path = new URL(url).pathname;
    const override = overrides[path];
    if (override) return override(auth);
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    if (path.endsWith('/api/health')) return json(200, { ok: true, version: '0.1.0', schemaVersion: 6 });
    if (auth !== `Bearer ${goodToken}`) return json(401, { code: 'unauthorized', message: 'A valid bearer token is required.' });
    if (path.endsWith('/api/workspace.info')) return json(200, { path: '/srv/ws', name: 'team-ws', schemaVersion: 6, appVersion: '0.1.0', mode: 'team' });
    if (path.endsWith('/api/team.me')) return json(200, { id: 3, name: 'ada', role: 'lead' });
    return json(404, { code: 'not_found', message: 'no' });
  }) as typeof fetch;
}

describe('server address', () => {
  it('reduces to origin and path prefix, adds http:// when missing, and warns about plain http off this machine', () => {
    expect(normalizeServerUrl(' https://cs.example.org:7420/ ')).toEqual({ url: 'https://cs.example.org:7420', warning: null });
    expect(normalizeServerUrl('10.0.0.5:7420/coldstart//')).toEqual({ url: 'http://10.0.0.5:7420/coldstart', warning: expect.stringContaining('unencrypted') });
    expect(normalizeServerUrl('http://localhost:7420')).toEqual({ url: 'http://localhost:7420', warning: null });
  });

  it('refuses what it cannot use, saying why', () => {
    expect(normalizeServerUrl('')).toHaveProperty('error');
    expect(normalizeServerUrl('ftp://host')).toHaveProperty('error', expect.stringContaining('http'));
    expect(normalizeServerUrl('https://user:secret@host')).toHaveProperty('error', expect.stringContaining('token field'));
    expect(normalizeServerUrl('https://host/?token=x')).toHaveProperty('error');
    expect(normalizeServerUrl('http://exa mple')).toHaveProperty('error');
  });

  it('remembers only a valid address', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
    saveRemote(storage, 'https://cs.example.org');
    expect(storedRemote(storage)).toBe('https://cs.example.org');
    map.set(REMOTE_KEY, 'javascript:alert(1)');
    expect(storedRemote(storage)).toBeNull();
    saveRemote(storage, null);
    expect(map.has(REMOTE_KEY)).toBe(false);
  });
});

describe('probeServer', () => {
  it('checks health without a token, then workspace.info and team.me with it', async () => {
    const calls: Call[] = [];
    const result = await probeServer('https://cs.example.org/', 'good', { fetch: fakeServer('good', calls) });
    expect(result).toMatchObject({ ok: true, url: 'https://cs.example.org', info: { name: 'team-ws', mode: 'team' }, me: { role: 'lead' }, health: { version: '0.1.0' } });
    expect(calls.map((c) => [c.url, c.method, c.auth])).toEqual([
      ['https://cs.example.org/api/health', 'GET', null],
      ['https://cs.example.org/api/workspace.info', 'POST', 'Bearer good'],
      ['https://cs.example.org/api/team.me', 'POST', 'Bearer good'],
    ]);
  });

  it('blames the token when the server answers 401', async () => {
    expect(await probeServer('https://cs.example.org', 'wrong', { fetch: fakeServer('good') })).toEqual({ ok: false, field: 'token', message: expect.stringContaining('did not accept') });
  });

  it('blames the address when nothing answers, or something that is not Coldstart does', async () => {
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await probeServer('https://cs.example.org', 'good', { fetch: down })).toMatchObject({ ok: false, field: 'url', message: expect.stringContaining('Cannot reach https://cs.example.org') });
    const other = fakeServer('good', [], { '/api/health': () => new Response('<html>hello</html>', { status: 200 }) });
    expect(await probeServer('https://cs.example.org', 'good', { fetch: other })).toMatchObject({ ok: false, field: 'url', message: expect.stringContaining('not a Coldstart team server') });
  });

  it('passes the server’s own reason for a refusal (cross-origin, rate limit)', async () => {
    const refusing = fakeServer('good', [], { '/api/workspace.info': () => new Response(JSON.stringify({ code: 'forbidden', message: 'Cross-origin requests are not allowed.' }), { status: 403 }) });
    expect(await probeServer('https://cs.example.org', 'good', { fetch: refusing })).toMatchObject({ ok: false, field: 'url', message: expect.stringContaining('Cross-origin') });
    const limited = fakeServer('good', [], { '/api/workspace.info': () => new Response(JSON.stringify({ code: 'rate_limited', message: 'Too many failed sign-ins; try again in 30 s.' }), { status: 429 }) });
    expect(await probeServer('https://cs.example.org', 'good', { fetch: limited })).toMatchObject({ ok: false, field: 'token', message: expect.stringContaining('30 s') });
  });

  it('asks for a token before calling anything', async () => {
    const calls: Call[] = [];
    expect(await probeServer('https://cs.example.org', '  ', { fetch: fakeServer('good', calls) })).toMatchObject({ ok: false, field: 'token' });
    expect(calls).toEqual([]);
  });
});
