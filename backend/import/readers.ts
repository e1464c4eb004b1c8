/**
 * Streaming record readers for JSONL, CSV and Parquet. Each yields one record at a time
 * with the line (or row) number it came from, so a 1 GB file never sits in memory and every
 * error can name its place. Errors are `ImportFileError`s with file, line and field.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { AppError } from '../../core/errors.ts';

export type FileFormat = 'jsonl' | 'csv' | 'parquet';

export interface SourceRecord {
  /** 1-based line (JSONL, CSV: the line the record starts on) or row number (Parquet). */
  line: number;
  value: unknown;
  /** Set when this one row cannot be read (malformed JSON, bad encoding); the file may go on. */
  error?: string;
}

export interface ReadProgress {
  bytes: number;
  totalBytes: number;
}

/** A single JSONL line longer than this is refused: no reasoning trace is that large. */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

export class ImportFileError extends AppError {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly field: string | null,
    readonly reason: string,
  ) {
    super('invalid_file', `${file}${line ? ` line ${line}` : ''}${field ? `, field "${field}"` : ''}: ${reason}`, { file, line, field, reason });
    this.name = 'ImportFileError';
  }
}

export function detectFormat(fileName: string, explicit?: FileFormat): FileFormat {
  if (explicit) return explicit;
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  throw new ImportFileError(path.basename(fileName), null, null, `cannot tell the format from the extension "${ext || '(none)'}": use .jsonl, .csv or .parquet, or pass --format`);
}

export async function* readRecords(filePath: string, format: FileFormat, displayName: string, onProgress?: (p: ReadProgress) => void): AsyncGenerator<SourceRecord> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(filePath);
  } catch (error) {
    throw new ImportFileError(displayName, null, null, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (stat.size === 0) throw new ImportFileError(displayName, null, null, 'the file is empty: there are no rows to import');
  if (format === 'jsonl') yield* readJsonl(filePath, displayName, stat.size, onProgress);
  else if (format === 'csv') yield* readCsv(filePath, displayName, stat.size, onProgress);
  else yield* readParquet(filePath, displayName, stat.size, onProgress);
}

async function* readJsonl(filePath: string, name: string, totalBytes: number, onProgress?: (p: ReadProgress) => void): AsyncGenerator<SourceRecord> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;
  let bytes = 0;
  let sawRecord = false;

  const decodeLine = (buf: Buffer, lineNo: number): SourceRecord | null => {
    let text: string;
    try {
      text = decoder.decode(buf);
    } catch {
      return { line: lineNo, value: null, error: 'the line is not valid UTF-8 (is the file in another encoding? save it as UTF-8)' };
    }
    if (lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return null;
    try {
      return { line: lineNo, value: JSON.parse(text) };
    } catch (error) {
      return { line: lineNo, value: null, error: `malformed JSON (${(error as Error).message})` };
    }
  };

  for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      line++;
      let buf = chunk.subarray(start, nl);
      if (pendingBytes) {
        pending.push(buf);
        buf = Buffer.concat(pending, pendingBytes + buf.length);
        pending = [];
        pendingBytes = 0;
      }
      if (buf.length > MAX_LINE_BYTES) throw tooLong(name, line);
      const record = decodeLine(buf, line);
      if (record) {
        sawRecord = true;
        yield record;
      }
      start = nl + 1;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > MAX_LINE_BYTES) throw tooLong(name, line + 1);
    }
    bytes += chunk.length;
    onProgress?.({ bytes, totalBytes });
  }
  if (pendingBytes) {
    line++;
    const record = decodeLine(Buffer.concat(pending, pendingBytes), line);
    if (record) {
      sawRecord = true;
      yield record;
    }
  }
  if (!sawRecord) throw new ImportFileError(name, null, null, 'the file has only blank lines: there are no rows to import');
}

const tooLong = (name: string, line: number) =>
  new ImportFileError(name, line, null, `the line is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB; no single trace is that large (is it one huge JSON array instead of JSON Lines?)`);

