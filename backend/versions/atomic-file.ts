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

const BUFFER_BYTES = 4 << 20;

export class AtomicFile {
  readonly tmpPath: string;
  bytes = 0;
  private readonly hash = crypto.createHash('sha256');
  /**
   * Two buffers: records are encoded straight into one while the other is being written, so
   * the kernel copy overlaps with rendering. One syscall per record would cap throughput.
   */
  private buffers = [Buffer.allocUnsafe(BUFFER_BYTES), Buffer.allocUnsafe(BUFFER_BYTES)];
  private used = 0;
  /** The write in flight; resolves to its error rather than rejecting, so an early failure is never unhandled. */
  private inFlight: Promise<unknown> | null = null;
  private writer: ChunkWriter | null = null;
  private closed = false;

  constructor(readonly finalPath: string) {
    const dir = path.dirname(finalPath);
    this.tmpPath = path.join(dir, `.${path.basename(finalPath)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  }

  async open(openWriter: OpenWriter = openFileWriter): Promise<void> {
    this.writer = await openWriter(this.tmpPath);
  }

  async write(text: string): Promise<void> {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (this.used + text.length * 3 > BUFFER_BYTES) {
      await this.flush();
      if (text.length * 3 > BUFFER_BYTES) return this.submit(Buffer.from(text, 'utf8'));
    }
    this.used += this.buffers[0]!.write(text, this.used, 'utf8');
  }

  private async flush(): Promise<void> {
    if (this.used === 0) return;
    const full = this.buffers[0]!.subarray(0, this.used);
    this.buffers.reverse();
    this.used = 0;
    await this.submit(full);
  }

  private async submit(chunk: Buffer): Promise<void> {
    await this.settle();
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.inFlight = this.writer!.write(chunk).then(
      () => null,
      (error: unknown) => error,
    );
  }

  private async settle(): Promise<void> {
    const error = await this.inFlight;
    this.inFlight = null;
    if (error) throw error;
  }

  /** Flushes, fsyncs and closes the temporary file; returns its sha256. */
  async finish(): Promise<string> {
    await this.flush();
    await this.settle();
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
    await this.inFlight;
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
