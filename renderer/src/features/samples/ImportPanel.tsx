import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ImportResult } from '../../../../core/contract.ts';
import { AppError } from '../../../../core/errors.ts';
import { api } from '../../api/index.ts';

type Kind = 'prompts' | 'traces';
type Format = '' | 'jsonl' | 'csv' | 'parquet';

type Phase =
  | { step: 'idle' }
  | { step: 'uploading'; sent: number; total: number }
  | { step: 'importing'; rows: number; bytes: number; totalBytes: number }
  | { step: 'done'; result: ImportResult }
  | { step: 'failed'; error: AppError };

const fmt = new Intl.NumberFormat('en');

interface FileErrorDetails {
  file?: string;
  line?: number | null;
  field?: string | null;
}

export function ImportPanel({ onClose }: { onClose(): void }) {
  const [kind, setKind] = useState<Kind>('traces');
  const [format, setFormat] = useState<Format>('');
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const busy = phase.step === 'uploading' || phase.step === 'importing';
  const fileName = useRef<string | null>(null);
  const dialogRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    dialogRef.current?.focus();
    return api.on('import.progress', (p) => {
      // The server names imports only in its events, so match ours by file name while it runs.
      if (p.fileName !== fileName.current || p.done) return;
      setPhase((current) => (current.step === 'importing' || current.step === 'uploading' ? { step: 'importing', rows: p.rows, bytes: p.bytes, totalBytes: p.totalBytes } : current));
    });
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file || busy) return;
    fileName.current = file.name;
    setPhase({ step: 'uploading', sent: 0, total: file.size });
    try {
      const uploadId = await api.upload(file, (sent, total) => setPhase({ step: 'uploading', sent, total }));
      setPhase({ step: 'importing', rows: 0, bytes: 0, totalBytes: file.size });
      const result = await api.call('imports.run', { kind, uploadId, fileName: file.name, skipInvalid, ...(format ? { format } : {}) });
      setPhase({ step: 'done', result });
    } catch (error) {
      setPhase({ step: 'failed', error: error instanceof AppError ? error : new AppError('internal', String(error)) });
    }
  }

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && !busy && onClose()}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="import-title"
        data-testid="import-dialog"
        tabIndex={-1}
        ref={dialogRef}
        onKeyDown={(e) => e.key === 'Escape' && !busy && onClose()}
      >
        <h2 id="import-title">Import a file</h2>
        <form onSubmit={submit}>
          <fieldset className="kind-choice" disabled={busy}>
            <legend>What does the file hold?</legend>
            <label>
              <input type="radio" name="kind" value="traces" checked={kind === 'traces'} onChange={() => setKind('traces')} data-testid="import-kind-traces" />
              <span>
                <strong>Traces</strong> — prompts with model completions (prompt/completion, messages, reasoning_content, OpenR1 generations)
              </span>
            </label>
            <label>
              <input type="radio" name="kind" value="prompts" checked={kind === 'prompts'} onChange={() => setKind('prompts')} data-testid="import-kind-prompts" />
              <span>
                <strong>Prompts</strong> — questions with optional reference answers, to generate from later
              </span>
            </label>
          </fieldset>
          <div className="form-row">
            <label className="file-field">
              <span>File (JSONL, CSV or Parquet)</span>
              <input
                type="file"
                accept=".jsonl,.ndjson,.json,.csv,.tsv,.parquet,.pq"
                disabled={busy}
                data-testid="import-file"
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null);
                  setPhase({ step: 'idle' });
                }}
              />
            </label>
            <label className="filter">
              <span>Format</span>
              <select value={format} disabled={busy} onChange={(e) => setFormat(e.target.value as Format)} data-testid="import-format">
                <option value="">From extension</option>
                <option value="jsonl">JSONL</option>
                <option value="csv">CSV</option>
                <option value="parquet">Parquet</option>
              </select>
            </label>
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={skipInvalid} disabled={busy} onChange={(e) => setSkipInvalid(e.target.checked)} data-testid="import-skip-invalid" />
            <span>Skip invalid rows (otherwise one bad row imports nothing)</span>
          </label>
          <PhaseView phase={phase} />
          <div className="modal-actions">
            <button type="button" className="button" onClick={onClose} disabled={busy} data-testid="import-close">
              {phase.step === 'done' ? 'Close' : 'Cancel'}
            </button>
            <button type="submit" className="button primary" disabled={!file || busy} data-testid="import-submit">
              {busy ? 'Importing…' : 'Import'}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

function PhaseView({ phase }: { phase: Phase }) {
  switch (phase.step) {
    case 'idle':
      return null;
    case 'uploading':
      return <Progress label={`Uploading… ${fmt.format(Math.round(phase.sent / 1024))} of ${fmt.format(Math.round(phase.total / 1024))} KiB`} value={phase.sent} max={phase.total} />;
    case 'importing':
      return <Progress label={`Importing… ${fmt.format(phase.rows)} rows read`} value={phase.bytes} max={phase.totalBytes} />;
    case 'done': {
      const r = phase.result;
      return (
        <div className="import-result" role="status" data-testid="import-result">
          <p>
            Imported <strong>{r.fileName}</strong> ({r.format}, {fmt.format(r.rowsRead)} rows read).
          </p>
          <dl className="result-counts">
            <div>
              <dt>inserted</dt>
              <dd data-testid="import-inserted">{fmt.format(r.inserted)}</dd>
            </div>
            <div>
              <dt>duplicates</dt>
              <dd data-testid="import-duplicates">{fmt.format(r.duplicates)}</dd>
            </div>
            <div>
              <dt>rejected</dt>
              <dd data-testid="import-rejected">{fmt.format(r.rejected)}</dd>
            </div>
            {r.kind === 'traces' ? (
              <div>
                <dt>new prompts</dt>
                <dd>{fmt.format(r.promptsCreated)}</dd>
              </div>
            ) : null}
          </dl>
          {r.rejections.length > 0 ? (
            <ul className="rejections" data-testid="import-rejections">
              {r.rejections.map((x) => (
                <li key={`${x.line}-${x.field}`}>
                  line {x.line}
                  {x.field ? `, field "${x.field}"` : ''}: {x.reason}
                </li>
              ))}
            </ul>
          ) : null}
          {r.reportPath ? <p className="muted">Full report: {r.reportPath}</p> : null}
        </div>
      );
    }
    case 'failed': {
      const d = (phase.error.details ?? {}) as FileErrorDetails;
      return (
        <div className="banner error" role="alert" data-testid="import-error">
          <strong>Nothing was imported.</strong>
          <p data-testid="import-error-message">{phase.error.message}</p>
          {typeof d.line === 'number' ? (
            <p className="error-where">
              Line <span data-testid="import-error-line">{d.line}</span>
              {d.field ? <> · field “{d.field}”</> : null}
            </p>
          ) : null}
        </div>
      );
    }
  }
}

function Progress({ label, value, max }: { label: string; value: number; max: number }) {
  return (
    <div className="import-progress" data-testid="import-progress">
      <progress value={value} max={Math.max(max, 1)} />
      <span>{label}</span>
    </div>
  );
}
