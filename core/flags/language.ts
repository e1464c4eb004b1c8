/**
 * Mixed-language detection and R1's language-consistency score. The reasoning is masked
 * (code, math, URLs, quotes, identifiers), cut into sentences, and each sentence is given a
 * language: by script where scripts differ from the target's, by language ID where they match.
 */
import { maskNonProse, maskProse, CJK_WORD_WEIGHT } from './text.ts';
import { sentences } from './blocks.ts';
import { identify, stopwordVotes } from './langid.ts';

export interface LanguageOptions {
  minForeignWords: number;
  minForeignCjkChars: number;
  minLidWords: number;
  lidMargin: number;
  minLanguageConsistency: number;
}

export interface ForeignSpan {
  start: number;
  end: number;
  lang: string;
  words: number;
}

export interface LanguageResult {
  target: string;
  consistency: number;
  spans: ForeignSpan[];
}

type Script = 'latin' | 'cyrillic' | 'han' | 'kana' | 'hangul' | 'other';

const TOKEN_RE = /(\p{sc=Latin}+(?:['’-]\p{sc=Latin}+)*)|(\p{sc=Cyrillic}+(?:['’-]\p{sc=Cyrillic}+)*)|(\p{sc=Han})|([\p{sc=Hiragana}\p{sc=Katakana}ー]+)|(\p{sc=Hangul}+)|([\p{sc=Arabic}\p{sc=Hebrew}\p{sc=Thai}\p{sc=Devanagari}]+)/gu;
const SCRIPTS: Script[] = ['latin', 'cyrillic', 'han', 'kana', 'hangul', 'other'];

const TARGET_SCRIPTS: Record<string, Script[]> = {
  zh: ['han'], ja: ['han', 'kana'], ko: ['hangul', 'han'],
  ru: ['cyrillic'], uk: ['cyrillic'], bg: ['cyrillic'], sr: ['cyrillic'], be: ['cyrillic'],
  ar: ['other'], he: ['other'], fa: ['other'], th: ['other'], hi: ['other'],
};

function scriptsOf(target: string): Script[] {
  return TARGET_SCRIPTS[target] ?? ['latin'];
}

const NAMES: Record<string, string> = {
  english: 'en', chinese: 'zh', japanese: 'ja', russian: 'ru', french: 'fr', german: 'de', spanish: 'es',
  korean: 'ko', italian: 'it', portuguese: 'pt', 中文: 'zh', 日本語: 'ja', русский: 'ru', français: 'fr', deutsch: 'de', español: 'es',
};

export function normaliseLanguage(tag: string | null | undefined): string | null {
  if (!tag || typeof tag !== 'string') return null;
  const t = tag.trim().toLowerCase();
  if (!t) return null;
  return NAMES[t] ?? (t.split(/[-_]/)[0] || null);
}

interface Token {
  start: number;
  end: number;
  script: Script;
  text: string;
}

function tokens(text: string, offset: number): Token[] {
  const out: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m; m = TOKEN_RE.exec(text)) {
    let g = 1;
    while (m[g] === undefined) g++;
    out.push({ start: offset + m.index, end: offset + m.index + m[0].length, script: SCRIPTS[g - 1]!, text: m[0] });
  }
  return out;
}

function weight(t: Token): number {
  return t.script === 'han' || t.script === 'kana' ? t.text.length * CJK_WORD_WEIGHT : 1;
}

function scriptLanguage(script: Script, words: string[], hasKana: boolean): string {
  if (script === 'han' || script === 'kana') return hasKana ? 'ja' : 'zh';
  if (script === 'hangul') return 'ko';
  if (script === 'cyrillic') return 'ru';
  if (script === 'latin') {
    let best = 'en';
    let bestVotes = 0;
    for (const [l, v] of stopwordVotes(words)) if (v > bestVotes) [best, bestVotes] = [l, v];
    return best;
  }
  return 'other';
}

// Samples come in groups that share a prompt: detect each prompt's language once.
const promptLanguageCache = new Map<string, string | null>();

/** Target language of a prompt from its dominant script, then function words / language ID. */
export function detectPromptLanguage(prompt: string): string | null {
  let lang = promptLanguageCache.get(prompt);
  if (lang === undefined) {
    if (promptLanguageCache.size >= 512) promptLanguageCache.clear();
    promptLanguageCache.set(prompt, (lang = detectUncached(prompt)));
  }
  return lang;
}

// Keyed by options, then by the sentence text itself: looking a sentence up by its slice needs
// no concatenated key (building and flattening one per sentence was ≈ 6% of flagSample). A stored
// key is a fresh copy, never the slice, which would keep its whole trace alive in the cache.
const verdictCache = new Map<string, Map<string, SentenceVerdict | null>>();
let verdictCount = 0;

export function clearLanguageCaches(): void {
  promptLanguageCache.clear();
  clearVerdicts();
}

function clearVerdicts(): void {
  verdictCache.clear();
  verdictCount = 0;
}

/** `s` as its own string, sharing no storage with the text it was sliced from. */
function detached(s: string): string {
  return (' ' + s).slice(1);
}