async function* readCsv(filePath: string, name: string, totalBytes: number, onProgress?: (p: ReadProgress) => void): AsyncGenerator<SourceRecord> {
  const delimiter = path.extname(filePath).toLowerCase() === '.tsv' || name.toLowerCase().endsWith('.tsv') ? '\t' : ',';
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const raw = fs.createReadStream(filePath, { highWaterMark: 1 << 20 });
  const parser = parseCsv({ columns: true, bom: true, delimiter, info: true, relax_column_count: false, skip_empty_lines: true, max_record_size: MAX_LINE_BYTES });
  let bytes = 0;
  let linesSeen = 1;
  let sawRecord = false;
  // Decode ourselves so that invalid UTF-8 is an error with a line number, not silent U+FFFD.
  const feed = (async () => {
    try {
      for await (const chunk of raw as AsyncIterable<Buffer>) {
        let text: string;
        try {
          text = decoder.decode(chunk, { stream: true });
        } catch {
          throw new ImportFileError(name, linesSeen, null, 'the text is not valid UTF-8 (save the CSV as UTF-8)');
        }
        for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) linesSeen++;
        bytes += chunk.length;
        onProgress?.({ bytes, totalBytes });
        if (!parser.write(text)) await new Promise((resolve) => parser.once('drain', resolve));
      }
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  try {
    for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      sawRecord = true;
      yield { line: item.info.lines, value: item.record };
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    const e = error as Error & { code?: string; lines?: number };
    const reason =
      e.code?.startsWith('CSV_RECORD_INCONSISTENT') || e.code === 'CSV_RECORD_DONT_MATCH_COLUMNS_LENGTH'
        ? `the row has a different number of fields than the header (${e.message.replace(/^Invalid Record Length: /, '').replace(/ on line \d+$/, '')})`
        : e.message;
    throw new ImportFileError(name, e.lines ?? null, null, reason);
  } finally {
    raw.destroy();
    await feed.catch(() => undefined);
  }
  if (!sawRecord) throw new ImportFileError(name, null, null, 'the CSV has a header but no rows');
}

async function* readParquet(filePath: string, name: string, totalBytes: number, onProgress?: (p: ReadProgress) => void): AsyncGenerator<SourceRecord> {
  const handle = await fs.promises.open(filePath, 'r');
  try {
    const magic = Buffer.alloc(4);
    const tail = Buffer.alloc(4);
    await handle.read(magic, 0, 4, 0);
    if (totalBytes >= 8) await handle.read(tail, 0, 4, totalBytes - 4);
    if (magic.toString('latin1') !== 'PAR1' || tail.toString('latin1') !== 'PAR1') {
      throw new ImportFileError(name, null, null, 'not a Parquet file (it lacks the PAR1 marks at its start and end)');
    }
  } finally {
    await handle.close();
  }
  const file = await asyncBufferFromFile(filePath);
  let metadata;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new ImportFileError(name, null, null, `the Parquet footer cannot be read (${(error as Error).message})`);
  }
  // One row group at a time keeps memory bounded by the largest row group, not the file.
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd, compressors, utf8: true });
    } catch (error) {
      throw new ImportFileError(name, rowStart + 1, null, `cannot decode the row group starting at row ${rowStart + 1} (${(error as Error).message})`);
    }
    for (let i = 0; i < rows.length; i++) yield { line: rowStart + i + 1, value: normaliseParquetValue(rows[i]) };
    rowStart = rowEnd;
    onProgress?.({ bytes: Math.round((totalBytes * rowStart) / Math.max(1, Number(metadata.num_rows))), totalBytes });
  }
}

/** Parquet gives BigInt for INT64 columns; JSON-shaped records are easier downstream. */
function normaliseParquetValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(normaliseParquetValue);
  if (value && typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normaliseParquetValue(v)]));
  }
  return value;
}
