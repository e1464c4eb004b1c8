/**
 * Mixed-language detection and R1's language-consistency score. The reasoning is masked
 * (code, math, URLs, quotes, identifiers), cut into sentences, and each sentence is given a
 * language: by script where scripts differ from the target's, by language ID where they match.
 */
import { maskNonProse, maskProse, CJK_WORD_WEIGHT } from './text.ts';
import { sentences } from './blocks.ts';
import { identify, topVote } from './langid.ts';

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

// Script codes of the token scanner, indexes into SCRIPTS (0-5); NONE for a code point in no token.
const LATIN = 0;
const CYRILLIC = 1;
const HAN = 2;
const KANA = 3;
const NONE = 6;
// The classes of the regex the scanner replaced, one per script (in SCRIPTS order); the scanner
// asks them about each code unit once, so its tokens are the regex's matches exactly.
const SCRIPT_RES = [/^\p{sc=Latin}$/u, /^\p{sc=Cyrillic}$/u, /^\p{sc=Han}$/u, /^[\p{sc=Hiragana}\p{sc=Katakana}ー]$/u, /^\p{sc=Hangul}$/u, /^[\p{sc=Arabic}\p{sc=Hebrew}\p{sc=Thai}\p{sc=Devanagari}]$/u];
// Per BMP code unit: 0 not known yet, else 1 + its script code. Lone surrogates are in no script.
const SCRIPT_OF_UNIT = new Uint8Array(0x10000);
const scriptOfAstral = new Map<number, number>();

function classifyScript(ch: string): number {
  for (let k = 0; k < SCRIPT_RES.length; k++) if (SCRIPT_RES[k]!.test(ch)) return k;
  return NONE;
}

/** Script code of the code point at i of `text` (read as the `u` flag reads it), and its length in `SCAN.width`. */
function scriptAt(text: string, i: number, n: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= n) {
    let k = SCRIPT_OF_UNIT[c]!;
    if (k === 0) SCRIPT_OF_UNIT[c] = k = 1 + (c >= 0xdc00 && c <= 0xdfff ? NONE : classifyScript(String.fromCharCode(c)));
    SCAN.width = 1;
    return k - 1;
  }
  const d = text.charCodeAt(i + 1);
  if (d < 0xdc00 || d > 0xdfff) {
    SCAN.width = 1;
    return NONE;
  }
  const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  let k = scriptOfAstral.get(cp);
  if (k === undefined) scriptOfAstral.set(cp, (k = classifyScript(String.fromCodePoint(cp))));
  SCAN.width = 2;
  return k;
}

/**
 * The script tokens of `text`: runs of one script's letters (Latin and Cyrillic words may be joined
 * by an apostrophe or hyphen), each Han character alone. The matches of the regex
 * `(\p{sc=Latin}+(?:['’-]\p{sc=Latin}+)*)|(\p{sc=Cyrillic}+(?:…)*)|(\p{sc=Han})|([\p{sc=Hiragana}\p{sc=Katakana}ー]+)|(\p{sc=Hangul}+)|([Arabic Hebrew Thai Devanagari]+)`
 * (global, `u`), found by a table-driven scan into reused arrays (`SCAN`; valid until the next
 * call): this runs on every new sentence, and the regex with its match objects and substrings
 * was most of the cost of judging one.
 */
const SCAN = { at: new Int32Array(256), ends: new Int32Array(256), scripts: new Uint8Array(256), count: 0, width: 1 };

