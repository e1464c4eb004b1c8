import { formatBytes } from './ModelPanel.tsx';
import type { Progress, RunDetail } from './useGeneration.ts';

const fmt = new Intl.NumberFormat('en');

interface EngineFacts {
  engine?: string;
  backend?: string;
  model?: string;
  device?: string;
  vramBytes?: number;
  gpuLayers?: number;
  contextSize?: number;
}

interface StoredSampling {
  temperature?: number;
  topP?: number;
  topK?: number;
  minP?: number;
  maxTokens?: number;
  seed?: number;
}

/**
 * The sampling a run applied, as stored with it (top-k included: an omitted one was resolved
 * per engine when the run started), so a reviewer can tell how its samples were drawn.
 */
export function formatSampling(s: StoredSampling | undefined): string | null {
  if (!s) return null;
  const off = (v: number | undefined, isOff: (v: number) => boolean) => (v === undefined ? '?' : isOff(v) ? 'off' : String(v));
  return [
    s.temperature === 0 ? 'greedy' : `T ${s.temperature ?? '?'}`,
    `top-p ${off(s.topP, (v) => v >= 1)}`,
    `top-k ${off(s.topK, (v) => v === 0)}`,
    `min-p ${off(s.minP, (v) => v === 0)}`,
    `max ${s.maxTokens === undefined ? '?' : fmt.format(s.maxTokens)} tokens`,
    `seed ${s.seed ?? '?'}`,
  ].join(' · ');
}

export function formatEta(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

/** Progress, engine facts and the streaming text of the group in flight. Model text is only ever text. */
export function RunPanel({ progress, detail }: { progress: Progress | null; detail: RunDetail | null }) {
  const status = progress?.status ?? detail?.status ?? 'queued';
  const done = progress?.done ?? detail?.completed ?? 0;
  const total = progress?.total ?? detail?.total ?? 0;
  const error = progress?.error ?? detail?.error ?? null;
  const engine = (detail?.engineInfo ?? null) as EngineFacts | null;
  const loading = status === 'running' && !engine;
  const sampling = formatSampling((detail?.config as { sampling?: StoredSampling } | undefined)?.sampling);

  return (
    <section className="gen-panel run-panel" data-testid="run-panel" data-status={status}>
      <div className="run-head">
        <h2>{detail ? detail.name : 'Run'}</h2>
        <span className={`pill run-status status-${status}`} data-testid="run-status">
          {loading ? 'loading model' : status}
        </span>
      </div>
      <div className="run-progress">
        <progress value={done} max={Math.max(total, 1)} data-testid="run-progress-bar" />
        <dl className="run-numbers">
          <div>
            <dt>samples</dt>
            <dd data-testid="run-done">
              {fmt.format(done)} / {fmt.format(total)}
            </dd>
          </div>
          <div>
            <dt>tokens/s</dt>
            <dd data-testid="run-tps">{progress ? progress.tokensPerSecond.toFixed(1) : '–'}</dd>
          </div>
          <div>
            <dt>ETA</dt>
            <dd data-testid="run-eta">{status === 'running' ? formatEta(progress?.etaSeconds ?? null) : '–'}</dd>
          </div>
          <div>
            <dt>pass rate</dt>
            <dd data-testid="run-pass-rate">{detail?.passRate == null ? '–' : `${(100 * detail.passRate).toFixed(0)}%`}</dd>
          </div>
        </dl>
      </div>
      {engine ? (
        <dl className="engine-facts" data-testid="engine-facts">
          <div>
            <dt>backend</dt>
            <dd data-testid="engine-backend">{engine.backend ?? '?'}</dd>
          </div>
          {engine.device ? (
            <div>
              <dt>device</dt>
              <dd>{engine.device}</dd>
            </div>
          ) : null}
          {engine.vramBytes ? (
            <div>
              <dt>VRAM</dt>
              <dd>{formatBytes(engine.vramBytes)}</dd>
            </div>
          ) : null}
          {engine.engine === 'llama' ? (
            <div>
              <dt>layers on GPU</dt>
              <dd>{engine.gpuLayers ?? 0}</dd>
            </div>
          ) : null}
          {engine.contextSize ? (
            <div>
              <dt>context</dt>
              <dd>{fmt.format(engine.contextSize)}</dd>
            </div>
          ) : null}
          {sampling ? (
            <div>
              <dt>sampling</dt>
              <dd data-testid="run-sampling">{sampling}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      {error ? (
        <div className="banner error" role="alert" data-testid="run-error">
          {error}
        </div>
      ) : null}
      {progress && progress.live.length > 0 && status === 'running' ? (
        <div className="live-samples" data-testid="live-samples">
          {progress.live.map((l) => (
            <figure key={`${l.promptId}:${l.index}`} className="live-sample" data-testid="live-sample">
              <figcaption>
                prompt {l.promptId} · sample {l.index + 1}
              </figcaption>
              <pre>{l.tail}</pre>
            </figure>
          ))}
        </div>
      ) : null}
    </section>
  );
}
