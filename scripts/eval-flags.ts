/**
 * Precision / recall / F1 per flag code on the labelled fixtures, and the false-flag rate on
 * clean traces. `--write` regenerates the fixture files from the corpus; `--compare-langid`
 * compares the language-ID candidates (eld sizes, tinyld) on the corpus sentences; `--verbose`
 * lists every miss and false flag; `--set FILE.jsonl` (repeatable) scores a labelled set of the
 * same line shape instead of the fixtures, e.g. the held-out sets in `eval/heldout/`.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { flagSample, FLAG_CODES, type FlagCode } from '../core/flags/index.ts';
import { buildFixtures, type Fixture } from '../core/flags/fixtures/build.ts';
import { corpus, splitSentences, type Lang } from '../core/flags/fixtures/corpus.ts';
import { maskNonProse } from '../core/flags/text.ts';
import { useNodeUnitCopies } from '../backend/node-units.ts';

useNodeUnitCopies();

const DIR = join(import.meta.dirname, '..', 'core', 'flags', 'fixtures');
const argv = process.argv.slice(2);
const args = new Set(argv);
const setFiles = argv.flatMap((a, i) => (a === '--set' && argv[i + 1] ? [argv[i + 1]!] : []));

function writeFixtures(): void {
  const byFile = new Map<string, Fixture[]>();
  for (const f of buildFixtures()) {
    const file = f.id.startsWith('x-') ? 'extra' : f.id.slice(0, 2);
    byFile.set(file, [...(byFile.get(file) ?? []), f]);
  }
  for (const [file, list] of byFile) writeFileSync(join(DIR, `${file}.jsonl`), list.map((f) => JSON.stringify(f)).join('\n') + '\n');
  console.log(`wrote ${[...byFile.values()].reduce((a, l) => a + l.length, 0)} fixtures in ${byFile.size} files`);
}

export function loadFixtures(): Fixture[] {
  return readdirSync(DIR).filter((f) => f.endsWith('.jsonl')).sort()
    .flatMap((f) => readFileSync(join(DIR, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Fixture));
}

/**
 * A labelled set written outside the fixture builder. Checked line by line so that a typo in a
 * hand-written set names its file, line and field instead of skewing the table.
 */
