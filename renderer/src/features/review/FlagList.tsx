import type { FlagView } from '../../../../core/contract.ts';
import { sortFlags } from './flag-spans.ts';
import { fixesFor, type QuickFix } from './quick-fixes.ts';

interface Props {
  flags: FlagView[];
  text: string;
  stale: boolean;
  onJump(flag: FlagView): void;
  onFix(fix: QuickFix): void;
}

export function FlagList({ flags, text, stale, onJump, onFix }: Props) {
  const sorted = sortFlags(flags);
  return (
    <div className="flag-panel" data-testid="flag-panel" data-stale={stale ? 'true' : 'false'} data-codes={[...new Set(sorted.map((f) => f.code))].sort().join(' ')}>
      <div className="flag-panel-head">
        <span>{sorted.length === 0 ? 'No flags' : `${sorted.length} flag${sorted.length > 1 ? 's' : ''}`}</span>
        {stale ? <span className="muted">checking…</span> : null}
      </div>
      <ul>
        {sorted.map((flag, i) => {
          const fixes = fixesFor(flag, text);
          return (
            <li key={`${flag.code}-${flag.start}-${i}`} className={`flag-item flag-${flag.severity}`} data-testid="flag-item" data-code={flag.code}>
              <button type="button" className="flag-jump" onClick={() => onJump(flag)} title={flag.message}>
                <span className="flag-badge">{flag.code}</span>
                <span className="flag-message">{flag.message}</span>
              </button>
              {fixes.map((fix) => (
                <button key={fix.title} type="button" className="link-button small" onClick={() => onFix(fix)} data-testid="flag-fix">
                  {fix.title}
                </button>
              ))}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
