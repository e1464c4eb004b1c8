/**
 * Downloads a model into the workspace's models folder through node-llama-cpp's downloader,
 * which resumes partial downloads and understands `hf:user/repo:quant` URIs as well as URLs.
 */
import fs from 'node:fs';
import { AppError } from '../../core/errors.ts';

export async function downloadModel(opts: { uri: string; dir: string; signal?: AbortSignal; onProgress?: (downloaded: number, total: number) => void }): Promise<string> {
  fs.mkdirSync(opts.dir, { recursive: true });
  const { createModelDownloader } = await import('node-llama-cpp');
  let downloader;
  try {
    downloader = await createModelDownloader({
      modelUri: opts.uri,
      dirPath: opts.dir,
      showCliProgress: false,
      skipExisting: true,
      ...(opts.onProgress ? { onProgress: ({ downloadedSize, totalSize }: { downloadedSize: number; totalSize: number }) => opts.onProgress!(downloadedSize, totalSize) } : {}),
    });
  } catch (error) {
    throw new AppError('unavailable', `Cannot download ${opts.uri}: ${(error as Error).message}`);
  }
  const abort = () => void downloader.cancel();
  opts.signal?.addEventListener('abort', abort);
  try {
    return await downloader.download();
  } catch (error) {
    throw new AppError(opts.signal?.aborted ? 'cancelled' : 'unavailable', `Download of ${opts.uri} failed: ${(error as Error).message}. Run the same command again to resume.`);
  } finally {
    opts.signal?.removeEventListener('abort', abort);
  }
}