function scanTokens(text: string): number {
  const n = text.length;
  let count = 0;
  for (let i = 0; i < n; ) {
    const script = scriptAt(text, i, n);
    let j = i + SCAN.width;
    if (script === NONE) {
      i = j;
      continue;
    }
    if (script !== HAN) {
      while (j < n && scriptAt(text, j, n) === script) j += SCAN.width;
      if (script === LATIN || script === CYRILLIC) {
        // A joiner continues the word only when a letter of the same script follows it.
        for (let c = text.charCodeAt(j); (c === 0x27 || c === 0x2019 || c === 0x2d) && j + 1 < n && scriptAt(text, j + 1, n) === script; c = text.charCodeAt(j)) {
          j += 1 + SCAN.width;
          while (j < n && scriptAt(text, j, n) === script) j += SCAN.width;
        }
      }
    }
    if (count === SCAN.at.length) growScan();
    SCAN.at[count] = i;
    SCAN.ends[count] = j;
    SCAN.scripts[count] = script;
    count++;
    i = j;
  }
  SCAN.count = count;
  return count;
}

function growScan(): void {
  const size = SCAN.at.length * 2;
  const at = new Int32Array(size);
  const ends = new Int32Array(size);
  const scripts = new Uint8Array(size);
  at.set(SCAN.at);
  ends.set(SCAN.ends);
  scripts.set(SCAN.scripts);
  Object.assign(SCAN, { at, ends, scripts });
}

