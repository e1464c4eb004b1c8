/**
 * The desktop app switching to a team server. Electron cannot run on build machines, so the
 * preload bridge is stood in for by a script that forwards to the server as a lead named
 * "desk"; everything else is the real UI. The page is served by the team server itself, so the
 * switch stays same-origin (what the server allows today; see the report on CSP and CORS).
 */
import { createAuthenticator } from '../backend/auth.ts';
import { serve, type RunningServer } from '../backend/http.ts';
import { LOCAL_ACTOR } from '../backend/router.ts';
import { RENDERER_DIST } from '../scripts/cli/workspace.ts';
import { expect, test } from './harness.ts';
import { VersionsPage } from './pages/versions.ts';

test.use({ content: 'demo' });

test('desktop: connect to a team server with URL + token, work there as that annotator, then go back', async ({ page, served, shot }) => {
  const call = (name: string, input: unknown) => served.backend.router.call(name, input, { actor: LOCAL_ACTOR }) as Promise<any>;
  const desk = (await call('annotators.add', { name: 'desk', role: 'lead' })).token as string;
  const ada = (await call('annotators.add', { name: 'ada', role: 'lead' })).token as string;
  const ids = ((await call('samples.list', { limit: 3 })).rows as Array<{ id: number }>).map((r) => r.id);
  await call('samples.bulkReview', { target: { ids }, decision: 'accepted' });
  let team: RunningServer | null = null;
  try {
    team = await serve(served.backend, { port: 0, staticDir: RENDERER_DIST, authenticate: createAuthenticator(served.backend.workspace, { allowLocal: false }) });
    await page.addInitScript((token: string) => {
      const g = globalThis as unknown as { coldstart: unknown };
      g.coldstart = {
        async invoke(procedure: string, input: unknown) {
          const res = await fetch(`/api/${procedure}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(input ?? {}) });
          const body = await res.json();
          return res.ok ? { ok: true, value: body } : { ok: false, error: body };
        },
        subscribe: () => () => {},
      };
    }, desk);
    await page.goto(`${team.url}/#/versions`);
    await page.locator('html[data-app-ready="true"]').waitFor();
    const control = page.getByTestId('connect-control');
    await expect(control).toContainText('Local workspace');

    await control.getByTestId('connect-open').click();
    const dialog = page.getByTestId('connect-dialog');
    await dialog.getByTestId('connect-url').fill('ftp://files.example.org');
    await dialog.getByTestId('connect-token').fill('anything');
    await dialog.getByTestId('connect-submit').click();
    await expect(dialog.getByTestId('connect-url-error')).toContainText('http');
    await dialog.getByTestId('connect-url').fill(`${team.url}/`);
    await dialog.getByTestId('connect-token').fill('not-a-token');
    await dialog.getByTestId('connect-submit').click();
    await expect(dialog.getByTestId('connect-token-error')).toContainText('did not accept');
    await expect(dialog.getByTestId('connect-url-error')).toHaveCount(0);
    await shot('connect-dialog-error');

    await dialog.getByTestId('connect-token').fill(ada);
    await dialog.getByTestId('connect-submit').click();
    await page.locator('html[data-app-ready="true"]').waitFor();
    await expect(page.getByTestId('connected-server')).toHaveText(team.url.replace('http://', ''));

    // Work done now is ada's: the calls go over HTTP with her token, not through the bridge.
    const versions = new VersionsPage(page);
    await versions.commitOpen.click();
    await versions.fillCommit({ message: 'committed over the team server' });
    await versions.commitSubmit.click();
    await expect(versions.rows).toHaveCount(1);
    await expect(versions.rows.first()).toContainText('ada');
    expect((await call('versions.show', { name: 'v1' })).author).toBe('ada');
    await shot('connect-connected');

    // Back to the local workspace: the token is dropped with the connection.
    await page.getByTestId('disconnect').click();
    await page.locator('html[data-app-ready="true"]').waitFor();
    await expect(page.getByTestId('connect-control')).toContainText('Local workspace');
    expect(await page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('coldstart.token'))).toBeNull();
  } finally {
    await team?.close();
  }
});
