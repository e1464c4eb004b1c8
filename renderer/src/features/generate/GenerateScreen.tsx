import { useCallback, useEffect, useState } from 'react';
import { useScreenReady } from '../../ready.tsx';
import { api } from '../../api/index.ts';
import { ModelPanel } from './ModelPanel.tsx';
import { RunPanel } from './RunPanel.tsx';
import { RunsList } from './RunsList.tsx';
import { SettingsPanel } from './SettingsPanel.tsx';
import { buildStartInput, DEFAULT_FORM, type FormErrors, type GenerateForm } from './settings.ts';
import { useModels, useRunWatch, useRuns } from './useGeneration.ts';
import './generate.css';

const FORM_KEY = 'coldstart.generate.form';

/** The last settings used, so a second run starts from the first one's choices. */
function loadForm(): GenerateForm {
  try {
    const saved = JSON.parse(window.localStorage.getItem(FORM_KEY) ?? 'null') as Partial<GenerateForm> | null;
    return { ...DEFAULT_FORM, ...(saved ?? {}) };
  } catch {
    return DEFAULT_FORM;
  }
}

export function GenerateScreen() {
  const [form, setForm] = useState<GenerateForm>(loadForm);
  const [errors, setErrors] = useState<FormErrors>({});
  const [startError, setStartError] = useState<string | null>(null);
  const [runId, setRunId] = useState<number | null>(null);
  const [pending, setPending] = useState(false);
  const models = useModels();
  const runs = useRuns();
  const watch = useRunWatch(runId);
  const ready = useScreenReady();

  const status = watch.progress?.status ?? watch.detail?.status ?? null;
  const running = status === 'running' || status === 'queued';

  useEffect(() => {
    if (models.list && runs.runs) ready();
  }, [models.list, runs.runs, ready]);

  // Open on the run in progress (started here or by another client), else the newest.
  useEffect(() => {
    if (runId !== null || !runs.runs || runs.runs.length === 0) return;
    setRunId((runs.runs.find((r) => r.status === 'running') ?? runs.runs[0]!).id);
  }, [runs.runs, runId]);

  // A model picked earlier may have gone from the folder; the only model is the obvious pick.
  useEffect(() => {
    const list = models.list?.models.filter((m) => !m.error);
    if (!list) return;
    if (form.model && list.some((m) => m.file === form.model)) return;
    const only = list.length === 1 ? list[0]!.file : '';
    if (only !== form.model) setForm((f) => ({ ...f, model: only }));
  }, [models.list, form.model]);

  const set = useCallback((patch: Partial<GenerateForm>) => {
    setForm((f) => {
      const next = { ...f, ...patch };
      try {
        window.localStorage.setItem(FORM_KEY, JSON.stringify(next));
      } catch {
        // Storage disabled: settings just are not remembered.
      }
      return next;
    });
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) delete next[k as keyof GenerateForm];
      return next;
    });
  }, []);

  async function act(call: () => Promise<number>) {
    setStartError(null);
    setPending(true);
    try {
      setRunId(await call());
      runs.reload();
    } catch (error) {
      setStartError((error as Error).message);
    } finally {
      setPending(false);
    }
  }

  function start() {
    const built = buildStartInput(form);
    if (!built.input) {
      setErrors(built.errors);
      return;
    }
    const input = built.input;
    void act(async () => (await api.call('runs.start', input)).runId);
  }

  return (
    <section className="generate-screen" data-testid="screen-generate">
      <div className="toolbar">
        <h1>Generate</h1>
        <div className="toolbar-end">
          {running && runId !== null ? (
            <button type="button" className="button" onClick={() => void api.call('runs.cancel', { runId })} data-testid="run-cancel">
              Cancel run
            </button>
          ) : null}
          <button type="button" className="button primary" onClick={start} disabled={pending || running} data-testid="run-start">
            {pending ? 'Starting…' : 'Start run'}
          </button>
        </div>
      </div>
      {startError ? (
        <div className="banner error" role="alert" data-testid="start-error">
          {startError}
        </div>
      ) : null}
      {models.error ? (
        <div className="banner error" role="alert">
          {models.error.message}
        </div>
      ) : null}
      <div className="generate-grid">
        <div className="generate-column">
          <ModelPanel form={form} errors={errors} set={set} models={models.list} download={models.download} reload={models.reload} disabled={running} />
          <SettingsPanel form={form} errors={errors} set={set} disabled={running} />
        </div>
        <div className="generate-column">
          {runId !== null ? <RunPanel progress={watch.progress} detail={watch.detail} /> : null}
          <RunsList runs={runs.runs} watching={runId} onWatch={setRunId} busy={pending || running} onResume={(id) => void act(async () => (await api.call('runs.resume', { runId: id })).runId)} />
        </div>
      </div>
    </section>
  );
}
