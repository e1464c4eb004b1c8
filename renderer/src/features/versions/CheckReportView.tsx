import type { CheckReport } from '../../../../core/procedures/versions.ts';
import { plural } from './format.ts';

/** What versions.check found. It reports and never drops: rejecting samples is the lead's call. */
export function CheckReportView({ report }: { report: CheckReport }) {
  const { exact, near, contamination } = report;
  const clean = exact.duplicateSamples === 0 && near.duplicateSamples === 0 && contamination.sampleCount === 0;
  return (
    <div className={clean ? 'check-report clean' : 'check-report'} data-testid="check-report">
      <p>
        Checked {plural(report.samples, 'sample')} ({report.include}).{' '}
        {clean ? 'No duplicates and no overlap with evaluation prompts.' : 'Nothing is dropped: reject the samples you want out, then commit.'}
      </p>
      <dl className="result-counts">
        <div>
          <dt>exact duplicates</dt>
          <dd data-testid="check-exact">{exact.duplicateSamples}</dd>
        </div>
        <div>
          <dt>near duplicates (≥ {near.threshold})</dt>
          <dd data-testid="check-near">{near.duplicateSamples}</dd>
        </div>
        <div>
          <dt>contaminated ({contamination.ngram}-grams, {plural(contamination.evalPrompts, 'eval prompt')})</dt>
          <dd data-testid="check-contaminated">{contamination.sampleCount}</dd>
        </div>
      </dl>
      {exact.groups.length || near.pairs.length || contamination.hits.length ? (
        <ul className="check-list">
          {exact.groups.map((g) => (
            <li key={g.hash}>exact: samples {g.sampleIds.join(', ')}</li>
          ))}
          {near.pairs.map((p) => (
            <li key={`${p.a}-${p.b}`}>
              near: samples {p.a} and {p.b} (similarity {p.similarity.toFixed(2)})
            </li>
          ))}
          {contamination.hits.map((h) => (
            <li key={`${h.sampleId}-${h.evalIndex}`}>
              contaminated: sample {h.sampleId} shares “{h.ngram}” with eval prompt #{h.evalIndex + 1}
            </li>
          ))}
        </ul>
      ) : null}
      {exact.groups.length >= report.listLimit || near.pairs.length >= report.listLimit || contamination.hits.length >= report.listLimit ? (
        <p className="muted small">Lists stop at {report.listLimit} entries; the counts are complete.</p>
      ) : null}
    </div>
  );
}
