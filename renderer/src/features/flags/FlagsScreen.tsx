import { useEffect, useState } from 'react';
import { defaultFlagSettings, type FlagSettings } from '../../../../core/flags/defaults.ts';
import { Field } from '../../components/Field.tsx';
import { useScreenReady } from '../../ready.tsx';
import { useWorkspace } from '../../workspace.tsx';
import { changedKeys, parseForm, SETTING_GROUPS, settingsPatch, toForm, type SettingField, type SettingsForm } from './fields.ts';
import { useFlagSettings, type FlagStatus } from './useFlagSettings.ts';
import './flags.css';

/**
 * The workspace's flag thresholds, grouped by the codes they decide, with how many samples carry
 * each code now. A lead edits and saves them; saving re-flags the workspace in the background,
 * with its progress shown here, and the counts follow when it is done.
 */
export function FlagsScreen() {
  const { saved, status, progress, isLead, error, save, reflagAll } = useFlagSettings();
  const { stats } = useWorkspace();
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; kind: 'info' | 'error' } | null>(null);
  const ready = useScreenReady();

  // The form follows the stored thresholds (loaded, saved here, or changed by another lead)
  // unless it holds edits of its own.
  const [shown, setShown] = useState<FlagSettings | null>(null);
  if (saved !== shown) {
    setShown(saved);
    const edited = form ? parseForm(form).settings : null;
    const untouched = !form || (shown !== null && edited !== null && changedKeys(shown, edited).length === 0);
    if (saved && untouched) setForm(toForm(saved));
  }
  useEffect(() => {
    if (form && status) ready();
  }, [form, status, ready]);

  const parsed = form ? parseForm(form) : null;
  const changed = saved && parsed?.settings ? changedKeys(saved, parsed.settings) : [];
  const invalid = parsed ? Object.keys(parsed.errors).length : 0;
  const editable = isLead && !busy;

  async function act(run: () => Promise<string>) {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ text: await run(), kind: 'info' });
    } catch (e) {
      setMessage({ text: e instanceof Error ? e.message : String(e), kind: 'error' });
    } finally {
      setBusy(false);
    }
  }

  const onSave = () =>
    act(async () => {
      await save(settingsPatch(saved!, parsed!.settings!));
      return `Saved ${changed.length} ${changed.length === 1 ? 'change' : 'changes'}. Every sample is being flagged again with the new thresholds.`;
    });

  const set = (patch: Partial<SettingsForm>) => setForm((f) => (f ? { ...f, ...patch } : f));

  return (
    <section className="flags-screen" data-testid="screen-flags">
      <div className="toolbar">
        <h1>Flags</h1>
        <span className="result-count" data-testid="flags-status">
          {statusText(status, progress, stats?.samples ?? null)}
        </span>
        <div className="toolbar-end">
          {changed.length > 0 || invalid > 0 ? (
            <span className="muted" data-testid="flags-unsaved">
              {invalid > 0 ? `${invalid} ${invalid === 1 ? 'field needs' : 'fields need'} fixing` : `${changed.length} unsaved ${changed.length === 1 ? 'change' : 'changes'}`}
            </span>
          ) : null}
          <button type="button" className="button" disabled={!editable} onClick={() => void act(async () => (await reflagAll(), 'Every sample is being flagged again.'))} title={isLead ? 'Flag every sample again, even those whose flags are current' : 'Only a lead can re-flag'} data-testid="flags-reflag">
            Re-flag all
          </button>
          <button type="button" className="button" disabled={!editable || !form} onClick={() => setForm(toForm(defaultFlagSettings))} title="Put the default thresholds in the form (saved only when you save)" data-testid="flags-defaults">
            Restore defaults
          </button>
          <button type="button" className="button primary" disabled={!editable || changed.length === 0 || invalid > 0} onClick={() => void onSave()} title={isLead ? undefined : 'Only a lead can change flag settings'} data-testid="flags-save">
            Save and re-flag
          </button>
        </div>
      </div>

      {progress || status?.running ? (
        <div className="flags-progress" role="status" data-testid="flags-progress">
          <progress value={progress?.done ?? 0} max={progress?.total ?? status?.total ?? 1} />
          <span>{progress ? `Re-flagging: ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()} samples` : 'Re-flagging: starting…'}</span>
        </div>
      ) : null}
      {error ? (
        <div className="banner error" role="alert" data-testid="flags-error">
          {error.message}
        </div>
      ) : null}
      {message ? (
        <div className={message.kind === 'error' ? 'banner error' : 'banner info'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="flags-message">
          {message.text}
        </div>
      ) : null}
      {!isLead && saved ? <p className="muted flags-readonly">These are the workspace’s thresholds. Only a lead can change them.</p> : null}

      {form && saved ? (
        <div className="flags-groups">
          {SETTING_GROUPS.map((group) => (
            <section key={group.title} className="flags-group" data-testid={`flags-group-${group.codes[0]}`}>
              <h2>{group.title}</h2>
              <ul className="flags-codes">
                {group.codes.map((code) => (
                  <li key={code}>
                    <span className="flag-badge">{code}</span> <span className="muted" data-testid={`flags-count-${code}`}>{countText(stats?.byFlag[code] ?? 0)}</span>
                  </li>
                ))}
              </ul>
              <fieldset className="field-grid flags-fields" disabled={!editable}>
                {group.fields.map((field) => (
                  <SettingInput key={field.key} field={field} form={form} saved={saved} error={parsed?.errors[field.key]} set={set} />
                ))}
              </fieldset>
            </section>
          ))}
        </div>
      ) : null}
    </section>
  );
}

