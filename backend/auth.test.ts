import { afterEach, describe, expect, it } from 'vitest';
import { createAuthenticator, FailedAuthLimiter, hashToken } from './auth.ts';
import { serve, type RunningServer } from './http.ts';
import { LOCAL_ACTOR } from './router.ts';
import { teamFixture, type TeamFixture } from './team/test-fixtures.ts';

let fx: TeamFixture;
let server: RunningServer;
afterEach(async () => {
  await server?.close();
  fx?.cleanup();
});

async function start(people: Array<[string, 'lead' | 'annotator']>, allowLocal = true) {
  fx = await teamFixture(3, people);
  server = await serve(fx.backend, { port: 0, authenticate: createAuthenticator(fx.backend.workspace, { allowLocal }) });
}

async function call(name: string, input: unknown, token?: string | null, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/api/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(input),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

describe('team server authentication', () => {
  it('answers health without a token, and 401 for a missing or wrong token on everything else', async () => {
    await start([['boss', 'lead']]);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect((await call('workspace.info', {})).status).toBe(401);
    const wrong = await call('workspace.info', {}, 'x'.repeat(43));
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('unauthorized');
    expect((await fetch(`${server.url}/api/events`)).status).toBe(401);
    expect((await call('team.me', {}, fx.tokens.get('boss'))).body).toEqual({ id: fx.actors.get('boss')!.id, name: 'boss', role: 'lead' });
  });

  it('stores only the sha256 of a token, never the token', async () => {
    await start([['boss', 'lead']]);
    const token = fx.tokens.get('boss')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const dump = JSON.stringify(fx.backend.workspace.db.prepare('SELECT * FROM annotators').all());
    expect(dump).not.toContain(token);
    expect(dump).toContain(hashToken(token));
  });

  it('refuses an annotator calling a lead procedure with 403, and lets the lead', async () => {
    await start([['boss', 'lead'], ['ann', 'annotator']]);
    const denied = await call('annotators.add', { name: 'eve', role: 'lead' }, fx.tokens.get('ann'));
    expect(denied.status).toBe(403);
    expect((await call('annotators.list', {}, fx.tokens.get('boss'))).status).toBe(200);
    const added = await call('annotators.add', { name: 'new', role: 'annotator' }, fx.tokens.get('boss'));
    expect(added.status).toBe(200);
    expect((await call('team.me', {}, added.body.token)).body.name).toBe('new');
  });

  it('stops accepting a revoked token at once', async () => {
    await start([['boss', 'lead'], ['ann', 'annotator']]);
    expect((await call('team.me', {}, fx.tokens.get('ann'))).status).toBe(200);
    expect((await call('annotators.revoke', { name: 'ann' }, fx.tokens.get('boss'))).status).toBe(200);
    expect((await call('team.me', {}, fx.tokens.get('ann'))).status).toBe(401);
  });

  it('answers 429 with Retry-After after 10 failed attempts from one address, even for a valid token', async () => {
    await start([['boss', 'lead']]);
    // Calls without a token (a page loading before sign-in) are not guesses and do not count.
    for (let i = 0; i < 15; i++) expect((await call('team.me', {})).status).toBe(401);
    for (let i = 0; i < 10; i++) expect((await call('team.me', {}, `guess-${i}`)).status).toBe(401);
    const limited = await call('team.me', {}, fx.tokens.get('boss'));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('treats a token-less caller as the local user only on loopback with no annotators', async () => {
    await start([]);
    expect((await call('team.me', {})).body).toEqual({ id: null, name: LOCAL_ACTOR.name, role: 'lead' });
    expect((await call('team.me', {}, 'some-token')).status).toBe(401);
    await server.close();
    server = await serve(fx.backend, { port: 0, authenticate: createAuthenticator(fx.backend.workspace, { allowLocal: false }) });
    expect((await call('team.me', {})).status).toBe(401);
  });

  it('refuses cross-origin calls and preflights without sending CORS headers, and allows its own origin', async () => {
    await start([]);
    const foreign = await call('workspace.info', {}, null, { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.url}/api/workspace.info`, { method: 'OPTIONS', headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect((await call('workspace.info', {}, null, { Origin: server.url })).status).toBe(200);
  });
});

describe('FailedAuthLimiter', () => {
  it('blocks past the limit and forgets failures older than the window', () => {
    let now = 0;
    const limiter = new FailedAuthLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) limiter.fail('a');
    expect(limiter.blockedFor('a')).toBe(60);
    expect(limiter.blockedFor('b')).toBe(0);
    now = 30_000;
    expect(limiter.blockedFor('a')).toBe(30);
    now = 60_001;
    expect(limiter.blockedFor('a')).toBe(0);
  });
});
