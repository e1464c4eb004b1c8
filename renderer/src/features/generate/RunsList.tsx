import type { RunOverview } from './useGeneration.ts';

const RESUMABLE = new Set(['interrupted', 'failed', 'cancelled']);

export function RunsList({ runs, watching, onWatch, onResume, busy }: { runs: RunOverview[] | null; watching: number | null; onWatch(id: number): void; onResume(id: number): void; busy: boolean }) {
  return (
    <section className="gen-panel" data-testid="runs-list">
      <h2>Runs</h2>
      {runs && runs.length === 0 ? <p className="muted">No generation runs yet.</p> : null}
      {runs && runs.length > 0 ? (
        <table className="team-table runs-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Name</th>
              <th>Status</th>
              <th>Samples</th>
              <th>Pass rate</th>
              <th>Started</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} className={r.id === watching ? 'watching' : undefined} data-testid="run-row" data-run-id={r.id}>
                <td>{r.id}</td>
                <td>
                  <button type="button" className="link-button" onClick={() => onWatch(r.id)} title="Show this run's progress">
                    {r.name}
                  </button>
                </td>
                <td>
                  <span className={`pill run-status status-${r.status}`} data-testid="run-row-status" title={r.error ?? undefined}>
                    {r.status}
                  </span>
                </td>
                <td className="mono">
                  {r.completed} / {r.total}
                </td>
                <td className="mono" data-testid="run-row-pass">
                  {r.passRate === null ? '–' : `${(100 * r.passRate).toFixed(0)}%`}
                </td>
                <td className="muted">{new Date(r.createdAt.includes('T') ? r.createdAt : `${r.createdAt.replace(' ', 'T')}Z`).toLocaleString()}</td>
                <td>
                  {RESUMABLE.has(r.status) ? (
                    <button type="button" className="button" disabled={busy} onClick={() => onResume(r.id)} data-testid="run-resume">
                      Resume ({r.total - r.completed} left)
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
