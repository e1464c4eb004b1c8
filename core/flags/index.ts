/**
 * Readability and language flags for R1-style traces: `flagSample` runs every detector over one
 * completion and returns flags with UTF-16 spans plus the scores the dashboard shows. Pure and
 * synchronous so the backend, the CLI and the renderer's web worker all get the same answer.
 */
import { splitTrace } from '../trace.ts';
import { analyseLanguage, clearLanguageCaches, type LanguageResult } from './language.ts';
import { allowsLanguage, languagesNamedIn, normaliseLanguage, promptLanguageOf } from './prompt-language.ts';
import { codeFlags, inferTask, noSummaryFlag, thinkTagFlags, truncationFlag, type Layout } from './structure.ts';
import { fillerFlags, longParagraphs, maskMarkup } from './readability.ts';
import { repetition } from './repetition.ts';
import { mojibakeFlags } from './mojibake.ts';
import { clearLanguageIdCache } from './langid.ts';
import { maskCode, maskFences } from './text.ts';
import { blocks } from './blocks.ts';
import { WARM_UP_TRACES } from './warm-up.ts';
import { defaultFlagSettings, type FlagSettings } from './defaults.ts';

/** Bump whenever a detector's behaviour changes: stored flags record it so re-flagging is explainable. */
export const DETECTOR_VERSION = '1.1.0';