function detectUncached(prompt: string): string | null {
  const toks = tokens(maskNonProse(prompt.slice(0, 20000)), 0);
  const w: Record<Script, number> = { latin: 0, cyrillic: 0, han: 0, kana: 0, hangul: 0, other: 0 };
  for (const t of toks) w[t.script] += weight(t);
  const total = Object.values(w).reduce((a, b) => a + b, 0);
  if (total < 1) return null;
  if (w.kana > 0 && w.kana + w.han >= total * 0.3) return 'ja';
  if (w.hangul >= total * 0.3) return 'ko';
  if (w.han >= total * 0.3) return 'zh';
  if (w.cyrillic >= total * 0.5) return 'ru';
  if (w.latin >= total * 0.5) {
    const words = toks.filter((t) => t.script === 'latin').map((t) => t.text.toLowerCase());
    if (words.length < 3) return null;
    const guess = identify(words, 'en');
    return guess.margin > 0 || guess.lang === 'en' ? guess.lang : null;
  }
  return null;
}

interface SentenceVerdict {
  start: number;
  end: number;
  lang: string | null;
  targetWeight: number;
  foreignWeight: number;
}

function judgeSentence(toks: Token[], target: string, targetScripts: Script[], o: LanguageOptions): SentenceVerdict {
  const start = toks[0]!.start;
  const end = toks[toks.length - 1]!.end;
  const hasKana = toks.some((t) => t.script === 'kana');
  const foreign = toks.filter((t) => !targetScripts.includes(t.script) && !(target === 'ja' && t.script === 'han'));
  const own = toks.filter((t) => !foreign.includes(t));
  const ownWeight = own.reduce((a, t) => a + weight(t), 0);
  const foreignWeight = foreign.reduce((a, t) => a + weight(t), 0);

  // Another script inside the sentence: foreign once the run is more than a name or a term.
  if (foreign.length) {
    const script = foreign[0]!.script;
    const cjk = script === 'han' || script === 'kana';
    const sizeable = cjk
      ? foreign.reduce((a, t) => a + t.text.length, 0) >= o.minForeignCjkChars
      : foreign.filter((t) => t.text.length >= 2).length >= o.minForeignWords;
    if (sizeable) {
      const lang = scriptLanguage(script, foreign.map((t) => t.text.toLowerCase()), hasKana);
      return { start: foreign[0]!.start, end: foreign[foreign.length - 1]!.end, lang, targetWeight: ownWeight, foreignWeight };
    }
  }
  // Japanese target: a sentence of kanji with no kana at all is Chinese, not Japanese.
  if (target === 'ja' && !hasKana) {
    const han = own.filter((t) => t.script === 'han').length;
    if (han >= o.minForeignCjkChars * 2) return { start, end, lang: 'zh', targetWeight: 0, foreignWeight: ownWeight + foreignWeight };
  }
  if (target === 'zh' && hasKana) {
    return { start, end, lang: 'ja', targetWeight: 0, foreignWeight: ownWeight + foreignWeight };
  }
  // Same script as the target: ask the language identifier when there is enough text.
  const alphabetic = own.filter((t) => t.script === 'latin' || t.script === 'cyrillic');
  if (alphabetic.length >= o.minLidWords && alphabetic.length === own.length) {
    const guess = identify(alphabetic.map((t) => t.text.toLowerCase()), target);
    if (guess.lang !== target && guess.margin >= o.lidMargin) {
      return { start, end, lang: guess.lang, targetWeight: 0, foreignWeight: ownWeight + foreignWeight };
    }
  }
  return { start, end, lang: null, targetWeight: ownWeight, foreignWeight: 0 };
}

/** `codeMasked` is the reasoning with code already masked, starting at `offset` in the completion. */
export function analyseLanguage(codeMasked: string, offset: number, target: string, o: LanguageOptions): LanguageResult {
  const masked = maskProse(codeMasked);
  const targetScripts = scriptsOf(target);
  const verdicts: SentenceVerdict[] = [];
  const optionsKey = `${target}|${o.minForeignWords}|${o.minForeignCjkChars}|${o.minLidWords}|${o.lidMargin}`;
  let cache = verdictCache.get(optionsKey);
  for (const s of sentences(masked, offset, false)) {
    // A verdict depends only on the sentence and the options: live re-flagging of an edited
    // trace finds almost every sentence here. Offsets are stored relative to the sentence.
    let v = cache?.get(s.text);
    if (v === undefined) {
      const toks = tokens(s.text, 0);
      v = toks.length ? judgeSentence(toks, target, targetScripts, o) : null;
      if (verdictCount >= 20_000) {
        clearVerdicts();
        cache = undefined;
      }
      if (!cache) verdictCache.set(optionsKey, (cache = new Map()));
      cache.set(detached(s.text), v);
      verdictCount++;
    }
    if (v) verdicts.push({ start: v.start + s.start, end: v.end + s.start, lang: v.lang, targetWeight: v.targetWeight, foreignWeight: v.foreignWeight });
  }
  let targetWeight = 0;
  let foreignWeight = 0;
  const spans: ForeignSpan[] = [];
  for (let i = 0; i < verdicts.length; i++) {
    const v = verdicts[i]!;
    targetWeight += v.targetWeight;
    foreignWeight += v.foreignWeight;
    if (!v.lang) continue;
    const last = spans[spans.length - 1];
    // Consecutive foreign sentences in one language are one switch, hence one flag.
    if (last && last.lang === v.lang && verdicts[i - 1]?.lang === v.lang) {
      last.end = v.end;
      last.words += v.foreignWeight;
    } else {
      spans.push({ start: v.start, end: v.end, lang: v.lang, words: v.foreignWeight });
    }
  }
  const total = targetWeight + foreignWeight;
  return { target, consistency: total > 0 ? targetWeight / total : 1, spans };
}
