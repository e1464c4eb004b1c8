import cliProgress from 'cli-progress';
import path from 'node:path';
import type { Backend } from '../../backend/backend.ts';
import { AppError } from '../../core/errors.ts';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

export interface GlobalOptions {
  workspace?: string;
  json?: boolean;
}

/** The workspace folder from --workspace or COLDSTART_WORKSPACE; a usage error if neither. */
export function workspaceDir(options: GlobalOptions): string {
  const dir = options.workspace ?? process.env.COLDSTART_WORKSPACE;
  if (!dir) throw new UsageError('no workspace given: pass --workspace DIR or set COLDSTART_WORKSPACE');
  return path.resolve(dir);
}

/** Runs `fn` on the existing workspace (never creating one), closed afterwards; the backend loads on use, so `--help` answers at once. */
export async function withBackend<T>(g: GlobalOptions, fn: (backend: Backend) => Promise<T> | T): Promise<T> {
  const { Backend } = await import('../../backend/backend.ts');
  const backend = Backend.open(workspaceDir(g), { open: { create: false } });
  try {
    return await fn(backend);
  } finally {
    backend.close();
  }
}

/** A progress bar on an interactive terminal; silent with --json or when output is piped. */
export function progressBar(options: GlobalOptions, label: string, unit: string) {
  if (options.json || !process.stderr.isTTY) return { update: (_v: number, _t: number, _p?: Record<string, unknown>) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {detail}`, stream: process.stderr, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(value: number, total: number, payload: Record<string, unknown> = {}) {
      if (!started) {
        bar.start(total, value, { detail: '', ...payload });
        started = true;
      }
      bar.setTotal(total);
      bar.update(value, { detail: '', ...payload });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

export function describeError(error: unknown): string {
  if (error instanceof AppError || error instanceof UsageError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
