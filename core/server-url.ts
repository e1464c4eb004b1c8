/**
 * Checking a team server's address. Shared by the renderer's connect dialog (to warn before a
 * token is sent anywhere) and Electron main (which makes the calls), so both refuse the same
 * addresses with the same words.
 */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export type ServerUrl = { url: string; warning: string | null } | { error: string };

/** Checks a typed server address and reduces it to origin + path prefix, no trailing slash. */
export function normalizeServerUrl(input: string): ServerUrl {
  const text = input.trim();
  if (!text) return { error: 'Enter the team server’s address, e.g. https://coldstart.example.org:7420' };
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    return { error: `“${text}” is not a web address.` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { error: 'The address must start with http:// or https://.' };
  // A token typed into the URL would be stored in plain sight; it belongs in the token field.
  if (parsed.username || parsed.password) return { error: 'Put the token in the token field, not in the address.' };
  if (parsed.search || parsed.hash) return { error: 'The address takes no “?…” or “#…” part.' };
  const url = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  const warning =
    parsed.protocol === 'http:' && !LOOPBACK.has(parsed.hostname)
      ? 'This is plain http: your token and the data cross the network unencrypted. Put the server behind https unless this network is trusted.'
      : null;
  return { url, warning };
}
