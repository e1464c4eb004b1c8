import type { VersionView } from '../../../../core/procedures/versions.ts';
import { BarList, Histogram } from './Bars.tsx';
import { barsFromCounts, histogramBars, plural, shortSha } from './format.ts';

/** One version: who, when, what it pins, and its stats as charts. */
export function VersionDetails({ version }: { version: VersionView }) {
  const s = version.stats;
  const task = barsFromCounts(s.byTask);
  const language = barsFromCounts(s.byLanguage);
  const verdict = barsFromCounts(s.byVerdict);
  const flags = barsFromCounts(s.byFlag);
  return (
    <section className="version-details" data-testid="version-details" aria-label={`Version ${version.name}`}>
      <div className="version-head">
        <h2 data-testid="details-name">{version.name}</h2>
        <span className="pill">{version.include}</span>
      </div>
      <p className="version-message" data-testid="details-message">
        {version.message}
      </p>
      <dl className="version-facts">
        <Fact label="parent" value={version.parent ?? '—'} />
        <Fact label="author" value={version.author ?? 'local user'} />
        <Fact label="created" value={new Date(version.createdAt).toLocaleString()} />
        <Fact label="items" value={plural(version.items, 'sample')} testId="details-items" />
        <Fact label="prompts" value={s.prompts.toLocaleString('en')} />
        <Fact label="content sha256" value={version.contentSha256} mono testId="details-sha" />
      </dl>
      {s.checks ? (
        <p className="muted" data-testid="details-checks">
          Checked at commit: {plural(s.checks.exactDuplicates, 'exact duplicate')}, {plural(s.checks.nearDuplicates, 'near duplicate')}, {plural(s.checks.contaminated, 'contaminated sample')}.
        </p>
      ) : null}
      <div className="vcharts">
        <BarList title="By task" bars={task.bars} other={task.other} testId="chart-task" />
        <BarList title="By language" bars={language.bars} other={language.other} testId="chart-language" />
        <BarList title="By verdict" bars={verdict.bars} other={verdict.other} testId="chart-verdict" />
        <BarList title="Samples with each flag" bars={flags.bars} other={flags.other} testId="chart-flags" empty="No flags on these samples." />
        <Histogram
          title="Token length (reasoning + summary)"
          bars={histogramBars(s.tokens)}
          testId="chart-tokens"
          note={`Estimated as ${s.tokens.estimate} (no tokenizer is bundled). min ${s.tokens.min} · p50 ${s.tokens.p50} · mean ${s.tokens.mean} · p90 ${s.tokens.p90} · p99 ${s.tokens.p99} · max ${s.tokens.max} · total ${s.tokens.total.toLocaleString('en')}`}
        />
      </div>
      <p className="muted small">sha256 {shortSha(version.contentSha256)}… names the content: the same texts give the same hash in any workspace.</p>
    </section>
  );
}

function Fact({ label, value, mono, testId }: { label: string; value: string; mono?: boolean; testId?: string }) {
  return (
    <div className="version-fact">
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
