import { useEffect, useState } from 'react';
import type { VersionDiff, VersionView } from '../../../../core/procedures/versions.ts';
import { api } from '../../api/index.ts';
import { ErrorBanner } from './ErrorBanner.tsx';
import { hunkHeader, plural } from './format.ts';

const TEXT_DIFF_LIMIT = 20;
const ID_LIST_LIMIT = 60;

/** Two versions side by side: which samples came, went or changed text, and the line diffs. */
export function DiffPanel({ versions, initialFrom, initialTo }: { versions: VersionView[]; initialFrom: string; initialTo: string }) {
  const [from, setFrom] = useState(initialFrom);
  const [to, setTo] = useState(initialTo);
  const [diff, setDiff] = useState<VersionDiff | null>(null);
  const [error, setError] = useState<Error | null>(null);

  useEffect(() => {
    setFrom(initialFrom);
    setTo(initialTo);
  }, [initialFrom, initialTo]);

  useEffect(() => {
    let live = true;
    setDiff(null);
    setError(null);
    api.call('versions.diff', { from, to, textDiffLimit: TEXT_DIFF_LIMIT }).then(
      (d) => live && setDiff(d),
      (e: Error) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [from, to]);

  return (
    <section className="version-diff" data-testid="version-diff" aria-label="Compare versions">
      <div className="toolbar">
        <h2>Compare</h2>
        <VersionSelect label="from" value={from} versions={versions} onChange={setFrom} testId="diff-from" />
        <VersionSelect label="to" value={to} versions={versions} onChange={setTo} testId="diff-to" />
      </div>
      <ErrorBanner error={error} testId="diff-error" />
      {diff ? (
        <>
          <dl className="result-counts">
            <div>
              <dt>added</dt>
              <dd data-testid="diff-added">{diff.added.length}</dd>
            </div>
            <div>
              <dt>removed</dt>
              <dd data-testid="diff-removed">{diff.removed.length}</dd>
            </div>
            <div>
              <dt>changed text</dt>
              <dd data-testid="diff-changed">{diff.changed.length}</dd>
            </div>
          </dl>
          <IdList label="Added" ids={diff.added} testId="diff-added-ids" />
          <IdList label="Removed" ids={diff.removed} testId="diff-removed-ids" />
          {diff.textDiffs.length < diff.changed.length ? (
            <p className="muted small">Showing the text diffs of the first {diff.textDiffs.length} of {plural(diff.changed.length, 'changed sample')}.</p>
          ) : null}
          {diff.textDiffs.map((t) => (
            <article key={t.sampleId} className="text-diff" data-testid="text-diff" data-sample={t.sampleId}>
              <h3>
                <a href={`#/review/${t.sampleId}`}>Sample {t.sampleId}</a>
              </h3>
              {/* Model output is untrusted: every line is a text node, never HTML. */}
              <pre className="diff-lines">
                {t.hunks.map((h, i) => (
                  <span key={i}>
                    <span className="diff-hunk">
                      {hunkHeader(h)}
                      {'\n'}
                    </span>
                    {h.lines.map((l, j) => (
                      <span key={j} className={l.op === '+' ? 'diff-add' : l.op === '-' ? 'diff-del' : 'diff-ctx'} data-op={l.op}>
                        {l.op}
                        {l.text}
                        {'\n'}
                      </span>
                    ))}
                  </span>
                ))}
              </pre>
            </article>
          ))}
          {diff.added.length + diff.removed.length + diff.changed.length === 0 ? <p className="muted">These versions pin the same samples and texts.</p> : null}
        </>
      ) : !error ? (
        <p className="muted">Comparing…</p>
      ) : null}
    </section>
  );
}

function VersionSelect({ label, value, versions, onChange, testId }: { label: string; value: string; versions: VersionView[]; onChange(v: string): void; testId: string }) {
  return (
    <label className="filter">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {versions.map((v) => (
          <option key={v.name} value={v.name}>
            {v.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function IdList({ label, ids, testId }: { label: string; ids: number[]; testId: string }) {
  if (!ids.length) return null;
  return (
    <p className="id-list" data-testid={testId}>
      <strong>{label}:</strong>{' '}
      {ids.slice(0, ID_LIST_LIMIT).map((id, i) => (
        <span key={id}>
          {i ? ', ' : ''}
          <a href={`#/review/${id}`}>{id}</a>
        </span>
      ))}
      {ids.length > ID_LIST_LIMIT ? ` … and ${ids.length - ID_LIST_LIMIT} more` : ''}
    </p>
  );
}