export function loadLabelledSet(file: string): Fixture[] {
  const known = new Set<string>(FLAG_CODES);
  const seen = new Set<string>();
  return readFileSync(file, 'utf8').split('\n').flatMap((line, i) => {
    if (!line.trim()) return [];
    const where = `${file}:${i + 1}`;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch (e) {
      throw new Error(`${where}: not JSON (${(e as Error).message})`);
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new Error(`${where}: not a JSON object`);
    if (typeof row.id !== 'string' || !row.id) throw new Error(`${where}: field "id" must be a non-empty string`);
    if (seen.has(row.id)) throw new Error(`${where}: id "${row.id}" appears twice`);
    seen.add(row.id);
    if (typeof row.completion !== 'string') throw new Error(`${where}: field "completion" must be a string`);
    if (typeof row.prompt !== 'string') throw new Error(`${where}: field "prompt" must be a string`);
    if (!Array.isArray(row.expected)) throw new Error(`${where}: field "expected" must be an array of flag codes`);
    for (const c of row.expected) if (!known.has(c as string)) throw new Error(`${where}: field "expected" has unknown code ${JSON.stringify(c)}`);
    if (row.spans !== undefined) {
      if (!Array.isArray(row.spans)) throw new Error(`${where}: field "spans" must be an array of {code, start, end}`);
      row.spans.forEach((x: unknown, k: number) => {
        const span = x as { code?: unknown; start?: unknown; end?: unknown };
        const ok = typeof span === 'object' && span !== null && known.has(span.code as string) && Number.isInteger(span.start) && Number.isInteger(span.end) && (span.start as number) >= 0 && (span.start as number) < (span.end as number) && (span.end as number) <= (row.completion as string).length;
        if (!ok) throw new Error(`${where}: spans[${k}] must be {code, start, end} with a known code and 0 ≤ start < end ≤ the completion's length`);
      });
    }
    return [{ ...row, note: typeof row.note === 'string' ? row.note : '' } as Fixture];
  });
}

export interface CodeStats {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface SetScore {
  traces: number;
  clean: number;
  cleanFlagged: number;
  byCode: Map<FlagCode, CodeStats>;
  byLanguage: Map<string, { traces: number; clean: number; cleanFlagged: number; wrong: number }>;
  /**
   * Where, for traces that give `spans`, per code: gold spans found (a flag of the code covers at
   * least half of it), flags that overlap a gold span, and characters flagged and gold in common.
   */
  spans: Map<FlagCode, { gold: number; found: number; flagged: number; onTarget: number; goldChars: number; flaggedChars: number; commonChars: number }>;
  /** Per trace with a wrong code: what was missed (-code) and added (+code). */
  misses: { fixture: Fixture; wrong: string[]; flags: ReturnType<typeof flagSample>['flags']; target: string; consistency: number }[];
}

/** Scores a labelled set: every code of every trace counts, as its labels say. */
export function scoreSet(fixtures: Fixture[]): SetScore {
  const counts = new Map<FlagCode, { tp: number; fp: number; fn: number }>(FLAG_CODES.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  const score: SetScore = { traces: fixtures.length, clean: 0, cleanFlagged: 0, byCode: new Map(), byLanguage: new Map(), misses: [], spans: new Map() };
  // Codes whose places the set gives: in its traces with spans, flags of these are scored by place.
  const spanCodes = new Set(fixtures.flatMap((f) => (f.spans ?? []).map((g) => g.code)));
  for (const f of fixtures) {
    const { flags, scores } = flagSample({ completion: f.completion, prompt: f.prompt, finishReason: f.finish_reason ?? null, task: f.task, language: f.language ?? null }, f.settings);
    if (f.spans) scoreSpans(score, f.spans, flags, spanCodes);
    const got = new Set(flags.map((x) => x.code));
    const want = new Set(f.expected);
    for (const c of FLAG_CODES) {
      const st = counts.get(c)!;
      if (got.has(c) && want.has(c)) st.tp++;
      else if (got.has(c)) st.fp++;
      else if (want.has(c)) st.fn++;
    }
    if (want.size === 0) {
      score.clean++;
      if (got.size) score.cleanFlagged++;
    }
    const wrong = [...got].filter((c) => !want.has(c)).map((c) => `+${c}`).concat([...want].filter((c) => !got.has(c)).map((c) => `-${c}`));
    const target = scores.language.target;
    const lang = score.byLanguage.get(target) ?? { traces: 0, clean: 0, cleanFlagged: 0, wrong: 0 };
    lang.traces++;
    if (want.size === 0) lang.clean++;
    if (want.size === 0 && got.size) lang.cleanFlagged++;
    if (wrong.length) lang.wrong++;
    score.byLanguage.set(target, lang);
    if (wrong.length) score.misses.push({ fixture: f, wrong, flags: flags.filter((x) => !want.has(x.code)), target, consistency: scores.language.consistency });
  }
  for (const [c, { tp, fp, fn }] of counts) {
    const precision = tp + fp ? tp / (tp + fp) : 1;
    const recall = tp + fn ? tp / (tp + fn) : 1;
    score.byCode.set(c, { tp, fp, fn, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 });
  }
  return score;
}

function scoreSpans(score: SetScore, gold: NonNullable<Fixture['spans']>, flags: ReturnType<typeof flagSample>['flags'], codes: Set<FlagCode>): void {
  for (const code of codes) {
    const st = score.spans.get(code) ?? { gold: 0, found: 0, flagged: 0, onTarget: 0, goldChars: 0, flaggedChars: 0, commonChars: 0 };
    const mine = gold.filter((g) => g.code === code);
    const theirs = flags.filter((x) => x.code === code);
    const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
    for (const g of mine) {
      st.gold++;
      st.goldChars += g.end - g.start;
      const covered = theirs.reduce((n, x) => n + overlap(g, x), 0);
      st.commonChars += covered;
      if (covered * 2 >= g.end - g.start) st.found++;
    }
    for (const x of theirs) {
      st.flagged++;
      st.flaggedChars += x.end - x.start;
      if (mine.some((g) => overlap(g, x) > 0)) st.onTarget++;
    }
    score.spans.set(code, st);
  }
}

function evaluate(): void {
  const fixtures = setFiles.length ? setFiles.flatMap(loadLabelledSet) : loadFixtures();
  const t0 = performance.now();
  const score = scoreSet(fixtures);
  const ms = performance.now() - t0;
  if (args.has('--verbose')) {
    for (const { fixture: f, wrong, flags, target, consistency } of score.misses) {
      console.log(`${f.id} (${f.note}) ${wrong.join(' ')} consistency=${consistency} target=${target}`);
      for (const x of flags) console.log(`    ${x.code} ${x.severity} "${f.completion.slice(x.start, Math.min(x.end, x.start + 80)).replace(/\n/g, '⏎')}" ${x.message}`);
    }
  }
  console.log(`${fixtures.length} fixtures, ${score.clean} clean; ${ms.toFixed(0)} ms\n`);
  console.log('code                 support  precision  recall     F1');
  for (const [c, { tp, fn, precision, recall, f1 }] of score.byCode) {
    console.log(`${c.padEnd(20)} ${String(tp + fn).padStart(7)}  ${precision.toFixed(3).padStart(9)}  ${recall.toFixed(3).padStart(6)}  ${f1.toFixed(3).padStart(6)}`);
  }
  console.log(`\nclean traces falsely flagged: ${score.cleanFlagged}/${score.clean} = ${((100 * score.cleanFlagged) / Math.max(1, score.clean)).toFixed(1)}%`);
  console.log(`by target language (as detected): ${[...score.byLanguage].sort((a, b) => b[1].traces - a[1].traces).map(([l, x]) => `${l} ${x.traces} traces, ${x.wrong} with a wrong code, clean flagged ${x.cleanFlagged}/${x.clean}`).join('; ')}`);
  for (const [code, st] of score.spans) {
    console.log(`spans, ${code}: ${st.found}/${st.gold} gold spans found (half or more flagged), ${st.onTarget}/${st.flagged} flags on a gold span; characters: ${(st.commonChars / Math.max(1, st.flaggedChars)).toFixed(3)} of those flagged are gold, ${(st.commonChars / Math.max(1, st.goldChars)).toFixed(3)} of the gold are flagged`);
  }
}

async function compareLangId(): Promise<void> {
  const samples: { lang: Lang; text: string }[] = [];
  for (const [lang, c] of Object.entries(corpus) as [Lang, (typeof corpus)[Lang]][]) {
    if (lang === 'zh' || lang === 'ja') continue;
    for (const text of [...c.paras, c.summary, ...c.codeParas, c.checkAgain, c.soFar].flatMap(splitSentences)) {
      const prose = maskNonProse(text).replace(/[^\p{L}\s'’-]/gu, ' ').replace(/\s+/g, ' ').trim();
      if (prose.split(' ').length >= 2) samples.push({ lang, text: prose });
    }
  }
  const tinyld = await import('tinyld');
  const candidates: [string, (t: string) => string][] = [];
  for (const size of ['extrasmall', 'small', 'medium', 'large'] as const) {
    const { eld } = await import(`eld/${size}`);
    candidates.push([`eld/${size}`, (t) => eld.detect(t).language]);
  }
  candidates.push(['tinyld', (t) => tinyld.detect(t)]);
  console.log(`${samples.length} Latin/Cyrillic sentences (masked), accuracy overall / on sentences of ≤ 6 words, µs per call`);
  for (const [name, detect] of candidates) {
    let ok = 0;
    let shortOk = 0;
    let short = 0;
    const t0 = performance.now();
    for (let rep = 0; rep < 5; rep++) for (const s of samples) {
      const hit = detect(s.text) === s.lang;
      if (rep) continue;
      if (hit) ok++;
      if (s.text.split(' ').length <= 6) {
        short++;
        if (hit) shortOk++;
      }
    }
    const us = ((performance.now() - t0) * 1000) / (samples.length * 5);
    console.log(`${name.padEnd(16)} ${(ok / samples.length).toFixed(3)}  ${(shortOk / Math.max(1, short)).toFixed(3)} (n=${short})  ${us.toFixed(1)} µs`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (args.has('--write')) writeFixtures();
  if (args.has('--compare-langid')) await compareLangId();
  else {
    try {
      evaluate();
    } catch (e) {
      console.error(`eval:flags: ${(e as Error).message}`);
      process.exit(2);
    }
  }
}
