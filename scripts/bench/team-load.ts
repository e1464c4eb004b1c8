/**
 * Team-server load on loopback: N simulated annotators (default 20) read, save revisions and
 * review a small shared pool for a bounded time (default 60 s), so saves collide often.
 * Then it checks, against the database and the audit log:
 *  - zero lost updates: every acknowledged save and review is stored and audited, and the
 *    store holds nothing unacknowledged; each sample's revisions form one chain whose head is
 *    the sample's current revision;
 *  - every stale save was a 409 (its base was no longer current), and no accepted save
 *    skipped a revision;
 * and reports latency percentiles per procedure. Exit 1 if a check fails.
 *
 *   npx tsx scripts/bench/team-load.ts [--seconds 60] [--annotators 20] [--samples 30]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Backend } from '../../backend/backend.ts';
import { createAuthenticator } from '../../backend/auth.ts';
import { serve } from '../../backend/http.ts';
import { importFile } from '../../backend/import/importer.ts';
import { LOCAL_ACTOR } from '../../backend/router.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, annotators: { type: 'string', default: '20' }, samples: { type: 'string', default: '30' } } });
const seconds = Number(values.seconds);
const people = Number(values.annotators);
const poolSize = Number(values.samples);

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-team-load-'));
const backend = Backend.open(path.join(root, 'ws'));
const traces = path.join(root, 't.jsonl');
fs.writeFileSync(traces, Array.from({ length: poolSize }, (_, i) => JSON.stringify({ prompt: `Q${i}: what is ${i}·3?`, answer: String(3 * i), completion: `Three times ${i}.\n</think>\n\nThe answer is \\boxed{${3 * i}}.` })).join('\n'));
await importFile(backend.workspace, { kind: 'traces', filePath: traces });
const tokens: string[] = [];
for (let i = 0; i < people; i++) tokens.push(((await backend.router.call('annotators.add', { name: `ann${i}`, role: 'annotator' }, { actor: LOCAL_ACTOR })) as { token: string }).token);
const sampleIds = backend.workspace.samples.idsMatching({}, poolSize + 1);
await backend.router.call('batches.create', { name: 'load', overlap: 0.1, annotators: tokens.map((_, i) => `ann${i}`) }, { actor: LOCAL_ACTOR });
const server = await serve(backend, { port: 0, authenticate: createAuthenticator(backend.workspace, { allowLocal: false }), maxFailedAuthPerMinute: 1000 });

const latencies = new Map<string, number[]>();
const problems: string[] = [];
const acked = { saves: new Set<number>(), reviews: new Set<number>() };
let staleSaves = 0;
let staleReviews = 0;

async function call(token: string, name: string, input: unknown): Promise<{ status: number; body: any }> {
  const t0 = performance.now();
  const res = await fetch(`${server.url}/api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
  const body = await res.json();
  const list = latencies.get(name) ?? [];
  list.push(performance.now() - t0);
  latencies.set(name, list);
  return { status: res.status, body };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function annotator(index: number, deadline: number): Promise<void> {
  const token = tokens[index]!;
  let n = 0;
  while (Date.now() < deadline) {
    n++;
    // Mostly random picks from the shared pool (collisions), sometimes the annotator's own queue.
    let sampleId = sampleIds[Math.floor(Math.random() * sampleIds.length)]!;
    if (n % 4 === 0) {
      const next = await call(token, 'queue.next', { minutes: 1 });
      if (next.body.item) sampleId = next.body.item.sampleId;
    }
    const got = await call(token, 'samples.get', { id: sampleId });
    if (got.status !== 200) problems.push(`samples.get ${got.status}`);
    const base: number | null = got.body.current?.id ?? null;
    await pause(Math.random() * 20); // reading and typing
    const saved = await call(token, 'samples.saveRevision', { sampleId, baseRevisionId: base, completion: `Edit ${n} by ann${index}.\n</think>\n\nThe answer is \\boxed{${sampleId}}.` });
    let reviewed: number | null = base;
    if (saved.status === 200) {
      acked.saves.add(saved.body.revision.id);
      if (saved.body.revision.parentId !== base) problems.push(`save on ${sampleId} accepted with parent ${saved.body.revision.parentId} instead of base ${base}`);
      reviewed = saved.body.revision.id;
    } else if (saved.status === 409) {
      staleSaves++;
      if ((saved.body.details?.current?.id ?? null) === base) problems.push(`409 on ${sampleId} although base ${base} was current`);
    } else problems.push(`saveRevision ${saved.status} ${saved.body.message}`);
    const review = await call(token, 'samples.review', { sampleId, revisionId: reviewed, decision: Math.random() < 0.7 ? 'accepted' : 'rejected', seconds: 1 + Math.random() * 60 });
    if (review.status === 200) acked.reviews.add(review.body.review.id);
    else if (review.status === 409) staleReviews++;
    else problems.push(`review ${review.status} ${review.body.message}`);
  }
}

const started = Date.now();
await Promise.all(tokens.map((_, i) => annotator(i, started + seconds * 1000)));
const elapsed = (Date.now() - started) / 1000;
await server.close();

// Verification straight from the database.
const db = backend.workspace.db;
const revisions = db.prepare('SELECT id, sample_id, parent_id FROM revisions ORDER BY id').all() as Array<{ id: number; sample_id: number; parent_id: number | null }>;
const reviews = db.prepare('SELECT id FROM reviews').all() as Array<{ id: number }>;
const audits = db.prepare("SELECT action, target, details FROM audit_log WHERE action IN ('revision.save', 'review') ORDER BY id").all() as Array<{ action: string; target: string; details: string }>;
const auditedSaves = audits.filter((a) => a.action === 'revision.save').map((a) => JSON.parse(a.details) as { revisionId: number; parentId: number | null });
const auditedReviews = audits.filter((a) => a.action === 'review').map((a) => (JSON.parse(a.details) as { reviewId: number }).reviewId);
const same = (a: Iterable<number>, b: Iterable<number>) => {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  return x.length === y.length && x.every((v, i) => v === y[i]);
};
if (!same(acked.saves, revisions.map((r) => r.id))) problems.push(`acknowledged saves (${acked.saves.size}) ≠ stored revisions (${revisions.length})`);
if (!same(auditedSaves.map((s) => s.revisionId), revisions.map((r) => r.id))) problems.push(`audited saves (${auditedSaves.length}) ≠ stored revisions (${revisions.length})`);
if (!same(acked.reviews, reviews.map((r) => r.id))) problems.push(`acknowledged reviews (${acked.reviews.size}) ≠ stored reviews (${reviews.length})`);
if (!same(auditedReviews, reviews.map((r) => r.id))) problems.push(`audited reviews (${auditedReviews.length}) ≠ stored reviews (${reviews.length})`);
const current = new Map((db.prepare('SELECT id, current_revision_id FROM samples').all() as Array<{ id: number; current_revision_id: number | null }>).map((s) => [s.id, s.current_revision_id]));
for (const id of sampleIds) {
  // Replaying the audit log must give the same chain and head as the table.
  let head: number | null = null;
  for (const s of auditedSaves.filter((a) => revisions.find((r) => r.id === a.revisionId)?.sample_id === id)) {
    if (s.parentId !== head) problems.push(`sample ${id}: audit replay breaks at revision ${s.revisionId} (parent ${s.parentId}, head ${head})`);
    head = s.revisionId;
  }
  if (head !== current.get(id)) problems.push(`sample ${id}: audit head ${head} ≠ current revision ${current.get(id)}`);
}
backend.close();
fs.rmSync(root, { recursive: true, force: true });

const pct = (list: number[], p: number) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const total = [...latencies.values()].reduce((n, l) => n + l.length, 0);
console.log(`team-load: ${people} annotators, ${poolSize} samples, ${elapsed.toFixed(1)} s, ${total} requests (${(total / elapsed).toFixed(0)}/s)`);
console.log(`  saves ok ${acked.saves.size}, stale → 409 ${staleSaves}; reviews ok ${acked.reviews.size}, stale → 409 ${staleReviews}`);
for (const [name, list] of [...latencies].sort()) console.log(`  ${name.padEnd(22)} n ${String(list.length).padStart(6)}  p50 ${pct(list, 50).toFixed(1)} ms  p95 ${pct(list, 95).toFixed(1)} ms  p99 ${pct(list, 99).toFixed(1)} ms`);
const all = [...latencies.values()].flat();
console.log(`  all                    p95 ${pct(all, 95).toFixed(1)} ms`);
if (problems.length) {
  console.log(`FAILED: ${problems.length} problem(s)`);
  for (const p of problems.slice(0, 20)) console.log(`  ${p}`);
  process.exit(1);
}
console.log('OK: zero lost updates (store = acknowledgements = audit log replay); every stale save was a 409');
