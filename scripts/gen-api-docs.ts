/**
 * Writes docs/api.md from core/contract.ts, so the API reference cannot drift from the code
 * (a unit test compares the file with a fresh rendering). Run: `npm run docs:api`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { contract, events } from '../core/contract.ts';

const EXAMPLES: Partial<Record<keyof typeof contract, unknown>> = {
  'prompts.list': { limit: 20 },
  'samples.list': { filter: { flag: 'mixed_language', status: 'new' }, sort: { field: 'updated', dir: 'desc' }, limit: 50, withTotal: true },
  'samples.get': { id: 1 },
  'samples.history': { id: 1 },
  'samples.saveRevision': { sampleId: 1, baseRevisionId: null, completion: '<think>\n…\n</think>\n\nSummary.', note: 'removed the Chinese detour' },
  'imports.run': { kind: 'traces', uploadId: '<uploadId from /api/upload>', fileName: 'traces.jsonl', skipInvalid: false },
};

function schemaText(schema: z.ZodType, io: 'input' | 'output'): string {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  // Safe-integer bounds on every int say nothing to a reader.
  return JSON.stringify(json, null, 1)
    .replace(/\n\s*/g, ' ')
    .replace(/, "minimum": -9007199254740991, "maximum": 9007199254740991/g, '');
}

export function renderApiDocs(): string {
  const lines: string[] = [
    '# Coldstart HTTP API',
    '',
    '<!-- Generated from core/contract.ts by `npm run docs:api`; do not edit by hand. -->',
    '',
    'Every procedure is `POST /api/<procedure>` with its input as a JSON body and its output as JSON.',
    'The Electron app calls the same procedures over IPC. Errors come back as an HTTP status and',
    '`{"code", "message", "details"}`; codes: `invalid_input` (400), `unauthorized` (401), `forbidden` (403),',
    '`not_found` (404), `conflict` (409, a stale `baseRevisionId`; `details` carries both versions), `invalid_file` (422,',
    '`details` has `file`, `line`, `field`, `reason`), `workspace_busy` (503), `internal` (500).',
    '',
    'The server binds 127.0.0.1 unless `--host` says otherwise. Start one with',
    '`npx coldstart --workspace DIR serve --port 7420`. A team server needs `Authorization: Bearer <token>` on every call',
    'except `GET /api/health`.',
    '',
    '## Transport endpoints',
    '',
    '- `GET /api/health` → `{"ok": true, "version": "…", "schemaVersion": N}` (no token needed).',
    '- `GET /api/events` → server-sent events; each has `event: <name>` and `data: <json>` (see Events below).',
    '- `POST /api/upload` with the raw file as the body → `{"uploadId", "bytes"}`; pass the id to `imports.run`.',
    '',
    '```sh',
    'curl -s http://127.0.0.1:7420/api/health',
    'curl -sN http://127.0.0.1:7420/api/events',
    'curl -s --data-binary @traces.jsonl http://127.0.0.1:7420/api/upload',
    '```',
    '',
    '## Procedures',
    '',
  ];
  for (const [name, def] of Object.entries(contract)) {
    const example = EXAMPLES[name as keyof typeof contract] ?? {};
    lines.push(`### \`${name}\``, '', def.summary, '', `Access: ${def.access === 'public' ? 'anyone' : def.access === 'lead' ? 'leads only' : 'any annotator'}.`, '');
    lines.push('```sh', `curl -s -X POST http://127.0.0.1:7420/api/${name} -H 'Content-Type: application/json' -d '${JSON.stringify(example)}'`, '```', '');
    lines.push(`Input schema: \`${schemaText(def.input, 'input')}\``, '');
    lines.push(`Output schema: \`${schemaText(def.output, 'output')}\``, '');
  }
  lines.push('## Events', '');
  for (const [name, schema] of Object.entries(events)) lines.push(`- \`${name}\`: \`${schemaText(schema, 'output')}\``);
  lines.push('');
  return lines.join('\n');
}

export const API_DOCS_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/api.md');

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.mkdirSync(path.dirname(API_DOCS_PATH), { recursive: true });
  fs.writeFileSync(API_DOCS_PATH, renderApiDocs());
  console.log(`wrote ${API_DOCS_PATH}`);
}
