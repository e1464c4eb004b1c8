/** `coldstart annotator …`, `coldstart batch …` and `coldstart team stats`: team administration from the server's shell. */
import type { Command } from 'commander';
import type { ProcedureName, ProcedureOutput } from '../../core/contract.ts';
import { printJson, UsageError, workspaceDir, type GlobalOptions } from './common.ts';

type Dashboard = ProcedureOutput<'team.dashboard'>;
const CLI_ACTOR = { id: null, name: 'cli', role: 'lead' as const };

/** Opens the workspace, calls one procedure as the CLI (a lead), closes it. */
async function callOnce<P extends ProcedureName>(globals: GlobalOptions, name: P, input: unknown): Promise<ProcedureOutput<P>> {
  const { Backend } = await import('../../backend/backend.ts');
  const backend = Backend.open(workspaceDir(globals), { open: { create: false } });
  try {
    return (await backend.router.call(name, input, { actor: CLI_ACTOR })) as ProcedureOutput<P>;
  } finally {
    backend.close();
  }
}

const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)}%`);
const num = (x: number | null, digits = 2) => (x === null ? '–' : x.toFixed(digits));

/** The dashboard as plain text: what `coldstart team stats` prints (and `stats --team`, once wired). */
export function formatTeamStats(d: Dashboard): string {
  const lines: string[] = [];
  const o = d.overall;
  lines.push(`team      reviewed ${o.reviewed}  accepted ${o.accepted}  rejected ${o.rejected}  needs rewrite ${o.needsRewrite}  rewritten ${o.rewritten}`);
  lines.push(`          acceptance ${pct(o.acceptanceRate)}  median ${num(o.medianSeconds, 1)} s/item  queue ${o.queueRemaining}  Fleiss κ ${num(o.fleiss)}  overlap items ${o.overlapItems}  open disagreements ${o.disagreements}`);
  lines.push('');
  const header = ['annotator', 'role', 'reviewed', 'accepted', 'rejected', 'rewritten', 'accept%', 'median s', 'queue', 'κ', 'per day (last 7)'];
  const rows = d.members.map((m) => [
    m.annotator,
    m.role ?? '',
    String(m.reviewed),
    String(m.accepted),
    String(m.rejected),
    String(m.rewritten),
    pct(m.acceptanceRate),
    num(m.medianSeconds, 1),
    String(m.queueRemaining),
    num(m.agreement),
    m.perDay.slice(-7).map((p) => `${p.day.slice(5)}:${p.reviewed}`).join(' '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) lines.push(row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  if (d.agreement.pairs.length) {
    lines.push('', "Cohen's κ per pair (accept vs not)");
    for (const p of d.agreement.pairs) lines.push(`  ${p.a} × ${p.b}: κ ${num(p.kappa)} over ${p.items} items (observed ${pct(p.observed)})`);
  }
  const codes = [...new Set([...Object.keys(o.flagsBefore), ...Object.keys(o.flagsAfter)])].sort();
  if (codes.length) {
    lines.push('', 'flags on curated samples   before → after (kept samples, current text)');
    for (const code of codes) lines.push(`  ${code.padEnd(22)} ${String(o.flagsBefore[code] ?? 0).padStart(6)} → ${o.flagsAfter[code] ?? 0}`);
  }
  return lines.join('\n');
}

export function registerTeam(program: Command, globals: () => GlobalOptions): void {
  const annotator = program.command('annotator').description('team members and their bearer tokens');
  annotator
    .command('add <name>')
    .description('add an annotator and print their token (shown once; only its hash is stored)')
    .option('--role <role>', 'lead or annotator', 'annotator')
    .action(async (name: string, opts: { role: string }) => {
      if (opts.role !== 'lead' && opts.role !== 'annotator') throw new UsageError(`--role must be lead or annotator, got "${opts.role}"`);
      const g = globals();
      const { annotator: row, token } = await callOnce(g, 'annotators.add', { name, role: opts.role });
      if (g.json) printJson({ annotator: row, token });
      else {
        console.log(`Added ${row.name} (${row.role}). Their token, shown only now:`);
        console.log(`\n  ${token}\n`);
        console.log('Hand it over privately; it signs them in to the team server (Authorization: Bearer <token>).');
      }
    });
  annotator
    .command('list')
    .description('list annotators (tokens are never shown again)')
    .action(async () => {
      const g = globals();
      const { annotators } = await callOnce(g, 'annotators.list', {});
      if (g.json) return printJson({ annotators });
      if (annotators.length === 0) console.log('No annotators: the workspace is single-user (served on loopback only).');
      for (const a of annotators) console.log(`${a.name.padEnd(24)} ${a.role.padEnd(10)} added ${a.createdAt.slice(0, 10)}${a.revokedAt ? `  REVOKED ${a.revokedAt.slice(0, 10)}` : ''}`);
    });
  annotator
    .command('revoke <name>')
    .description("revoke an annotator's token at once (their work stays attributed)")
    .action(async (name: string) => {
      const g = globals();
      const { annotator: row } = await callOnce(g, 'annotators.revoke', { name });
      if (g.json) printJson({ annotator: row });
      else console.log(`Revoked ${row.name}: their token no longer works.`);
    });

  const batch = program.command('batch').description('assign samples to annotators in batches');
  batch
    .command('create <name>')
    .description('create a batch from the samples matching a filter and assign it')
    .requiredOption('--annotators <names>', 'comma-separated annotator names')
    .option('--overlap <share>', 'share of items that also go to a second annotator, 0–1', '0.1')
    .option('--filter <json>', 'a sample filter as JSON, e.g. {"flag":"mixed_language","status":"new"}', '{}')
    .option('--limit <n>', 'at most this many items', '10000')
    .action(async (name: string, opts: { annotators: string; overlap: string; filter: string; limit: string }) => {
      const g = globals();
      let filter: unknown;
      try {
        filter = JSON.parse(opts.filter);
      } catch {
        throw new UsageError(`--filter is not valid JSON: ${opts.filter}`);
      }
      const input = { name, filter, overlap: Number(opts.overlap), limit: Number(opts.limit), annotators: opts.annotators.split(',').map((s) => s.trim()).filter(Boolean) };
      const { batch: b } = await callOnce(g, 'batches.create', input);
      if (g.json) printJson({ batch: b });
      else console.log(`Batch ${b.name}: ${b.items} items (${b.slots - b.items} with a second slot) for ${b.members.join(', ')}.`);
    });
  batch
    .command('list')
    .description('batches with open / reserved / done slots')
    .action(async () => {
      const g = globals();
      const { batches } = await callOnce(g, 'batches.list', {});
      if (g.json) return printJson({ batches });
      for (const b of batches) console.log(`${b.name.padEnd(24)} items ${b.items}  slots ${b.slots}  open ${b.open}  reserved ${b.reserved}  done ${b.done}  members ${b.members.join(', ')}`);
    });

  const team = program.command('team').description('team progress');
  team
    .command('stats')
    .description('per-annotator and overall progress, agreement and flags (the Team screen in text)')
    .action(async () => {
      const g = globals();
      const dashboard = await callOnce(g, 'team.dashboard', {});
      if (g.json) printJson(dashboard);
      else console.log(formatTeamStats(dashboard));
    });
}
