/**
 * Mixed-language detection and R1's language-consistency score. The reasoning is masked
 * (code, math, URLs, quotes, identifiers), cut into sentences, and each sentence is given a
 * language: by script where scripts differ from the target's, by language ID where they match.
 */
import { maskProse, CJK_WORD_WEIGHT } from './text.ts';
import { clearPromptLanguages } from './prompt-language.ts';
import { SENTENCE_SPANS, sentenceSpans } from './sentence-spans.ts';
import { addWordAt, beginWords, hasOtherVotes, identifyWithModel, topVoteOfWords, voteVerdict, votesOfTwoLanguages } from './langid.ts';
import { breaksClause, foreignVotesOrLetters, isGlossedTerm, isWordList, namedMarks, namedWords } from './sentence-shape.ts';
import { unitsOf } from './units.ts';
import { CYRILLIC, HAN, KANA, LATIN, SCAN, SCRIPTS, scanTokensIn, type Script } from './script-tokens.ts';

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
  /** Weight of the sentences identified as the target, not merely too short to tell. */
  confirmedWeight: number;
  /** Weight of the words judged foreign. */
  foreignWeight: number;
}

const TARGET_SCRIPTS: Record<string, Script[]> = {
  zh: ['han'], ja: ['han', 'kana'], ko: ['hangul', 'han'],
  ru: ['cyrillic'], uk: ['cyrillic'], bg: ['cyrillic'], sr: ['cyrillic'], be: ['cyrillic'],
  ar: ['other'], he: ['other'], fa: ['other'], th: ['other'], hi: ['other'],
};

function scriptsOf(target: string): Script[] {
  return TARGET_SCRIPTS[target] ?? ['latin'];
}

/** For Latin and Cyrillic script, the words to vote on must have been added (`addWords`). */
function scriptLanguage(script: Script, hasKana: boolean): string {
  if (script === 'han' || script === 'kana') return hasKana ? 'ja' : 'zh';
  if (script === 'hangul') return 'ko';
  if (script === 'cyrillic') return topVoteOfWords('ru');
  if (script === 'latin') return topVoteOfWords('en');
  return 'other';
}

// Keyed by options, then by the hash of the sentence's code units: a chain of the sentences with
// that hash, compared unit by unit. Looked up with no string of the sentence made at all (a Map
// keyed by the text itself hashed each sentence's slice, and its stored copy, on every miss). A
// stored text is a fresh copy, never the slice, which would keep its whole trace alive in the cache.
interface CachedVerdict {
  text: string;
  verdict: SentenceVerdict | null;
  next: CachedVerdict | undefined;
}
const verdictCache = new Map<string, Map<number, CachedVerdict>>();
let verdictCount = 0;

