/**
 * Imports a file of prompts or traces into a workspace.
 *
 * Atomic by default: the whole file goes in one transaction on a connection of its own, so
 * a bad row, a crash or a cancel leaves the workspace exactly as it was, and other requests
 * on the main connection never join the half-done transaction. With `skipInvalid`, valid rows
 * go in and every rejected row is listed, with its line and reason, in a report file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ImportResult } from '../../core/contract.ts';
import { AppError } from '../../core/errors.ts';
import { applyMap, asObject, RecordError, toPromptRecord, toTraceRecords, type PromptRecord, type TraceRecord } from '../../core/formats/records.ts';
import { splitTrace } from '../../core/trace.ts';
import { verifySample } from '../../core/verify/index.ts';
import { analyzeAfterBulkWrite } from '../../db/connection.ts';
import { Workspace } from '../../db/workspace.ts';
import { detectFormat, ImportFileError, readRecords, type FileFormat } from './readers.ts';

export interface ImportOptions {
  kind: 'prompts' | 'traces';
  filePath: string;
  /** Shown in errors and run names; defaults to the file's base name. */
  fileName?: string;
  format?: FileFormat;
  map?: Record<string, string>;
  skipInvalid?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: { rows: number; bytes: number; totalBytes: number }) => void;
}

interface Rejection {
  line: number;
  field: string | null;
  reason: string;
}

const REJECTIONS_IN_RESULT = 50;

export const sha256 = (text: string): string => crypto.createHash('sha256').update(text).digest('hex');

export async function importFile(workspace: Workspace, options: ImportOptions): Promise<ImportResult> {
  const fileName = options.fileName ?? path.basename(options.filePath);
  const format = detectFormat(fileName, options.format);
  // A connection of our own: the transaction below spans many awaits.
  const ws = Workspace.open(workspace.dir, { create: false });
  const rejections: Rejection[] = [];
  const counts = { rowsRead: 0, inserted: 0, duplicates: 0, promptsCreated: 0 };
  let runId: number | null = null;
  const nextIndex = new Map<number, number>();
  let lastReport = 0;

  const upsertPrompt = (record: PromptRecord): { id: number; created: boolean } => {
    const result = ws.prompts.upsert({ ...record, textHash: sha256(record.text) });
    if (result.created) counts.promptsCreated++;
    return result;
  };

  const insertTrace = (trace: TraceRecord): void => {
    let promptId: number;
    let promptRow: Pick<PromptRecord, 'text' | 'referenceAnswer' | 'task' | 'language'>;
    if (trace.prompt) {
      const { id, created } = upsertPrompt(trace.prompt);
      promptId = id;
      // A prompt just inserted is the record itself; an existing one may differ (its answer, task).
      promptRow = created ? trace.prompt : ws.prompts.get(id)!;
    } else {
      const found = ws.prompts.idByExternalId(trace.promptRef!);
      if (found === undefined) throw new RecordError('prompt_id', `prompt_id "${trace.promptRef}" matches no imported prompt; import the prompts first or include the prompt text`);
      promptId = found;
      promptRow = ws.prompts.get(found)!;
    }
    runId ??= ws.runs.create({ name: `import ${fileName}`, engine: 'import', status: 'running', groupSize: 1, source: fileName });
    const split = splitTrace(trace.completion);
    // Imported R1-distill output usually lacks the opening tag its template prefilled.
    const verdict = verifySample({ completion: trace.completion, referenceAnswer: promptRow.referenceAnswer, task: promptRow.task, prefilledThink: !split.hasOpenTag });
    const groupIndex = nextIndex.get(promptId) ?? ws.samples.nextGroupIndex(runId, promptId);
    const id = ws.samples.insert({
      runId,
      promptId,
      groupIndex,
      completion: trace.completion,
      finishReason: trace.finishReason,
      promptTokens: null,
      completionTokens: null,
      durationMs: null,
      verdict: verdict.verdict,
      extractedAnswer: verdict.extracted,
      language: promptRow.language,
      contentHash: crypto.createHash('sha256').update(promptRow.text).update('\u0000').update(trace.completion).digest('hex'),
    });
    if (id === null) counts.duplicates++;
    else {
      counts.inserted++;
      nextIndex.set(promptId, groupIndex + 1);
    }
  };

  ws.db.exec('BEGIN IMMEDIATE');
  try {
    for await (const record of readRecords(options.filePath, format, fileName, (p) => {
      const now = Date.now();
      if (now - lastReport > 100) {
        lastReport = now;
        options.onProgress?.({ rows: counts.rowsRead, ...p });
      }
    })) {
      if (options.signal?.aborted) throw new AppError('cancelled', `Import of ${fileName} cancelled; nothing was imported.`);
      counts.rowsRead++;
      try {
        if (record.error) throw new RecordError(null, record.error);
        const row = applyMap(asObject(record.value), options.map);
        if (options.kind === 'prompts') {
          if (upsertPrompt(toPromptRecord(row, { source: fileName })).created) counts.inserted++;
          else counts.duplicates++;
        } else {
          for (const trace of toTraceRecords(row, { source: fileName })) insertTrace(trace);
        }
      } catch (error) {
        if (!(error instanceof RecordError)) throw error;
        if (!options.skipInvalid) throw new ImportFileError(fileName, record.line, error.field, error.message);
        rejections.push({ line: record.line, field: error.field, reason: error.message });
      }
    }
    if (runId !== null) {
      ws.runs.finish(runId, 'done', counts.inserted, counts.inserted);
      if (counts.inserted === 0) ws.db.prepare('DELETE FROM runs WHERE id = ?').run(runId);
    }
    ws.db.exec('COMMIT');
    analyzeAfterBulkWrite(ws.db, counts.inserted, options.kind === 'prompts' ? ws.prompts.count() : ws.samples.count());
  } catch (error) {
    if (ws.db.inTransaction) ws.db.exec('ROLLBACK');
    throw error instanceof ImportFileError || error instanceof AppError ? error : new AppError('internal', `Import of ${fileName} failed; nothing was imported: ${(error as Error).message}`);
  } finally {
    ws.close();
  }
  // Statistics written by another connection reach this one only when it reloads them.
  if (counts.inserted > 0 && workspace.db.open) workspace.db.exec('ANALYZE sqlite_schema');
  const totalBytes = fs.statSync(options.filePath).size;
  options.onProgress?.({ rows: counts.rowsRead, bytes: totalBytes, totalBytes });
  return {
    kind: options.kind,
    fileName,
    format,
    ...counts,
    rejected: rejections.length,
    runId: counts.inserted > 0 ? runId : null,
    rejections: rejections.slice(0, REJECTIONS_IN_RESULT),
    reportPath: rejections.length ? writeReport(workspace, fileName, rejections) : null,
  };
}

function writeReport(workspace: Workspace, fileName: string, rejections: Rejection[]): string {
  fs.mkdirSync(workspace.reportsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const safe = fileName.replace(/[^\w.-]+/g, '_');
  const file = path.join(workspace.reportsDir, `import-${stamp}-${safe}.rejected.jsonl`);
  fs.writeFileSync(file, rejections.map((r) => JSON.stringify({ file: fileName, ...r })).join('\n') + '\n');
  return file;
}
