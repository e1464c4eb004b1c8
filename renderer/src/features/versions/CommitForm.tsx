import { useState, type FormEvent } from 'react';
import type { CheckReport, VersionView } from '../../../../core/procedures/versions.ts';
import { api } from '../../api/index.ts';
import { CheckReportView } from './CheckReportView.tsx';
import { ErrorBanner } from './ErrorBanner.tsx';
import { parseEvalPrompts } from './format.ts';

type Include = 'accepted' | 'clean' | 'all';
const NAME_RULE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const INCLUDE_HELP: Record<Include, string> = {
  accepted: 'samples a reviewer accepted',
  clean: 'no error-severity flag and not rejected',
  all: 'every sample not rejected',
};

/**
 * Commit for leads. With the check ticked, the dedup/decontamination report is shown first
 * and the commit waits for the lead to have seen it; changing what is checked asks again.
 */
export function CommitForm({ onCommitted, onCancel }: { onCommitted(version: VersionView): void; onCancel(): void }) {
  const [message, setMessage] = useState('');
  const [name, setName] = useState('');
  const [include, setInclude] = useState<Include>('accepted');
  const [check, setCheck] = useState(false);
  const [evalText, setEvalText] = useState('');
  const [report, setReport] = useState<CheckReport | null>(null);
  const [busy, setBusy] = useState<'check' | 'commit' | null>(null);
  const [error, setError] = useState<Error | null>(null);

  const nameError = name.trim() && !NAME_RULE.test(name.trim()) ? 'A name is 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit.' : null;
  const messageMissing = !message.trim();
  const needsCheck = check && !report;

  function invalidateReport<T>(set: (v: T) => void): (v: T) => void {
    return (v) => {
      set(v);
      setReport(null);
    };
  }

  async function runCheck(): Promise<void> {
    setBusy('check');
    setError(null);
    try {
      setReport(await api.call('versions.check', { include, evalPrompts: parseEvalPrompts(evalText) }));
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(null);
    }
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (nameError || messageMissing || busy) return;
    if (needsCheck) return runCheck();
    setBusy('commit');
    setError(null);
    try {
      const out = await api.call('versions.commit', { message: message.trim(), name: name.trim() || undefined, include, check, evalPrompts: check ? parseEvalPrompts(evalText) : undefined });
      onCommitted(out.version);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(null);
    }
  }

  return (
    <form className="version-form" onSubmit={submit} data-testid="commit-form" aria-label="Commit a version">
      <h2>Commit a version</h2>
      <label className="field">
        <span>Message</span>
        <textarea value={message} onChange={(e) => setMessage(e.target.value)} rows={2} required data-testid="commit-message" />
      </label>
      <label className="field">
        <span>Name (optional; default v1, v2, …)</span>
        <input value={name} onChange={(e) => setName(e.target.value)} aria-invalid={Boolean(nameError)} spellCheck={false} data-testid="commit-name" />
        {nameError ? <small className="field-error" data-testid="commit-name-error">{nameError}</small> : null}
      </label>
      <fieldset className="kind-choice">
        <legend>Include</legend>
        {(Object.keys(INCLUDE_HELP) as Include[]).map((value) => (
          <label key={value}>
            <input type="radio" name="include" value={value} checked={include === value} onChange={() => invalidateReport(setInclude)(value)} data-testid={`commit-include-${value}`} />
            <span>
              <strong>{value}</strong> <span className="muted">— {INCLUDE_HELP[value]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" checked={check} onChange={(e) => invalidateReport(setCheck)(e.target.checked)} data-testid="commit-check" />
        <span>Check for duplicates and evaluation-set contamination first (recorded in the version’s stats)</span>
      </label>
      {check ? (
        <label className="field">
          <span>Evaluation prompts, one per line (optional)</span>
          <textarea value={evalText} onChange={(e) => invalidateReport(setEvalText)(e.target.value)} rows={3} spellCheck={false} data-testid="commit-eval" />
        </label>
      ) : null}
      {report ? <CheckReportView report={report} /> : null}
      <ErrorBanner error={error} testId="commit-error" />
      <div className="modal-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={Boolean(busy) || messageMissing || Boolean(nameError)} data-testid="commit-submit">
          {busy === 'check' ? 'Checking…' : busy === 'commit' ? 'Committing…' : needsCheck ? 'Run check' : 'Commit'}
        </button>
      </div>
    </form>
  );
}