export function clearLanguageCaches(): void {
  clearPromptLanguages();
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

/** The verdict cached for the sentence at [a, b) of `u` among those with its hash (`head`), or undefined. */
function cachedVerdict(head: CachedVerdict | undefined, u: Uint16Array, a: number, b: number): SentenceVerdict | null | undefined {
  for (let e = head; e; e = e.next) {
    const t = e.text;
    if (t.length !== b - a) continue;
    let q = 0;
    while (q < t.length && t.charCodeAt(q) === u[a + q]) q++;
    if (q === t.length) return e.verdict;
  }
  return undefined;
}

interface SentenceVerdict {
  /** Long enough to be identified, and identified as the target (not merely too short to tell). */
  confirmed?: boolean;
  start: number;
  end: number;
  lang: string | null;
  targetWeight: number;
  foreignWeight: number;
}

/**
 * The verdict on the sentence at `base` of `masked` (code units `u`) from its script tokens
 * (`SCAN`, as `scanTokensIn` left them for it). `own`: a token in one of the target's scripts.
 * Weights are summed token by token in order, so the floats are the same whatever else is
 * computed alongside. Offsets in the verdict are relative to the sentence.
 */
function judgeSentence(masked: string, u: Uint16Array, base: number, count: number, target: string, own: boolean[], o: LanguageOptions, codeMasked: string): SentenceVerdict {
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
  let foreignWords = 0;
  // Foreign Han/kana characters next to each other: "你, 好, 世, 界" lists characters, "正确的" says something.
  let cjkRun = 0;
  let longestCjkRun = 0;
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
      if (length >= 2) foreignWords++;
      if (script === HAN || script === KANA) {
        const previous = scripts[k - 1];
        cjkRun = k > 0 && ends[k - 1] === at[k] && (previous === HAN || previous === KANA) && !own[previous] ? cjkRun + length : length;
        if (cjkRun > longestCjkRun) longestCjkRun = cjkRun;
      }
    }
  }

  // Another script inside the sentence: foreign once the run is more than a name or a term.
  if (firstForeign >= 0) {
    const script = scripts[firstForeign]!;
    const sizeable = script === HAN || script === KANA ? longestCjkRun >= o.minForeignCjkChars : foreignWords >= o.minForeignWords && foreignWords - namedWords(u, base, count, own, false, target) >= o.minForeignWords;
    if (sizeable && !isGlossedTerm(codeMasked, base, firstForeign, lastForeign, ownCount)) {
      if (script === LATIN || script === CYRILLIC) addWords(masked, u, base, count, own, false);
      const lang = scriptLanguage(SCRIPTS[script]!, hasKana);
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
    addWords(masked, u, base, count, own, true);
    if (votesOfTwoLanguages(target)) {
      const clauses = judgeClauses(masked, u, base, count, target, own, o, ownWeight + foreignWeight);
      if (clauses) return clauses;
      addWords(masked, u, base, count, own, true);
    }
    let guess = voteVerdict(target) ?? identifyWithModel(lowerWords(masked, base, count, own, true).join(' '), target);
    // A foreign verdict is checked again without the names and titles in the sentence ("Le Petit
    // Prince by Antoine de Saint-Exupéry"): only then, as it is rare, are they looked for.
    if (guess.lang !== target && guess.margin >= o.lidMargin && namedWords(u, base, count, own, true, target) > 0) {
      if (ownAlphabetic - namedWords(u, base, count, own, true, target) < o.minLidWords) guess = { lang: target, margin: 0 };
      else {
        addWords(masked, u, base, count, own, true, namedMarks());
        guess = voteVerdict(target) ?? identifyWithModel(lowerWords(masked, base, count, own, true, namedMarks()).join(' '), target);
      }
    }
    // English is where language ID errs on short technical sentences ("Quicksort: pick a pivot,
    // partition, recurse" read as French): a switch away from it needs a word some other listed
    // language holds or a letter English does not use.
    if (guess.lang !== target && guess.margin >= o.lidMargin && target === 'en' && !foreignVotesOrLetters(u, base, count, own)) guess = { lang: target, margin: 0 };
    // A list of single words ("angst, wanderlust, doppelgänger, rucksack") is not prose to identify.
    if (guess.lang !== target && guess.margin >= o.lidMargin && !isWordList(u, base, count)) {
      return { start, end, lang: guess.lang, targetWeight: 0, foreignWeight: ownWeight + foreignWeight };
    }
    return { start, end, lang: null, targetWeight: ownWeight, foreignWeight: 0, confirmed: true };
  }
  return { start, end, lang: null, targetWeight: ownWeight, foreignWeight: 0 };
}

/**
 * The verdict on a sentence that switches language inside it, from its clauses judged one by
 * one: the span runs from the first foreign clause to the last. Null when no clause of
 * `minForeignWords` words or more is foreign (the sentence is then judged whole).
 */
function judgeClauses(masked: string, u: Uint16Array, base: number, count: number, target: string, own: boolean[], o: LanguageOptions, weight: number): SentenceVerdict | null {
  const { at, ends } = SCAN;
  let start = -1;
  let end = -1;
  let lang: string | null = null;
  let foreign = 0;
  for (let k0 = 0; k0 < count; ) {
    let k1 = k0 + 1;
    while (k1 < count && !breaksClause(u, base + ends[k1 - 1]!, base + at[k1]!)) k1++;
    const words = k1 - k0;
    if (words >= o.minForeignWords) {
      beginWords();
      for (let k = k0; k < k1; k++) addWordAt(u, base + at[k]!, base + ends[k]!, masked, 0);
      let guess = voteVerdict(target);
      if (!guess && words >= o.minLidWords) {
        const text: string[] = [];
        for (let k = k0; k < k1; k++) text.push(masked.slice(base + at[k]!, base + ends[k]!).toLowerCase());
        guess = identifyWithModel(text.join(' '), target);
      }
      // As for whole sentences: away from English, eld needs a word of another listed language.
      if (guess && guess.lang !== target && target === 'en' && !hasOtherVotes('en')) guess = null;
      if (guess && guess.lang !== target && guess.margin >= o.lidMargin && (lang === null || guess.lang === lang)) {
        if (start < 0) start = at[k0]!;
        end = ends[k1 - 1]!;
        lang = guess.lang;
        foreign += words;
      }
    }
    k0 = k1;
  }
  if (lang === null) return null;
  return { start, end, lang, targetWeight: weight - foreign, foreignWeight: foreign };
}

