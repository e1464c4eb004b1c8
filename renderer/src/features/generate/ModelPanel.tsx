import { useState, type FormEvent } from 'react';
import { Field } from '../../components/Field.tsx';
import { RECOMMENDED_MODEL_URI, RECOMMENDED_MODEL_LABEL } from './recommended.ts';
import { api } from '../../api/index.ts';
import type { FormErrors, GenerateForm } from './settings.ts';
import type { DownloadState, ModelList } from './useGeneration.ts';

const fmt = new Intl.NumberFormat('en');

export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  return `${fmt.format(Math.round(n / 1e3))} kB`;
}

export function formatParams(n: number | null): string {
  if (n === null) return '–';
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  return `${fmt.format(n)}`;
}

interface Props {
  form: GenerateForm;
  errors: FormErrors;
  set(patch: Partial<GenerateForm>): void;
  models: ModelList | null;
  download: DownloadState | null;
  reload(): void;
  disabled: boolean;
}

export function ModelPanel({ form, errors, set, models, download, reload, disabled }: Props) {
  return (
    <section className="gen-panel" data-testid="gen-model">
      <h2>Model</h2>
      <div className="segmented" role="radiogroup" aria-label="Engine">
        <label>
          <input type="radio" name="source" checked={form.source === 'local'} disabled={disabled} onChange={() => set({ source: 'local' })} data-testid="source-local" />
          Local GGUF
        </label>
        <label>
          <input type="radio" name="source" checked={form.source === 'openai'} disabled={disabled} onChange={() => set({ source: 'openai' })} data-testid="source-openai" />
          OpenAI-compatible endpoint
        </label>
      </div>
      {form.source === 'local' ? (
        <>
          <ModelList form={form} set={set} models={models} disabled={disabled} />
          {errors.model ? <p className="field-error">{errors.model}</p> : null}
          <Field label="CPU threads" error={errors.threads} hint="Blank: every usable core. On a busy machine fewer threads decode faster.">
            <input type="number" min={1} step={1} value={form.threads} placeholder="auto" disabled={disabled} onChange={(e) => set({ threads: e.target.value })} data-testid="set-threads" />
          </Field>
          <DownloadBox download={download} />
          <AddByPath onAdded={(file) => { reload(); set({ model: file }); }} />
        </>
      ) : (
        <div className="field-grid">
          <Field label="Endpoint URL" error={errors.baseUrl}>
            <input value={form.baseUrl} disabled={disabled} onChange={(e) => set({ baseUrl: e.target.value })} data-testid="openai-url" />
          </Field>
          <Field label="Model name" error={errors.remoteModel}>
            <input value={form.remoteModel} disabled={disabled} placeholder="deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B" onChange={(e) => set({ remoteModel: e.target.value })} data-testid="openai-model" />
          </Field>
          <Field label="API key environment variable" error={errors.apiKeyEnv} hint="The variable's name on the machine running Coldstart, e.g. OPENAI_API_KEY. Never paste the key itself.">
            <input value={form.apiKeyEnv} disabled={disabled} placeholder="OPENAI_API_KEY" onChange={(e) => set({ apiKeyEnv: e.target.value })} data-testid="openai-key-env" />
          </Field>
        </div>
      )}
    </section>
  );
}

