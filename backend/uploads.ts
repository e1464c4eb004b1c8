import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { AppError } from '../core/errors.ts';

const ID = /^[a-f0-9]{32}$/;

/**
 * Files sent by a client to be imported. The server names them (a random id): no value a
 * client sends ever becomes part of a filesystem path.
 */
export class Uploads {
  constructor(private readonly dir: string) {}

  async save(body: Readable, maxBytes: number): Promise<{ uploadId: string; bytes: number }> {
    fs.mkdirSync(this.dir, { recursive: true });
    const uploadId = crypto.randomBytes(16).toString('hex');
    const file = path.join(this.dir, uploadId);
    let bytes = 0;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            bytes += chunk.length;
            if (bytes > maxBytes) throw new AppError('payload_too_large', `The upload is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB; import it with the CLI instead.`);
            yield chunk;
          }
        },
        fs.createWriteStream(file),
      );
    } catch (error) {
      fs.rmSync(file, { force: true });
      throw error;
    }
    return { uploadId, bytes };
  }

  /** Saves bytes that arrived in one piece (Electron IPC). */
  saveBytes(bytes: Uint8Array): { uploadId: string; bytes: number } {
    fs.mkdirSync(this.dir, { recursive: true });
    const uploadId = crypto.randomBytes(16).toString('hex');
    fs.writeFileSync(path.join(this.dir, uploadId), bytes);
    return { uploadId, bytes: bytes.length };
  }

  pathOf(uploadId: string): string {
    if (!ID.test(uploadId)) throw new AppError('invalid_input', 'Malformed upload id.');
    const file = path.join(this.dir, uploadId);
    if (!fs.existsSync(file)) throw new AppError('not_found', 'That upload does not exist (it may have been imported already); upload the file again.');
    return file;
  }

  remove(uploadId: string): void {
    if (ID.test(uploadId)) fs.rmSync(path.join(this.dir, uploadId), { force: true });
  }
}