/** Sets the own (`ofOwn`) or foreign tokens in `SCAN` (of the sentence at `base` of `masked`), less those marked in `skip`, as the words to vote on. */
function addWords(masked: string, u: Uint16Array, base: number, count: number, own: boolean[], ofOwn: boolean, skip?: Uint8Array): void {
  beginWords();
  for (let k = 0; k < count; k++) if (own[SCAN.scripts[k]!] === ofOwn && !skip?.[k]) addWordAt(u, base + SCAN.at[k]!, base + SCAN.ends[k]!, masked, 0);
}

/** The lower-cased text of the own (`ofOwn`) or foreign tokens in `SCAN` (of the sentence at `base` of `masked`), less those marked in `skip`, in order. */
function lowerWords(masked: string, base: number, count: number, own: boolean[], ofOwn: boolean, skip?: Uint8Array): string[] {
  const words: string[] = [];
  for (let k = 0; k < count; k++) if (own[SCAN.scripts[k]!] === ofOwn && !skip?.[k]) words.push(masked.slice(base + SCAN.at[k]!, base + SCAN.ends[k]!).toLowerCase());
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

// The last options and their key: consecutive samples nearly always share them, and building and
// hashing a new key string per sample cost about 1% of flagging one.
let lastOptions = { target: '', minForeignWords: NaN, minForeignCjkChars: NaN, minLidWords: NaN, lidMargin: NaN, key: '' };

function optionsKeyOf(target: string, o: LanguageOptions): string {
  const l = lastOptions;
  if (l.target !== target || l.minForeignWords !== o.minForeignWords || l.minForeignCjkChars !== o.minForeignCjkChars || l.minLidWords !== o.minLidWords || l.lidMargin !== o.lidMargin) {
    const { minForeignWords, minForeignCjkChars, minLidWords, lidMargin } = o;
    lastOptions = { target, minForeignWords, minForeignCjkChars, minLidWords, lidMargin, key: `${target}|${minForeignWords}|${minForeignCjkChars}|${minLidWords}|${lidMargin}` };
  }
  return lastOptions.key;
}

/** `codeMasked` is the reasoning with code already masked, starting at `offset` in the completion. */
export function analyseLanguage(codeMasked: string, offset: number, target: string, o: LanguageOptions): LanguageResult {
  const masked = maskProse(codeMasked);
  const own = ownScripts(target);
  const optionsKey = optionsKeyOf(target, o);
  let cache = verdictCache.get(optionsKey);
  let targetWeight = 0;
  let foreignWeight = 0;
  let confirmedWeight = 0;
  const spans: ForeignSpan[] = [];
  // The language of the previous sentence that had a verdict (null: the target's).
  let previous: string | null | undefined;
  const count = sentenceSpans(masked);
  const { at, ends, hashes } = SENTENCE_SPANS;
  // After the sentence cut (which loads them too): sentences are scanned in the text's code units.
  const u = unitsOf(masked);
  for (let x = 0; x < count; x++) {
    const a = at[x]!;
    const b = ends[x]!;
    const start = offset + a;
    // A verdict depends only on the sentence and the options: live re-flagging of an edited
    // trace finds almost every sentence here.
    const head = cache?.get(hashes[x]!);
    let v = cachedVerdict(head, u, a, b);
    if (v === undefined) {
      const tokens = scanTokensIn(u, a, b);
      v = tokens ? judgeSentence(masked, u, a, tokens, target, own, o, codeMasked) : null;
      let sameHash = head;
      if (verdictCount >= 20_000) {
        clearVerdicts();
        cache = sameHash = undefined;
      }
      if (!cache) verdictCache.set(optionsKey, (cache = new Map()));
      cache.set(hashes[x]!, { text: detached(masked.slice(a, b)), verdict: v, next: sameHash });
      verdictCount++;
    }
    if (!v) continue;
    targetWeight += v.targetWeight;
    foreignWeight += v.foreignWeight;
    if (v.confirmed) confirmedWeight += v.targetWeight;
    if (v.lang) {
      const last = spans[spans.length - 1];
      // Consecutive foreign sentences in one language are one switch, hence one flag.
      if (last && last.lang === v.lang && previous === v.lang) {
        last.end = v.end + start;
        last.words += v.foreignWeight;
      } else {
        spans.push({ start: v.start + start, end: v.end + start, lang: v.lang, words: v.foreignWeight });
      }
    }
    // A sentence of a word or so, in the same paragraph ("Hmm.", "Donc $x = 5$."), does not end
    // a foreign stretch: the stretch's next foreign sentence extends the same span over it.
    const tiny = v.lang === null && !v.confirmed && v.targetWeight < 2 && spans.length > 0 && !masked.slice(spans[spans.length - 1]!.end - offset, a).includes('\n\n');
    if (!tiny) previous = v.lang;
  }
  const total = targetWeight + foreignWeight;
  return { target, consistency: total > 0 ? targetWeight / total : 1, spans, confirmedWeight, foreignWeight };
}
