/**
 * Downloads a model into the workspace's models folder through node-llama-cpp's downloader,
 * which understands `hf:user/repo:quant` URIs as well as URLs. A cancelled or broken download
 * keeps its partial file, so asking for the same URI again continues where it stopped (HTTP
 * Range) instead of starting over: models are gigabytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../core/errors.ts';

export interface DownloadProgress {
  downloadedBytes: number;
  totalBytes: number;
}

export interface DownloadOptions {
  uri: string;
  dir: string;
  signal?: AbortSignal;
  onProgress?: (downloaded: number, total: number) => void;
  /** Called once the target file name is known (before the bytes arrive). */
  onFileName?: (file: string) => void;
}

export function checkModelUri(uri: string): void {
  if (/^hf:[^/\s]+\/[^\s]+$/.test(uri)) return;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new AppError('invalid_input', `"${uri}" is neither a URL nor an hf:user/repo:quant URI.`, { field: 'uri' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AppError('invalid_input', `Only http(s) URLs and hf: URIs can be downloaded, not ${url.protocol}`, { field: 'uri' });
}

export async function downloadModel(opts: DownloadOptions): Promise<string> {
  checkModelUri(opts.uri);
  fs.mkdirSync(opts.dir, { recursive: true });
  const { createModelDownloader } = await import('node-llama-cpp');
  let downloader;
  try {
    downloader = await createModelDownloader({
      modelUri: opts.uri,
      dirPath: opts.dir,
      showCliProgress: false,
      skipExisting: true,
      // Keep the partial file on cancel: the next download of the same URI resumes it.
      deleteTempFileOnCancel: false,
      ...(opts.onProgress ? { onProgress: ({ downloadedSize, totalSize }: { downloadedSize: number; totalSize: number }) => opts.onProgress!(downloadedSize, totalSize) } : {}),
    });
  } catch (error) {
    throw new AppError('unavailable', `Cannot download ${opts.uri}: ${(error as Error).message}`);
  }
  opts.onFileName?.(path.basename(downloader.entrypointFilename));
  if (opts.signal?.aborted) throw new AppError('cancelled', `Download of ${opts.uri} cancelled.`);
  // Deferred: an abort raised from inside a progress callback would otherwise re-enter the
  // downloader while it reports, and the download never settles.
  const abort = () => setImmediate(() => void downloader.cancel({ deleteTempFile: false }));
  opts.signal?.addEventListener('abort', abort);
  try {
    const file = await downloader.download();
    if (opts.signal?.aborted) throw new Error('cancelled');
    return file;
  } catch (error) {
    if (opts.signal?.aborted) throw new AppError('cancelled', `Download of ${opts.uri} cancelled; start it again to resume.`);
    throw new AppError('unavailable', `Download of ${opts.uri} failed: ${(error as Error).message}. Start it again to resume.`);
  } finally {
    opts.signal?.removeEventListener('abort', abort);
  }
}

export interface DownloadEvent {
  downloadId: string;
  uri: string;
  status: 'downloading' | 'done' | 'failed' | 'cancelled';
  downloadedBytes: number;
  totalBytes: number;
  file: string | null;
  error: string | null;
}

const PROGRESS_INTERVAL_MS = 150;

/** Background downloads of one workspace, reported as events; one download per URI at a time. */
export class ModelDownloads {
  private readonly active = new Map<string, { uri: string; controller: AbortController; done: Promise<void> }>();
  private nextId = 1;

  constructor(
    private readonly dir: string,
    private readonly emit: (event: DownloadEvent) => void,
  ) {}

  start(uri: string): string {
    checkModelUri(uri);
    for (const [id, job] of this.active) if (job.uri === uri) return id;
    const downloadId = `d${this.nextId++}`;
    const controller = new AbortController();
    const state: DownloadEvent = { downloadId, uri, status: 'downloading', downloadedBytes: 0, totalBytes: 0, file: null, error: null };
    let last = 0;
    const report = (force: boolean) => {
      const now = Date.now();
      if (!force && now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      this.emit({ ...state });
    };
    const done = downloadModel({
      uri,
      dir: this.dir,
      signal: controller.signal,
      onFileName: (file) => {
        state.file = file;
        report(true);
      },
      onProgress: (downloaded, total) => {
        state.downloadedBytes = downloaded;
        state.totalBytes = total;
        report(false);
      },
    }).then(
      (file) => {
        state.status = 'done';
        state.file = path.basename(file);
        state.downloadedBytes = state.totalBytes = fs.statSync(file).size;
      },
      (error: unknown) => {
        state.status = controller.signal.aborted ? 'cancelled' : 'failed';
        state.error = (error as Error).message;
      },
    ).finally(() => {
      this.active.delete(downloadId);
      report(true);
    });
    this.active.set(downloadId, { uri, controller, done });
    report(true);
    return downloadId;
  }

  cancel(downloadId: string): boolean {
    const job = this.active.get(downloadId);
    if (!job) return false;
    job.controller.abort();
    return true;
  }

  async wait(downloadId: string): Promise<void> {
    await this.active.get(downloadId)?.done;
  }

  async stopAll(): Promise<void> {
    for (const job of this.active.values()) job.controller.abort();
    await Promise.all([...this.active.values()].map((j) => j.done));
  }
}
