/**
 * The desktop app switching to a team server. Electron cannot run on build machines, so the
 * preload bridge and main's proxy are stood in for by a page script (electron/remote.ts, the
 * real proxy, is tested against a real server in electron/remote.test.ts); everything else is
 * the real UI.
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
    // Stands in for Electron main: it answers the desktop.* procedures itself, keeps the team
    // server's token (sessionStorage here plays main's memory across the reload), and makes
    // every other call with that token; before connecting, calls go out as the local "desk" user.
    await page.addInitScript((deskToken: string) => {
      const g = globalThis as unknown as { coldstart: unknown; sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void; removeItem(k: string): void } };
      const KEY = 'stand-in-main.remote';
      const remote = () => JSON.parse(g.sessionStorage.getItem(KEY) ?? 'null') as { url: string; token: string; connection: unknown } | null;
      const post = async (procedure: string, input: unknown, token: string) => {
        const res = await fetch(`/api/${procedure}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(input ?? {}) });
        const body = await res.json();
        return res.ok ? { ok: true, value: body } : { ok: false, error: body };
      };
      g.coldstart = {
        async invoke(procedure: string, input: { url?: string; token?: string }) {
          const current = remote();
          if (procedure === 'desktop.connection') return { ok: true, value: { remote: current?.connection ?? null, lastUrl: current?.url ?? null } };
          if (procedure === 'desktop.disconnect') {
            g.sessionStorage.removeItem(KEY);
            return { ok: true, value: { remote: null, lastUrl: null } };
          }
          if (procedure === 'desktop.connect') {
            if (!/^https?:\/\//.test(input.url ?? '')) return { ok: false, error: { code: 'invalid_input', message: 'Use an http:// or https:// address.', details: { field: 'url' } } };
            const url = input.url!.replace(/\/+$/, '');
            const info = await post('workspace.info', {}, input.token ?? '');
            if (!info.ok) return { ok: false, error: { code: 'unauthorized', message: 'The server did not accept this token. It may be mistyped or revoked.', details: { field: 'token' } } };
            const me = await post('team.me', {}, input.token!);
            const value = info.value as { name: string; mode: string };
            const connection = { url, name: value.name, mode: value.mode, actor: me.ok ? me.value : null };
            g.sessionStorage.setItem(KEY, JSON.stringify({ url, token: input.token, connection }));
            return { ok: true, value: connection };
          }
          return post(procedure, input, current?.token ?? deskToken);
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

    // Work done now is ada's: main makes the calls with her token.
    const versions = new VersionsPage(page);
    await versions.commitOpen.click();
    await versions.fillCommit({ message: 'committed over the team server' });
    await versions.commitSubmit.click();
    await expect(versions.rows).toHaveCount(1);
    await expect(versions.rows.first()).toContainText('ada');
    expect((await call('versions.show', { name: 'v1' })).author).toBe('ada');
    await shot('connect-connected');

    // Back to the local workspace; the page itself never held the team server's token.
    await page.getByTestId('disconnect').click();
    await page.locator('html[data-app-ready="true"]').waitFor();
    await expect(page.getByTestId('connect-control')).toContainText('Local workspace');
    expect(await page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('coldstart.token'))).toBeNull();
  } finally {
    await team?.close();
  }
});