function ModelList({ form, set, models, disabled }: Pick<Props, 'form' | 'set' | 'models' | 'disabled'>) {
  if (!models) return <p className="muted">Reading the models folder…</p>;
  if (models.models.length === 0) {
    return (
      <div className="gen-empty" data-testid="models-empty">
        No GGUF files in <code>{models.folder}</code> yet. Download one below (we suggest {RECOMMENDED_MODEL_LABEL}) or copy a .gguf file into that folder.
      </div>
    );
  }
  return (
    <div className="model-list" role="radiogroup" aria-label="Models" data-testid="model-list">
      {models.models.map((m) => (
        <label key={m.file} className={`model-card${form.model === m.file ? ' selected' : ''}${m.error ? ' broken' : ''}`} data-testid="model-option" data-file={m.file}>
          <input type="radio" name="model" value={m.file} checked={form.model === m.file} disabled={disabled || m.error !== null} onChange={() => set({ model: m.file })} />
          <span className="model-body">
            <span className="model-file">{m.file}</span>
            {m.error ? (
              <span className="field-error">{m.error}</span>
            ) : (
              <span className="model-facts" data-testid="model-facts">
                <span>{m.architecture ?? '?'}</span>
                <span>{formatParams(m.parameters)} params</span>
                <span>{m.quantisation ?? '?'}</span>
                <span>ctx {m.contextLength === null ? '?' : fmt.format(m.contextLength)}</span>
                <span>{formatBytes(m.bytes)}</span>
                <span className={m.chatTemplate === 'r1' ? 'pill verdict-correct' : 'pill'} title="Whether the model's chat template writes <think> the DeepSeek-R1 way">
                  {m.chatTemplate === 'r1' ? 'R1 chat template' : m.chatTemplate === 'other' ? 'other chat template' : 'no chat template'}
                </span>
              </span>
            )}
          </span>
        </label>
      ))}
    </div>
  );
}

function DownloadBox({ download }: { download: DownloadState | null }) {
  const [uri, setUri] = useState('');
  const [error, setError] = useState<string | null>(null);
  const mine = download && (download.uri === uri.trim() || uri.trim() === '') ? download : null;
  const running = mine?.status === 'downloading';

  async function start(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await api.call('models.download', { uri: uri.trim() || RECOMMENDED_MODEL_URI });
      if (!uri.trim()) setUri(RECOMMENDED_MODEL_URI);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <form className="download-box" onSubmit={start} data-testid="download-box">
      <label className="field">
        <span>Download a model (URL or hf:user/repo:quant)</span>
        <input value={uri} placeholder={RECOMMENDED_MODEL_URI} onChange={(e) => setUri(e.target.value)} disabled={running} data-testid="download-uri" />
      </label>
      <div className="download-actions">
        <button type="submit" className="button" disabled={running} data-testid="download-start">
          {mine && (mine.status === 'cancelled' || mine.status === 'failed') ? 'Resume download' : 'Download'}
        </button>
        {running ? (
          <button type="button" className="button" onClick={() => void api.call('models.cancelDownload', { downloadId: mine.downloadId })} data-testid="download-cancel">
            Pause
          </button>
        ) : null}
        <span className="muted">First model? Leave it empty for {RECOMMENDED_MODEL_LABEL}.</span>
      </div>
      {mine ? (
        <div className="download-progress" data-testid="download-progress" data-status={mine.status}>
          <progress value={mine.downloadedBytes} max={Math.max(mine.totalBytes, 1)} />
          <span>
            {mine.file ?? mine.uri}: {mine.status === 'done' ? 'downloaded' : mine.status} {formatBytes(mine.downloadedBytes)}
            {mine.totalBytes ? ` of ${formatBytes(mine.totalBytes)}` : ''}
          </span>
          {mine.error ? <span className="field-error">{mine.error}</span> : null}
        </div>
      ) : null}
      {error ? <p className="field-error">{error}</p> : null}
    </form>
  );
}

function AddByPath({ onAdded }: { onAdded(file: string): void }) {
  const [open, setOpen] = useState(false);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)} data-testid="add-path-open">
        Add a .gguf from this computer by path…
      </button>
    );
  }
  async function add(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const model = await api.call('models.add', { path: path.trim() });
      setOpen(false);
      setPath('');
      onAdded(model.file);
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <form className="download-box" onSubmit={add}>
      <label className="field">
        <span>Absolute path of a .gguf file (copied into the models folder; desktop app and local server only)</span>
        <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/me/models/model.gguf" data-testid="add-path" />
      </label>
      <div className="download-actions">
        <button type="submit" className="button" disabled={!path.trim()}>
          Add
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      {error ? <p className="field-error">{error}</p> : null}
    </form>
  );
}

