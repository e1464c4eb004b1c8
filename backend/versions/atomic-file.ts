/**
 * Writing a file so that its final name only ever holds a complete, fsynced file: the bytes
 * go to a hidden temporary file in the same folder (same filesystem, so the rename is
 * atomic), which is fsynced, closed and only then renamed. On any failure the temporary
 * file is removed and nothing appears under the final name.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface ChunkWriter {
  write(chunk: Buffer): Promise<void>;
  /** Flushes to stable storage (fsync). */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** How a temporary file is opened; tests swap in a writer that fails midway. */
export type OpenWriter = (tmpPath: string) => Promise<ChunkWriter>;

export const openFileWriter: OpenWriter = async (tmpPath) => {
  const handle = await fs.promises.open(tmpPath, 'wx', 0o644);
  return {
    async write(chunk) {
      let offset = 0;
      while (offset < chunk.length) offset += (await handle.write(chunk, offset, chunk.length - offset)).bytesWritten;
    },
    sync: () => handle.sync(),
    close: () => handle.close(),
  };
};

const FLUSH_AT = 1 << 20;

export class AtomicFile {
  readonly tmpPath: string;
  bytes = 0;
  private readonly hash = crypto.createHash('sha256');
  private pending: string[] = [];
  private pendingLength = 0;
  private writer: ChunkWriter | null = null;
  private closed = false;

  constructor(readonly finalPath: string) {
    const dir = path.dirname(finalPath);
    this.tmpPath = path.join(dir, `.${path.basename(finalPath)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  }

  async open(openWriter: OpenWriter = openFileWriter): Promise<void> {
    this.writer = await openWriter(this.tmpPath);
  }

  /** Buffers small strings into ~1 MiB writes: one syscall per record would cap throughput. */
  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= FLUSH_AT) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingLength = 0;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    await this.writer!.write(chunk);
  }

  /** Flushes, fsyncs and closes the temporary file; returns its sha256. */
  async finish(): Promise<string> {
    await this.flush();
    await this.writer!.sync();
    this.closed = true;
    await this.writer!.close();
    return this.hash.digest('hex');
  }

  async rename(): Promise<void> {
    await fs.promises.rename(this.tmpPath, this.finalPath);
  }

  /** Best effort: close and remove the temporary file, keeping the original error. */
  async discard(): Promise<void> {
    if (this.writer && !this.closed) {
      this.closed = true;
      await this.writer.close().catch(() => {});
    }
    await fs.promises.rm(this.tmpPath, { force: true }).catch(() => {});
  }
}

/** Makes the renames themselves durable: fsync the folder that holds the new names. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await fs.promises.open(dir, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the data files themselves are synced.
  } finally {
    await handle.close();
  }
}