function SettingInput({ field, form, saved, error, set }: { field: SettingField; form: SettingsForm; saved: FlagSettings; error: string | undefined; set(patch: Partial<SettingsForm>): void }) {
  const value = form[field.key];
  const current = field.kind === 'boolean' ? value === saved[field.key] : String(value).trim() === String(saved[field.key]);
  const fallback = defaultFlagSettings[field.key];
  const hint = String(value).trim() === String(fallback) ? field.hint : `${field.hint} (default ${fallback})`;
  const testId = `flags-set-${field.key}`;
  if (field.kind === 'boolean') {
    return (
      <label className={current ? 'checkbox flags-check' : 'checkbox flags-check changed'}>
        <input type="checkbox" checked={value === true} onChange={(e) => set({ [field.key]: e.target.checked })} data-testid={testId} />
        <span>
          {field.label}
          <span className="muted field-hint">{hint}</span>
        </span>
      </label>
    );
  }
  return (
    <div className={current ? 'flags-field' : 'flags-field changed'}>
      <Field label={field.label} error={error} hint={hint}>
        <input
          type={field.kind === 'number' ? 'number' : 'text'}
          inputMode={field.kind === 'number' ? 'decimal' : undefined}
          step={field.kind === 'number' ? field.step : undefined}
          min={field.kind === 'number' ? field.min : undefined}
          max={field.kind === 'number' ? field.max : undefined}
          value={String(value)}
          aria-invalid={error ? true : undefined}
          onChange={(e) => set({ [field.key]: e.target.value })}
          data-testid={testId}
        />
      </Field>
    </div>
  );
}

function countText(n: number): string {
  return n === 0 ? 'no samples' : `${n.toLocaleString()} ${n === 1 ? 'sample' : 'samples'}`;
}

function statusText(status: FlagStatus | null, progress: { done: number; total: number } | null, samples: number | null): string {
  if (!status) return '…';
  if (progress) return `${(progress.total - progress.done).toLocaleString()} of ${progress.total.toLocaleString()} samples to go`;
  if (status.pending > 0) return `${status.pending.toLocaleString()} of ${status.total.toLocaleString()} samples waiting for flags`;
  return `Flags of all ${(samples ?? status.total).toLocaleString()} samples follow these thresholds`;
}
