/**
 * Readability and language flags for R1-style traces: `flagSample` runs every detector over one
 * completion and returns flags with UTF-16 spans plus the scores the dashboard shows. Pure and
 * synchronous so the backend, the CLI and the renderer's web worker all get the same answer.
 */
import { splitTrace } from '../trace.ts';
import { analyseLanguage, clearLanguageCaches } from './language.ts';
import { allowsLanguage, normaliseLanguage, promptLanguageOf, textLanguage } from './prompt-language.ts';
import { codeFlags, inferTask, noSummaryFlag, thinkTagFlags, truncationFlag, type Layout } from './structure.ts';
import { fillerFlags, fillerRegex, longParagraphs, maskMarkup } from './readability.ts';
import { repetition } from './repetition.ts';
import { mojibakeFlags } from './mojibake.ts';
import { clearLanguageIdCache } from './langid.ts';
import { maskCode } from './text.ts';
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

export function flagSample(input: FlagInput, settings?: Partial<FlagSettings>): { flags: Flag[]; scores: FlagScores } {
  if (!warmedUp) warmUp();
  const s: FlagSettings = { ...defaultFlagSettings, ...settings };
  const text = typeof input.completion === 'string' ? input.completion : '';
  const prompt = typeof input.prompt === 'string' ? input.prompt : undefined;
  const layout = layoutOf(text, s.prefillThink);
  const target = normaliseLanguage(input.language) ?? (prompt ? promptTarget(prompt, text, layout) : null) ?? normaliseLanguage(s.defaultLanguage) ?? 'en';
  const { reasoningStart: rs, reasoningEnd: re } = layout;
  const flags: Flag[] = [];

  const mojibake = mojibakeFlags(text, s.maxFlagsPerCode);
  // Masked once, shared: the reasoning (language, filler) and the whole text (paragraphs, repetition).
  const reasoningMasked = maskCode(text.slice(rs, re));
  const language = analyseLanguage(reasoningMasked, rs, target, s);
  // Garbled text looks like a foreign language to the identifier; it is reported as mojibake only.
  for (const span of language.spans.filter((x) => !overlapsAny(mojibake, x.start, x.end)).slice(0, s.maxFlagsPerCode)) {
    const severity = span.words >= s.mixedErrorWords || language.consistency < s.minLanguageConsistency ? 'error' : 'warning';
    flags.push({ code: 'mixed_language', severity, start: span.start, end: span.end, message: `Reasoning switches from ${target} to ${span.lang} (${Math.round(span.words)} words)` });
  }

  const truncated = truncationFlag(text, input.finishReason, s.truncatedMinLineWords);
  if (truncated) flags.push(truncated);
  flags.push(...thinkTagFlags(text, s.prefillThink, truncated?.severity === 'error'));
  const noSummary = noSummaryFlag(text, layout);
  if (noSummary) flags.push(noSummary);

  const task = input.task ?? inferTask(prompt);
  if (task !== 'code') flags.push(...codeFlags(text, rs, re, s.maxFlagsPerCode));

  const markupMasked = maskMarkup(maskCode(text));
  const { paragraphs: paras, sentences: sents } = blocks(markupMasked, 0);
  const long = longParagraphs(paras, s.longParagraphWords, s.maxFlagsPerCode);
  flags.push(...long.flags);

  const rep = repetition(markupMasked, 0, paras, sents, fillerRegex(target), s);
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
 * The prompt's language. A prompt of a few words ("Calcola l'integrale $…$") says little, and
 * judging an Italian trace against English, or a Spanish one against Italian (the two score
 * alike on "si cuánto vale"), flagged all of it: then the reasoning's own language is the target
 * when the prompt's words allow it. A whole trace in a language they rule out is still flagged.
 */
function promptTarget(prompt: string, text: string, layout: Layout): string | null {
  const found = promptLanguageOf(prompt);
  if (!found.weak) return found.lang;
  const own = textLanguage(text.slice(layout.reasoningStart, Math.min(layout.reasoningEnd, layout.reasoningStart + 4000)));
  return own && allowsLanguage(found, own) ? own : found.lang;
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