/** Tokens as objects, for the prompt (once per prompt, so plain objects are fine there) and tests. */
export function scriptTokens(text: string, offset: number): Token[] {
  const out: Token[] = [];
  const count = scanTokens(text);
  for (let k = 0; k < count; k++) {
    const at = SCAN.at[k]!;
    const end = SCAN.ends[k]!;
    out.push({ start: offset + at, end: offset + end, script: SCRIPTS[SCAN.scripts[k]!]!, text: text.slice(at, end) });
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
    return topVote(words, 'en');
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
  const toks = scriptTokens(maskNonProse(prompt.slice(0, 20000)), 0);
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

/**
 * The verdict on one sentence from its script tokens (`SCAN`, as `scanTokens(text)` left them).
 * `own`: a token in one of the target's scripts. Weights are summed token by token in order, so
 * the floats are the same whatever else is computed alongside.
 */
function judgeSentence(text: string, count: number, target: string, own: boolean[], o: LanguageOptions): SentenceVerdict {
  const { at, ends, scripts } = SCAN;
  const start = at[0]!;
  const end = ends[count - 1]!;
  let hasKana = false;
  let ownWeight = 0;
  let foreignWeight = 0;
  let ownCount = 0;
  let ownAlphabetic = 0;
  let ownHan = 0;
  let firstForeign = -1;
  let lastForeign = -1;
  let foreignUnits = 0;
  let foreignWords = 0;
  for (let k = 0; k < count; k++) {
    const script = scripts[k]!;
    const length = ends[k]! - at[k]!;
    const w = script === HAN || script === KANA ? length * CJK_WORD_WEIGHT : 1;
    if (script === KANA) hasKana = true;
    if (own[script]) {
      ownWeight += w;
      ownCount++;
      if (script === LATIN || script === CYRILLIC) ownAlphabetic++;
      else if (script === HAN) ownHan++;
    } else {
      foreignWeight += w;
      if (firstForeign < 0) firstForeign = k;
      lastForeign = k;
      foreignUnits += length;
      if (length >= 2) foreignWords++;
    }
  }

  // Another script inside the sentence: foreign once the run is more than a name or a term.
  if (firstForeign >= 0) {
    const script = scripts[firstForeign]!;
    const sizeable = script === HAN || script === KANA ? foreignUnits >= o.minForeignCjkChars : foreignWords >= o.minForeignWords;
    if (sizeable) {
      const lang = scriptLanguage(SCRIPTS[script]!, script === LATIN ? lowerWords(text, count, own, false) : [], hasKana);
      return { start: at[firstForeign]!, end: ends[lastForeign]!, lang, targetWeight: ownWeight, foreignWeight };
    }
  }
  // Japanese target: a sentence of kanji with no kana at all is Chinese, not Japanese.
  if (target === 'ja' && !hasKana) {
    if (ownHan >= o.minForeignCjkChars * 2) return { start, end, lang: 'zh', targetWeight: 0, foreignWeight: ownWeight + foreignWeight };
  }
  if (target === 'zh' && hasKana) {
    return { start, end, lang: 'ja', targetWeight: 0, foreignWeight: ownWeight + foreignWeight };
  }
  // Same script as the target: ask the language identifier when there is enough text.
  if (ownAlphabetic >= o.minLidWords && ownAlphabetic === ownCount) {
    const guess = identify(lowerWords(text, count, own, true), target);
    if (guess.lang !== target && guess.margin >= o.lidMargin) {
      return { start, end, lang: guess.lang, targetWeight: 0, foreignWeight: ownWeight + foreignWeight };
    }
  }
  return { start, end, lang: null, targetWeight: ownWeight, foreignWeight: 0 };
}

/** The lower-cased text of the own (`ofOwn`) or foreign tokens in `SCAN`, in order. */
function lowerWords(text: string, count: number, own: boolean[], ofOwn: boolean): string[] {
  const words: string[] = [];
  for (let k = 0; k < count; k++) if (own[SCAN.scripts[k]!] === ofOwn) words.push(text.slice(SCAN.at[k]!, SCAN.ends[k]!).toLowerCase());
  return words;
}

const ownScriptsByTarget = new Map<string, boolean[]>();

/** Per script code: whether a token in it counts as the target's (kanji does for Japanese). */
function ownScripts(target: string): boolean[] {
  let own = ownScriptsByTarget.get(target);
  if (!own) {
    const scripts = scriptsOf(target);
    own = SCRIPTS.map((name) => scripts.includes(name) || (target === 'ja' && name === 'han')).concat(false);
    // Targets come from prompts and settings: a handful in practice, but keep the map bounded.
    if (ownScriptsByTarget.size >= 256) ownScriptsByTarget.clear();
    ownScriptsByTarget.set(target, own);
  }
  return own;
}

/** `codeMasked` is the reasoning with code already masked, starting at `offset` in the completion. */
export function analyseLanguage(codeMasked: string, offset: number, target: string, o: LanguageOptions): LanguageResult {
  const masked = maskProse(codeMasked);
  const own = ownScripts(target);
  const optionsKey = `${target}|${o.minForeignWords}|${o.minForeignCjkChars}|${o.minLidWords}|${o.lidMargin}`;
  let cache = verdictCache.get(optionsKey);
  let targetWeight = 0;
  let foreignWeight = 0;
  const spans: ForeignSpan[] = [];
  // The language of the previous sentence that had a verdict (null: the target's).
  let previous: string | null | undefined;
  for (const s of sentences(masked, offset, false)) {
    // A verdict depends only on the sentence and the options: live re-flagging of an edited
    // trace finds almost every sentence here. Offsets are stored relative to the sentence.
    let v = cache?.get(s.text);
    if (v === undefined) {
      const count = scanTokens(s.text);
      v = count ? judgeSentence(s.text, count, target, own, o) : null;
      if (verdictCount >= 20_000) {
        clearVerdicts();
        cache = undefined;
      }
      if (!cache) verdictCache.set(optionsKey, (cache = new Map()));
      cache.set(detached(s.text), v);
      verdictCount++;
    }
    if (!v) continue;
    targetWeight += v.targetWeight;
    foreignWeight += v.foreignWeight;
    if (v.lang) {
      const last = spans[spans.length - 1];
      // Consecutive foreign sentences in one language are one switch, hence one flag.
      if (last && last.lang === v.lang && previous === v.lang) {
        last.end = v.end + s.start;
        last.words += v.foreignWeight;
      } else {
        spans.push({ start: v.start + s.start, end: v.end + s.start, lang: v.lang, words: v.foreignWeight });
      }
    }
    previous = v.lang;
  }
  const total = targetWeight + foreignWeight;
  return { target, consistency: total > 0 ? targetWeight / total : 1, spans };
}