export const FLAG_CODES = [
  'mixed_language', 'no_summary', 'repetition', 'long_paragraph', 'code_in_reasoning',
  'bad_think_tags', 'truncated', 'mojibake', 'filler',
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

export interface Flag {
  code: FlagCode;
  severity: 'error' | 'warning' | 'info';
  /** UTF-16 offsets into the completion string (what JavaScript strings and Monaco use). */
  start: number;
  end: number;
  message: string;
}

export interface FlagScores {
  language: { target: string; consistency: number };
  repetitionRatio: number;
  longestParagraphWords: number;
  fillerPer1kWords: number;
  /** 0–100; see docs/flags.md for the formula. */
  readability: number;
}

export { defaultFlagSettings, type FlagSettings } from './defaults.ts';

export interface FlagInput {
  completion: string;
  prompt?: string;
  finishReason?: string | null;
  task?: 'math' | 'code' | 'logic' | 'general';
  language?: string | null;
}

function layoutOf(text: string, prefillThink: boolean): Layout {
  const t = splitTrace(text);
  // With a prefilled <think> and no tags at all, the whole completion is an unclosed reasoning.
  if (prefillThink && !t.hasOpenTag && !t.hasCloseTag) return { reasoningStart: 0, reasoningEnd: text.length, summary: '', hasClose: false };
  return { reasoningStart: t.reasoningSpan.start, reasoningEnd: t.reasoningSpan.end, summary: t.summary, hasClose: t.hasCloseTag };
}

let warmedUp = false;
const NONE_NAMED = new Set<string>();

export function flagSample(input: FlagInput, settings?: Partial<FlagSettings>): { flags: Flag[]; scores: FlagScores } {
  if (!warmedUp) warmUp();
  const s: FlagSettings = { ...defaultFlagSettings, ...settings };
  const text = typeof input.completion === 'string' ? input.completion : '';
  const prompt = typeof input.prompt === 'string' ? input.prompt : undefined;
  const layout = layoutOf(text, s.prefillThink);
  const explicit = normaliseLanguage(input.language);
  const fromPrompt = explicit === null && prompt ? promptLanguageOf(prompt) : null;
  let target = explicit ?? fromPrompt?.lang ?? normaliseLanguage(s.defaultLanguage) ?? 'en';
  const { reasoningStart: rs, reasoningEnd: re } = layout;
  const flags: Flag[] = [];

  const mojibake = mojibakeFlags(text, s.maxFlagsPerCode);
  // Masked once, shared: the reasoning (language, filler) and the whole text (paragraphs, repetition).
  const reasoningMasked = maskCode(text.slice(rs, re));
  let language = analyseLanguage(reasoningMasked, rs, target, s);
  // A prompt of a few words ("Calcola l'integrale $…$") says little: when the reasoning is mostly
  // in a language those words allow, that is the target (see `mostlyIn`).
  if (fromPrompt?.weak) {
    const own = mostlyIn(language);
    if (own && allowsLanguage(fromPrompt, own)) {
      target = own;
      language = analyseLanguage(reasoningMasked, rs, target, s);
    }
  }
  // Garbled text looks like a foreign language to the identifier; it is reported as mojibake only.
  // A language the prompt names is discussed, not switched to, until it runs on for
  // mixedErrorWords words (a translation task's quoted source and candidate phrasings).
  const named = prompt ? languagesNamedIn(prompt) : NONE_NAMED;
  for (const span of language.spans.filter((x) => !overlapsAny(mojibake, x.start, x.end) && !(named.has(x.lang) && x.words < s.mixedErrorWords)).slice(0, s.maxFlagsPerCode)) {
    const severity = span.words >= s.mixedErrorWords || language.consistency < s.minLanguageConsistency ? 'error' : 'warning';
    flags.push({ code: 'mixed_language', severity, start: span.start, end: span.end, message: `Reasoning switches from ${target} to ${span.lang} (${Math.round(span.words)} words)` });
  }

  const truncated = truncationFlag(text, input.finishReason, s.truncatedMinLineWords);
  if (truncated) flags.push(truncated);
  flags.push(...thinkTagFlags(text, s.prefillThink, truncated?.severity === 'error'));
  // A trace cut off (at the token limit, or inside an open block) lacks its summary for the
  // reason `truncated` gives, as it lacks its closing tag: one cause, one flag. Labellers who
  // write a trace to be truncated label it so (the demo traces, every blind set).
  const noSummary = truncated?.severity === 'error' ? null : noSummaryFlag(text, layout);
  if (noSummary) flags.push(noSummary);

  const task = input.task ?? inferTask(prompt);
  if (task !== 'code') flags.push(...codeFlags(text, rs, re, s.maxFlagsPerCode));

  // Inline code is kept here: "window is `"eab"`" and "window is `"abe"`" are different sentences.
  const markupMasked = maskMarkup(maskFences(text));
  const { paragraphs: paras, sentences: sents } = blocks(markupMasked, 0);
  const long = longParagraphs(paras, s.longParagraphWords, s.maxFlagsPerCode);
  flags.push(...long.flags);

  const rep = repetition(markupMasked, 0, paras, sents, s, re);
  flags.push(...rep.flags);

  const fill = fillerFlags(reasoningMasked, rs, target, s.fillerPer1kWords, s.fillerMinCount, s.maxFlagsPerCode);
  flags.push(...fill.flags);
  flags.push(...mojibake);

  flags.sort((a, b) => a.start - b.start || a.end - b.end);
  const scores: FlagScores = {
    language: { target, consistency: round(language.consistency) },
    repetitionRatio: round(rep.ratio),
    longestParagraphWords: long.longest,
    fillerPer1kWords: round(fill.rate),
    readability: readability(language.consistency, rep.ratio, long.longest, fill.rate, flags, s),
  };
  return { flags, scores };
}

/**
 * The language most of the reasoning is in when it is not the target: the foreign spans' language
 * with the most words, when more words were judged foreign than were identified as the target
 * (sentences too short to identify count for neither). Judging an Italian trace against English, or
 * a Spanish one against Italian (eld scores the two alike on "si cuánto vale"), flagged all of it.
 * Asked only for weak prompts, and the second pass it leads to only when they disagree.
 */
function mostlyIn(language: LanguageResult): string | null {
  if (language.spans.length === 0 || language.foreignWeight <= language.confirmedWeight) return null;
  const words = new Map<string, number>();
  for (const span of language.spans) words.set(span.lang, (words.get(span.lang) ?? 0) + span.words);
  let best: string | null = null;
  for (const [lang, n] of words) if (best === null || n > words.get(best)!) best = lang;
  return best;
}

// Module-level helpers rather than closures made per call (tsx wraps every named closure it creates).
function overlapsAny(spans: Flag[], a: number, b: number): boolean {
  return spans.some((m) => Math.min(b, m.end) > Math.max(a, m.start));
}

/** Runs the detectors over WARM_UP_TRACES once (see warm-up.ts for why), leaving no cached results. */
function warmUp(): void {
  warmedUp = true;
  for (const input of WARM_UP_TRACES) flagSample(input);
  clearFlagCaches();
}

/** Drops memoised per-prompt results (benchmarks use it to measure cold work). */
export function clearFlagCaches(): void {
  clearLanguageCaches();
  clearLanguageIdCache();
}

const STRUCTURAL: FlagCode[] = ['no_summary', 'code_in_reasoning', 'bad_think_tags', 'truncated', 'mojibake'];

function readability(consistency: number, repetitionRatio: number, longest: number, fillerRate: number, flags: Flag[], s: FlagSettings): number {
  let score = 100;
  score -= Math.min(40, (1 - consistency) * 100);
  score -= Math.min(25, repetitionRatio * 100);
  score -= Math.min(15, Math.max(0, (longest - s.longParagraphWords) / s.longParagraphWords) * 15);
  score -= Math.min(10, (fillerRate / Math.max(1, s.fillerPer1kWords)) * 5);
  const codes = new Set(flags.map((f) => f.code));
  score -= 5 * STRUCTURAL.filter((c) => codes.has(c)).length;
  return Math.max(0, Math.round(score));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
