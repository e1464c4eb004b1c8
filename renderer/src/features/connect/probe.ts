import type { ProcedureOutput } from '../../../../core/contract.ts';
import { createApi } from '../../api/index.ts';
import { normalizeServerUrl } from '../../api/remote.ts';

export type ProbeResult =
  | { ok: true; url: string; warning: string | null; health: ProcedureOutput<'health.get'>; info: ProcedureOutput<'workspace.info'>; me: ProcedureOutput<'team.me'> | null }
  | { ok: false; field: 'url' | 'token'; message: string };

/**
 * Checks a team server before the app switches to it: the address answers GET /api/health
 * like a Coldstart server, then the token opens workspace.info. Each failure names the field
 * the user should fix.
 */
export async function probeServer(input: string, token: string, deps: { fetch?: typeof fetch } = {}): Promise<ProbeResult> {
  const checked = normalizeServerUrl(input);
  if ('error' in checked) return { ok: false, field: 'url', message: checked.error };
  const doFetch = deps.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  if (!token.trim()) return { ok: false, field: 'token', message: 'Paste your token (from `coldstart annotator add`).' };

  let response: Response;
  try {
    response = await doFetch(`${checked.url}/api/health`, { method: 'GET' });
  } catch (error) {
    return { ok: false, field: 'url', message: `Cannot reach ${checked.url} (${error instanceof Error ? error.message : String(error)}). Check the address and that \`coldstart serve\` is running there.` };
  }
  let health: unknown;
  try {
    health = await response.json();
  } catch {
    health = undefined;
  }
  if (!response.ok || !isHealth(health)) {
    return { ok: false, field: 'url', message: `${checked.url} answered HTTP ${response.status} but is not a Coldstart team server (no /api/health).` };
  }

  const client = createApi({ baseUrl: checked.url, token: token.trim(), fetch: doFetch, EventSource: undefined });
  try {
    const info = await client.call('workspace.info', {});
    // Role decides which forms the screens enable; an older server without team.me still works.
    const me = await client.call('team.me', {}).catch(() => null);
    return { ok: true, url: checked.url, warning: checked.warning, health, info, me };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'unauthorized') return { ok: false, field: 'token', message: 'The server did not accept this token. It may be mistyped or revoked.' };
    if (code === 'rate_limited') return { ok: false, field: 'token', message: (error as Error).message };
    if (code === 'forbidden') return { ok: false, field: 'url', message: `The server refused the request: ${(error as Error).message}` };
    return { ok: false, field: 'url', message: (error as Error).message };
  }
}

function isHealth(value: unknown): value is ProcedureOutput<'health.get'> {
  return Boolean(value) && typeof value === 'object' && (value as { ok?: unknown }).ok === true && typeof (value as { version?: unknown }).version === 'string';
}
