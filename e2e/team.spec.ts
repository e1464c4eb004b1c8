/**
 * Team server in two browsers: two annotators sign in with their tokens and open the same
 * item; the second one's save, based on a revision that is no longer current, gets a 409
 * with both versions. The conflict is driven through the page's own origin, token and
 * fetch (the Review screen with its conflict view is built separately); the lead's Team
 * screen updates live from server events meanwhile.
 */
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { createAuthenticator } from '../backend/auth.ts';
import { serve, type RunningServer } from '../backend/http.ts';
import { LOCAL_ACTOR } from '../backend/router.ts';
import { RENDERER_DIST } from '../scripts/cli/workspace.ts';
import { E2E_DIR, expect, test } from './harness.ts';

test.use({ content: 'demo' });

/** Calls the API as the signed-in tab does: same origin, the token the login form stored. */
function apiCall(page: Page, name: string, input: unknown): Promise<{ status: number; body: any }> {
  return page.evaluate(
    async ([procedure, payload]) => {
      // Runs in the page; e2e compiles without DOM types, so reach sessionStorage through globalThis.
      const store = (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage;
      const token = store.getItem('coldstart.token');
      const res = await fetch(`/api/${procedure}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(payload) });
      return { status: res.status, body: await res.json() };
    },
    [name, input] as const,
  );
}

async function signIn(context: BrowserContext, url: string, token: string, screen = 'samples'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}/#/${screen}`);
  await page.getByTestId('login-form').waitFor();
  await page.getByTestId('login-token').fill(token);
  await page.getByTestId('login-submit').click();
  await page.locator('html[data-app-ready="true"]').waitFor();
  return page;
}

test('two annotators, one item: the stale save is a 409 with both versions; the Team screen follows live', async ({ browser, served }) => {
  const add = async (name: string, role: 'lead' | 'annotator') => ((await served.backend.router.call('annotators.add', { name, role }, { actor: LOCAL_ACTOR })) as { token: string }).token;
  const tokens = { lead: await add('lead', 'lead'), alice: await add('alice', 'annotator'), bob: await add('bob', 'annotator') };
  let team: RunningServer | null = null;
  const contexts: BrowserContext[] = [];
  try {
    team = await serve(served.backend, { port: 0, staticDir: RENDERER_DIST, authenticate: createAuthenticator(served.backend.workspace, { allowLocal: true }) });
    const url = team.url;
    for (let i = 0; i < 3; i++) contexts.push(await browser.newContext());
    const [leadCtx, aliceCtx, bobCtx] = contexts as [BrowserContext, BrowserContext, BrowserContext];

    // A wrong token is refused and the form says so.
    const strangerCtx = await browser.newContext();
    contexts.push(strangerCtx);
    const stranger = await strangerCtx.newPage();
    await stranger.goto(`${url}/#/team`);
    await stranger.getByTestId('login-token').fill('not-a-token');
    await stranger.getByTestId('login-submit').click();
    await expect(stranger.getByTestId('login-error')).toBeVisible();

    const lead = await signIn(leadCtx, url, tokens.lead, 'team');
    await expect(lead.getByTestId('team-members')).toContainText('alice');
    await expect(lead.getByTestId('team-reviewed')).toHaveText('0');

    const alice = await signIn(aliceCtx, url, tokens.alice);
    const bob = await signIn(bobCtx, url, tokens.bob);
    const sampleId = (await apiCall(alice, 'samples.list', { limit: 1 })).body.rows[0].id as number;
    const seenByAlice = (await apiCall(alice, 'samples.get', { id: sampleId })).body;
    const seenByBob = (await apiCall(bob, 'samples.get', { id: sampleId })).body;
    expect(seenByAlice.current).toBeNull();
    expect(seenByBob.current).toBeNull();

    const saved = await apiCall(alice, 'samples.saveRevision', { sampleId, baseRevisionId: null, completion: 'Alice rewrote this.\n</think>\n\nDone.' });
    expect(saved.status).toBe(200);
    expect(saved.body.revision.author).toBe('alice');

    const stale = await apiCall(bob, 'samples.saveRevision', { sampleId, baseRevisionId: null, completion: 'Bob rewrote this too.\n</think>\n\nDone.' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('conflict');
    expect(stale.body.details.current).toMatchObject({ id: saved.body.revision.id, author: 'alice', completion: 'Alice rewrote this.\n</think>\n\nDone.' });
    expect(stale.body.details.yours.completion).toBe('Bob rewrote this too.\n</think>\n\nDone.');
    const history = (await apiCall(bob, 'samples.history', { id: sampleId })).body.revisions;
    expect(history.map((r: { author: string }) => r.author)).toEqual(['alice']);

    // An annotator may not act as a lead.
    expect((await apiCall(bob, 'annotators.add', { name: 'mallory', role: 'lead' })).status).toBe(403);

    // Alice's review reaches the lead's open Team screen through server events.
    expect((await apiCall(alice, 'samples.review', { sampleId, revisionId: saved.body.revision.id, decision: 'accepted', seconds: 42 })).status).toBe(200);
    await expect(lead.getByTestId('team-reviewed')).toHaveText('1');
    await expect(lead.getByTestId('team-member-alice').getByTestId('member-reviewed')).toHaveText('1');
    await lead.screenshot({ path: path.join(E2E_DIR, 'screenshots', 'team-dashboard.png') });
  } finally {
    for (const c of contexts) await c.close();
    await team?.close();
  }
});
