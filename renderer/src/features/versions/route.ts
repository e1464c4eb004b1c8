/** `#/versions/<name>/<tab>`: a reload or a shared link lands on the same version and tab. */
export const TABS = ['details', 'compare', 'export'] as const;
export type Tab = (typeof TABS)[number];

export interface VersionsRoute {
  name: string | null;
  tab: Tab;
}

export function parseVersionsHash(hash: string): VersionsRoute {
  const parts = hash.replace(/^#\/?/, '').split('?')[0]!.split('/');
  if (parts[0] !== 'versions') return { name: null, tab: 'details' };
  let name: string | null = null;
  try {
    name = parts[1] ? decodeURIComponent(parts[1]) : null;
  } catch {
    name = null;
  }
  const tab = (TABS as readonly string[]).includes(parts[2] ?? '') ? (parts[2] as Tab) : 'details';
  return { name, tab };
}

export function versionsHash(route: VersionsRoute): string {
  if (!route.name) return '#/versions';
  return `#/versions/${encodeURIComponent(route.name)}${route.tab === 'details' ? '' : `/${route.tab}`}`;
}
