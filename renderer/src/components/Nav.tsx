export const SCREENS = [
  { id: 'samples', label: 'Samples' },
  { id: 'review', label: 'Review' },
  { id: 'generate', label: 'Generate' },
  { id: 'flags', label: 'Flags' },
  { id: 'versions', label: 'Versions' },
  { id: 'team', label: 'Team' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

export function isScreenId(value: string): value is ScreenId {
  return SCREENS.some((s) => s.id === value);
}

export function Nav({ current }: { current: ScreenId }) {
  return (
    <nav className="app-nav" aria-label="Screens" data-testid="app-nav">
      {SCREENS.map((screen) => (
        <a
          key={screen.id}
          href={`#/${screen.id}`}
          className={screen.id === current ? 'nav-link active' : 'nav-link'}
          aria-current={screen.id === current ? 'page' : undefined}
          data-testid={`nav-${screen.id}`}
        >
          {screen.label}
        </a>
      ))}
    </nav>
  );
}
