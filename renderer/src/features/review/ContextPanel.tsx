import type { Revision, SampleRow } from '../../../../core/contract.ts';
import type { ReviewData } from './useReviewData.ts';

interface Props {
  data: ReviewData;
  onOpenSample(id: number): void;
}

const dateFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
function when(iso: string): string {
  const d = new Date(iso.includes('T') || iso.endsWith('Z') ? iso : `${iso.replace(' ', 'T')}Z`);
  return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
}

/** Prompt, reference, verdict, the rest of the group and the history. Everything renders as text: it is user or model content. */
export function ContextPanel({ data, onOpenSample }: Props) {
  const { detail, group, history, reviews } = data;
  return (
    <aside className="context-panel" data-testid="context-panel" aria-label="Context">
      <section>
        <h3>Prompt</h3>
        <p className="prompt-text" data-testid="context-prompt">{detail.prompt.text}</p>
        <dl className="facts">
          <div>
            <dt>Reference</dt>
            <dd className="mono" data-testid="context-reference">{detail.prompt.referenceAnswer ?? '—'}</dd>
          </div>
          <div>
            <dt>Extracted</dt>
            <dd className="mono">{detail.extractedAnswer ?? '—'}</dd>
          </div>
          <div>
            <dt>Verdict</dt>
            <dd>
              <span className={`pill verdict-${detail.sample.verdict}`} data-testid="context-verdict">{detail.sample.verdict}</span>
            </dd>
          </div>
          <div>
            <dt>Task · lang</dt>
            <dd>{detail.prompt.task} · {detail.prompt.language ?? '—'}</dd>
          </div>
        </dl>
      </section>
      <section>
        <h3>Group ({group.length})</h3>
        <ul className="group-list" data-testid="group-list">
          {group.map((row) => (
            <GroupRow key={row.id} row={row} current={row.id === detail.sample.id} onOpen={onOpenSample} />
          ))}
        </ul>
      </section>
      <section>
        <h3>History</h3>
        <ol className="history-list" data-testid="history-list">
          {history.map((rev) => (
            <HistoryEntry key={rev.id} rev={rev} current={rev.id === detail.current?.id} />
          ))}
          <li className="history-entry" data-testid="history-original">
            <span className="history-title">Original model output</span>
            <span className="muted">{detail.sample.runName}</span>
          </li>
        </ol>
      </section>
      {reviews.length ? (
        <section>
          <h3>Decisions</h3>
          <ul className="review-list" data-testid="review-list">
            {reviews.map((r) => (
              <li key={r.id}>
                <span className={`pill status-${r.decision}`}>{r.decision.replace('_', ' ')}</span> <span className="muted">{r.annotator ?? 'local'} · {when(r.createdAt)}</span>
                {r.reasons.length ? <div className="muted">{r.reasons.join(', ')}</div> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </aside>
  );
}

function GroupRow({ row, current, onOpen }: { row: SampleRow; current: boolean; onOpen(id: number): void }) {
  return (
    <li>
      <button type="button" className={current ? 'group-row current' : 'group-row'} onClick={() => onOpen(row.id)} aria-current={current ? 'true' : undefined} data-testid="group-row" data-sample-id={row.id}>
        <span className="mono">#{row.groupIndex}</span>
        <span className={`pill verdict-${row.verdict}`}>{row.verdict}</span>
        <span className={`pill status-${row.status}`}>{row.status.replace('_', ' ')}</span>
        <span className="group-flags" title={row.flagCodes.join(', ')}>{row.flagCodes.length ? `${row.flagCodes.length} flag${row.flagCodes.length > 1 ? 's' : ''}` : 'clean'}</span>
      </button>
    </li>
  );
}

function HistoryEntry({ rev, current }: { rev: Revision; current: boolean }) {
  return (
    <li className="history-entry" data-testid="history-entry" data-revision-id={rev.id}>
      <span className="history-title">
        Revision {rev.id}
        {current ? <span className="pill status-new">current</span> : null}
      </span>
      <span className="muted">
        {rev.author ?? 'local'} · {when(rev.createdAt)}
      </span>
      {rev.note ? <span className="history-note" data-testid="history-note">{rev.note}</span> : null}
    </li>
  );
}
