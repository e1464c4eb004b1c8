import { useEffect, useState, type FormEvent } from 'react';
import type { EventPayload, ProcedureOutput } from '../../../../core/contract.ts';
import { EXPORT_FORMATS } from '../../../../core/formats/export.ts';
import type { VersionView } from '../../../../core/procedures/versions.ts';
import { api } from '../../api/index.ts';
import { ErrorBanner } from './ErrorBanner.tsx';
import { formatBytes, parseSplit, plural } from './format.ts';

type Format = (typeof EXPORT_FORMATS)[number];
type Result = ProcedureOutput<'versions.export'>;

const FORMAT_HELP: Record<Format, string> = {
  messages: 'TRL conversational / OpenAI fine-tuning: <think> inline in the assistant turn',
  'reasoning-content': 'assistant content + reasoning_content (axolotl, DeepSeek API style)',
  'r1-special': 'R1 cold-start pattern |special_token|reasoning|special_token|summary',
  'prompt-completion': 'TRL prompt + completion',
  sharegpt: 'LLaMA-Factory sharegpt conversations',
  alpaca: 'LLaMA-Factory alpaca instruction / input / output',
};

/** Export for leads: options, live progress from export.progress, then where the files went. */
export function ExportForm({ version }: { version: VersionView }) {
  const [format, setFormat] = useState<Format>('messages');
  const [splitText, setSplitText] = useState('');
  const [seed, setSeed] = useState('0');
  const [system, setSystem] = useState('');
  const [tokenStart, setTokenStart] = useState('|special_token|');
  const [tokenEnd, setTokenEnd] = useState('|special_token|');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<EventPayload<'export.progress'> | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const split = parseSplit(splitText);
  const splitError = 'error' in split ? split.error : null;

  useEffect(() => {
    setResult(null);
    setProgress(null);
    setError(null);
  }, [version.name]);

  useEffect(
    () =>
      api.on('export.progress', (p) => {
        // Another client's export of another version shares the event stream.
        if (p.version === version.name && busy) setProgress(p);
      }),
    [version.name, busy],
  );

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (busy || 'error' in split) return;
    setBusy(true);
    setError(null);
    setResult(null);
    setProgress(null);
    try {
      setResult(
        await api.call('versions.export', {
          name: version.name,
          format,
          split: split.split,
          seed: seed.trim() || '0',
          system: system.trim() ? system : undefined,
          specialTokens: format === 'r1-special' ? { start: tokenStart, end: tokenEnd } : undefined,
        }),
      );
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  }

  const pct = progress && progress.total ? Math.min(100, Math.round((100 * progress.rows) / progress.total)) : 0;

  return (
    <form className="version-form" onSubmit={submit} data-testid="export-form" aria-label={`Export ${version.name}`}>
      <h2>Export {version.name}</h2>
      <div className="form-grid">
        <label className="field">
          <span>Format</span>
          <select value={format} onChange={(e) => setFormat(e.target.value as Format)} data-testid="export-format">
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
          <small className="muted">{FORMAT_HELP[format]}</small>
        </label>
        <label className="field">
          <span>Split by prompt (optional)</span>
          <input value={splitText} onChange={(e) => setSplitText(e.target.value)} placeholder="val=0.05" spellCheck={false} aria-invalid={Boolean(splitError)} data-testid="export-split" />
          {splitError ? <small className="field-error" data-testid="export-split-error">{splitError}</small> : <small className="muted">the rest goes to train</small>}
        </label>
        <label className="field">
          <span>Seed</span>
          <input value={seed} onChange={(e) => setSeed(e.target.value)} spellCheck={false} data-testid="export-seed" />
        </label>
      </div>
      {format === 'r1-special' ? (
        <div className="form-grid">
          <label className="field">
            <span>Start token</span>
            <input value={tokenStart} onChange={(e) => setTokenStart(e.target.value)} spellCheck={false} />
          </label>
          <label className="field">
            <span>End token</span>
            <input value={tokenEnd} onChange={(e) => setTokenEnd(e.target.value)} spellCheck={false} />
          </label>
        </div>
      ) : null}
      <label className="field">
        <span>System prompt (optional)</span>
        <textarea value={system} onChange={(e) => setSystem(e.target.value)} rows={2} data-testid="export-system" />
      </label>
      <div className="modal-actions">
        <button type="submit" className="button primary" disabled={busy || Boolean(splitError) || (format === 'r1-special' && (!tokenStart || !tokenEnd))} data-testid="export-submit">
          {busy ? 'Exporting…' : 'Export'}
        </button>
      </div>
      {busy || (progress && !result) ? (
        <div className="import-progress" data-testid="export-progress">
          <progress max={100} value={pct} />
          <span>{progress ? `${progress.rows.toLocaleString('en')} / ${progress.total.toLocaleString('en')} rows · ${formatBytes(progress.bytes)}` : 'Starting…'}</span>
        </div>
      ) : null}
      <ErrorBanner error={error} testId="export-error" />
      {result ? <ExportResult result={result} /> : null}
    </form>
  );
}

function ExportResult({ result }: { result: Result }) {
  const m = result.manifest;
  const skipped = Object.entries(m.counts.skipped).filter(([, n]) => n > 0);
  return (
    <div className="import-result" data-testid="export-result">
      <p>
        Exported {plural(m.counts.exported, 'record')} of {plural(m.counts.items, 'item')} as <strong>{m.format}</strong>.
        {skipped.length ? ` Skipped: ${skipped.map(([why, n]) => `${n} ${why}`).join(', ')}.` : ''}
      </p>
      <table className="versions-table compact" data-testid="export-files">
        <thead>
          <tr>
            <th>File</th>
            <th>Split</th>
            <th className="num">Records</th>
            <th className="num">Size</th>
            <th>sha256</th>
          </tr>
        </thead>
        <tbody>
          {m.files.map((f) => (
            <tr key={f.name}>
              <td className="mono path" data-testid="export-path">
                {result.paths.find((p) => p.endsWith(`/${f.name}`) || p.endsWith(`\\${f.name}`)) ?? f.name}
              </td>
              <td>{f.split}</td>
              <td className="num">{f.records.toLocaleString('en')}</td>
              <td className="num">{formatBytes(f.bytes)}</td>
              <td className="mono" title={f.sha256}>
                {f.sha256.slice(0, 12)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {m.files.some((f) => f.records === 0) ? (
        <p className="warn" data-testid="export-empty-split">
          A split got no records: splits go by prompt, and this version has {plural(m.counts.prompts, 'prompt')}. Try another seed or a larger share.
        </p>
      ) : null}
      <p>
        Manifest: <span className="mono path" data-testid="export-manifest-path">{result.manifestPath}</span>
      </p>
      <details>
        <summary>manifest.json</summary>
        <pre className="manifest" data-testid="export-manifest">
          {JSON.stringify(m, null, 2)}
        </pre>
      </details>
    </div>
  );
}
