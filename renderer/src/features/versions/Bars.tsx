import type { Bar } from './format.ts';

/**
 * Horizontal bars as a labelled list: the numbers are text (screen readers and tests read them)
 * and the bar is decoration. Categorical counts with long labels (flag codes) stay legible,
 * which a canvas axis would not.
 */
export function BarList({ title, bars, other = 0, testId, empty = 'None.' }: { title: string; bars: Bar[]; other?: number; testId: string; empty?: string }) {
  return (
    <figure className="vchart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      {bars.length === 0 ? <p className="muted">{empty}</p> : null}
      <ul className="bar-list">
        {bars.map((b) => (
          <li key={b.label} className="bar-row" data-testid="bar" data-label={b.label} data-count={b.count}>
            <span className="bar-label" title={b.label}>
              {b.label}
            </span>
            <span className="bar-track" aria-hidden="true">
              <span className="bar-fill" style={{ width: `${Math.max(b.share * 100, 1)}%` }} />
            </span>
            <span className="bar-count">{b.count.toLocaleString('en')}</span>
          </li>
        ))}
        {other > 0 ? (
          <li className="bar-row muted">
            <span className="bar-label">other</span>
            <span className="bar-track" aria-hidden="true" />
            <span className="bar-count">{other.toLocaleString('en')}</span>
          </li>
        ) : null}
      </ul>
    </figure>
  );
}

/** Vertical columns for a distribution whose bins are ordered ranges. */
export function Histogram({ title, bars, testId, note }: { title: string; bars: Bar[]; testId: string; note?: string }) {
  return (
    <figure className="vchart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <ol className="histogram" aria-label={title}>
        {bars.map((b) => (
          <li key={b.label} className="histogram-bin" data-testid="bin" data-label={b.label} data-count={b.count} title={`${b.label} tokens: ${b.count}`}>
            <span className="histogram-count">{b.count || ''}</span>
            <span className="histogram-col" style={{ height: `${b.count ? Math.max(b.share * 100, 2) : 0}%` }} aria-hidden="true" />
            <span className="histogram-label">{b.label}</span>
          </li>
        ))}
      </ol>
      {note ? <p className="muted small">{note}</p> : null}
    </figure>
  );
}
