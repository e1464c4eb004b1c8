import { useEffect, useMemo } from 'react';
import { useScreenReady } from '../../ready.tsx';
import { Chart, type ChartSeries } from './Chart.tsx';
import { useDashboard, type Dashboard } from './useDashboard.ts';
import './team.css';

const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(0)}%`);
const kappa = (x: number | null) => (x === null ? '–' : x.toFixed(2));
const secs = (x: number | null) => (x === null ? '–' : `${x.toFixed(0)} s`);
const COLORS = ['#3867d6', '#20bf6b', '#eb3b5a', '#f7b731', '#8854d0', '#0fb9b1', '#fa8231', '#4b6584'];

function throughputChart(d: Dashboard): { x: number[]; series: ChartSeries[] } {
  const days = d.overall.perDay.map((p) => p.day);
  const x = days.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000);
  const overall: ChartSeries = { label: 'team', values: d.overall.perDay.map((p) => p.reviewed), color: '#4b6584' };
  // The busiest few annotators, so the chart stays readable with a large team.
  const top = [...d.members].filter((m) => m.perDay.length).sort((a, b) => b.reviewed - a.reviewed).slice(0, 5);
  const series = top.map((m, i) => {
    const byDay = new Map(m.perDay.map((p) => [p.day, p.reviewed]));
    return { label: m.annotator, values: days.map((day) => byDay.get(day) ?? 0), color: COLORS[i % COLORS.length]! };
  });
  return { x, series: [overall, ...series] };
}

function flagsChart(d: Dashboard): { x: number[]; categories: string[]; series: ChartSeries[] } {
  const categories = [...new Set([...Object.keys(d.overall.flagsBefore), ...Object.keys(d.overall.flagsAfter)])].sort();
  return {
    x: categories.map((_, i) => i),
    categories,
    series: [
      { label: 'before curation', values: categories.map((c) => d.overall.flagsBefore[c] ?? 0), color: '#eb3b5a' },
      { label: 'after (kept, current text)', values: categories.map((c) => d.overall.flagsAfter[c] ?? 0), color: '#20bf6b' },
    ],
  };
}

export function TeamScreen() {
  const { data, error, loaded } = useDashboard();
  const ready = useScreenReady();
  useEffect(() => {
    if (loaded) ready();
  }, [loaded, ready]);
  const throughput = useMemo(() => (data ? throughputChart(data) : null), [data]);
  const flags = useMemo(() => (data ? flagsChart(data) : null), [data]);

  return (
    <section className="team-screen" data-testid="screen-team">
      <div className="toolbar">
        <h1>Team</h1>
        {data ? <span className="muted">updated {new Date(data.generatedAt).toLocaleTimeString()}</span> : null}
      </div>
      {error ? (
        <div className="banner error" role="alert" data-testid="team-error">
          {error.message}
        </div>
      ) : null}
      {data ? (
        <>
          <div className="team-cards" data-testid="team-overall">
            <Card label="reviewed" value={String(data.overall.reviewed)} testId="team-reviewed" />
            <Card label="accepted" value={`${data.overall.accepted} (${pct(data.overall.acceptanceRate)})`} />
            <Card label="rejected" value={String(data.overall.rejected)} />
            <Card label="rewritten" value={String(data.overall.rewritten)} />
            <Card label="median per item" value={secs(data.overall.medianSeconds)} />
            <Card label="queue remaining" value={String(data.overall.queueRemaining)} />
            <Card label="Fleiss κ" value={kappa(data.overall.fleiss)} />
            <Card label="open disagreements" value={String(data.overall.disagreements)} />
          </div>
          <table className="team-table" data-testid="team-members">
            <thead>
              <tr>
                <th>Annotator</th>
                <th>Role</th>
                <th>Reviewed</th>
                <th>Accepted</th>
                <th>Rejected</th>
                <th>Rewritten</th>
                <th>Acceptance</th>
                <th>Median</th>
                <th>Queue</th>
                <th>κ (mean)</th>
              </tr>
            </thead>
            <tbody>
              {data.members.length === 0 ? (
                <tr>
                  <td colSpan={10} className="muted">
                    No annotators yet. Add one with <code>coldstart annotator add NAME --role annotator</code>.
                  </td>
                </tr>
              ) : null}
              {data.members.map((m) => (
                <tr key={m.annotator} data-testid={`team-member-${m.annotator}`}>
                  <td>{m.annotator}</td>
                  <td>{m.role ?? ''}</td>
                  <td data-testid="member-reviewed">{m.reviewed}</td>
                  <td>{m.accepted}</td>
                  <td>{m.rejected}</td>
                  <td>{m.rewritten}</td>
                  <td>{pct(m.acceptanceRate)}</td>
                  <td>{secs(m.medianSeconds)}</td>
                  <td>{m.queueRemaining}</td>
                  <td>{kappa(m.agreement)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="team-charts">
            <figure>
              <figcaption>Reviews per day</figcaption>
              {throughput && throughput.x.length ? <Chart x={throughput.x} series={throughput.series} testId="chart-throughput" /> : <p className="muted">No reviews yet.</p>}
            </figure>
            <figure>
              <figcaption>Flags on curated samples, before and after</figcaption>
              {flags && flags.categories.length ? <Chart x={flags.x} series={flags.series} bars categories={flags.categories} testId="chart-flags" /> : <p className="muted">No flagged samples curated yet.</p>}
            </figure>
          </div>
          {data.agreement.pairs.length ? (
            <table className="team-table" data-testid="team-agreement">
              <thead>
                <tr>
                  <th>Pair</th>
                  <th>Shared items</th>
                  <th>Observed agreement</th>
                  <th>Cohen’s κ</th>
                </tr>
              </thead>
              <tbody>
                {data.agreement.pairs.map((p) => (
                  <tr key={`${p.a}|${p.b}`}>
                    <td>
                      {p.a} × {p.b}
                    </td>
                    <td>{p.items}</td>
                    <td>{pct(p.observed)}</td>
                    <td>{kappa(p.kappa)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function Card({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="team-card">
      <div className="team-card-value" data-testid={testId}>
        {value}
      </div>
      <div className="team-card-label">{label}</div>
    </div>
  );
}
