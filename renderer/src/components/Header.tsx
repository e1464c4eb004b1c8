import { useWorkspace } from '../workspace.tsx';

const fmt = new Intl.NumberFormat('en');

export function Header() {
  const { info, stats } = useWorkspace();
  const counts: Array<[string, number | undefined, string]> = [
    ['prompts', stats?.prompts, 'stat-prompts'],
    ['samples', stats?.samples, 'stat-samples'],
    ['runs', stats?.runs, 'stat-runs'],
    ['revisions', stats?.revisions, 'stat-revisions'],
  ];
  return (
    <header className="app-header" data-testid="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">Coldstart</span>
      </div>
      <div className="workspace-name" data-testid="workspace-name" title={info?.path ?? ''}>
        {info ? info.name : '…'}
        {info?.mode === 'team' ? <span className="mode-badge">team</span> : null}
      </div>
      <dl className="header-stats">
        {counts.map(([label, value, testId]) => (
          <div key={label} className="header-stat">
            <dt>{label}</dt>
            <dd data-testid={testId}>{value === undefined ? '–' : fmt.format(value)}</dd>
          </div>
        ))}
        {stats && stats.unflagged > 0 ? (
          <div className="header-stat pending" data-testid="stat-unflagged" title="Samples the flagger has not checked yet">
            <dt>flagging</dt>
            <dd>{fmt.format(stats.unflagged)}</dd>
          </div>
        ) : null}
      </dl>
    </header>
  );
}
