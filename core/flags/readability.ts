/** Readability detectors: long paragraphs and filler (repetition is in repetition.ts). */
import type { Flag } from './index.ts';
import { blank, blankAtLead, CLASS, CJK_WORD_WEIGHT, readBack } from './text.ts';
import { unitsOf } from './units.ts';
import type { Counted } from './blocks.ts';

// Every match starts with "<" (the tags of the trace format).
const MARKUP_STICKY = /<\/?(?:think|answer)>/y;
// A markdown table row: cells repeat by design ("| $O(n \log n)$ | $O(n \log n)$ |" is not a
// loop), and a table is not a paragraph of prose.
// Display math: the rows of an aligned computation repeat by design ("&\equiv 1\cdot 1 = 1 \\"
// five times is working out powers, not a loop), and an equation block is not prose.
const DISPLAY_MATH_RE = /\$\$[\s\S]{0,4000}?\$\$|\\\[[\s\S]{0,4000}?\\\]|\\begin\{([a-z*]+)\}[\s\S]{0,4000}?\\end\{\1\}/g;

/** Code, think/answer tags, table rows and display math blanked: what paragraph and repetition detectors read. */
export function maskMarkup(codeMasked: string): string {
  const tagless = blankAtLead(codeMasked, '<', MARKUP_STICKY);
  const mathless = tagless.includes('$$') || tagless.includes('\\[') || tagless.includes('\\begin{') ? blank(tagless, DISPLAY_MATH_RE) : tagless;
  return mathless.includes('|') ? blankTableRows(mathless) : mathless;
}

/**
 * Blanks the lines that start (after spaces or tabs) and end with `|`, found from each `|` (a
 * multiline regex tried every line start; most `|` are absolute values inside a line).
 */
function blankTableRows(text: string): string {
  let u: Uint16Array | null = null;
  for (let bar = text.indexOf('|'); bar >= 0; ) {
    let lineStart = bar;
    while (lineStart > 0 && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
    let lineEnd = text.indexOf('\n', bar);
    if (lineEnd < 0) lineEnd = text.length;
    if (lineStart === 0 || text[lineStart - 1] === '\n') {
      let last = lineEnd;
      while (last > bar + 1 && (text[last - 1] === ' ' || text[last - 1] === '\t' || text[last - 1] === '\r')) last--;
      if (last > bar + 1 && text[last - 1] === '|') {
        u ??= unitsOf(text);
        for (let q = bar; q < last; q++) u[q] = 0x20;
      }
    }
    bar = text.indexOf('|', lineEnd);
  }
  return u ? readBack(u, text.length) : text;
}

/** `paragraphs` come from the markup-masked text, with their word counts. */
export function longParagraphs(paragraphs: Counted[], maxWords: number, limit: number): { flags: Flag[]; longest: number } {
  const flags: Flag[] = [];
  let longest = 0;
  for (const p of paragraphs) {
    const words = Math.round(p.words);
    longest = Math.max(longest, words);
    if (words > maxWords && flags.length < limit) {
      flags.push({ code: 'long_paragraph', severity: words > maxWords * 2 ? 'error' : 'warning', start: p.start, end: p.end, message: `Paragraph of ${words} words (limit ${maxWords})` });
    }
  }
  return { flags, longest };
}

// Each language's hesitations as R1-style models write them. Words that are also content are
// narrowed: "wait time", "hold on to", German "das Moment" and "um" (a preposition), Spanish
// "sala de espera", French "Attends-moi", Chinese "等等" after a noun (etc.), "不对称".
const FILLER_BY_LANG: Record<string, string> = {
  en: String.raw`\b(?:wait(?! (?:times?|for|until|list|queue|staff)\b)|hmm+|hm|umm+|um(?=[,.…])|uhh*|hold on(?! to\b)|oops|oh wait|actually,? no|let me (?:double[- ]?|re-?)?check (?:that |this |it )?again|let me re-?check|let me (?:think|verify) again|let me re-?(?:consider|compute|calculate|examine|verify|evaluate|do))\b`,
  zh: '(?<![\\p{sc=Han}])等等|等一下|嗯|让我再检查一下|再检查一下|让我想想|再想想|不对(?!称|应)|稍等|呃|咦|慢着|再算一下|好像不对',
  ja: 'ちょっと待って|待って|待てよ|うーん|えーと|えっと|もう一度確認|確認し直|いや、|あれ[？?、]|おっと|あ、違う',
  ru: String.raw`(?<![\p{L}'’])(?:подожд(?:и|ите|ём|ем)|погоди(?:те)?|постой(?:те)?|стоп|хм+|гм|ой|минутку|э-э+|эм+|ещё раз|еще раз|перепровер\p{L}*)(?![\p{L}-])`,
  fr: String.raw`(?<![\p{L}'’])(?:attends|attendez|hmm+|euh|oups|vérifions encore|revérifions|voyons voir|ah non|en fait,? non)(?![\p{L}-])`,
  de: String.raw`(?<![\p{L}'’])(?:moment(?= ?mal\b|[,.!…])|warte|hmm+|ähm|äh|halt(?=[,!])|stopp|noch einmal|nochmal|oh nein)(?![\p{L}-])`,
  es: String.raw`(?<![\p{L}'’])(?:(?<!(?:de|la|una|en|sin|su|mi|tu) )espera(?=[,.…!:]| un)|hmm+|mmm+|un momento|otra vez|déjame (?:comprobar|revisar|verificar)|ups)(?![\p{L}-])`,
};

const fillerCache = new Map<string, RegExp>();
export function fillerRegex(lang: string): RegExp {
  let re = fillerCache.get(lang);
  if (!re) {
    const parts = [FILLER_BY_LANG.en!, FILLER_BY_LANG[lang]].filter((x, i, a): x is string => !!x && a.indexOf(x) === i);
    re = new RegExp(parts.join('|'), 'giu');
    fillerCache.set(lang, re);
  }
  return re;
}

// The filler regex (case-insensitive, Unicode, with lookbehinds) is slow to run at every position
// of a long reasoning. A match can only start where a phrase's first two characters occur, so
// positions are screened with lazily filled tables, and the very same regex, sticky, is run only
// there: the matches are the ones the global regex finds (every alternative is non-empty, and a
// sticky match at the first candidate is the global regex's next match).
interface Screen {
  sticky: RegExp;
  /** Per code unit: 0 unknown, 1 no phrase starts with it, 2 one may, n ≥ 3 one may if the next code unit passes `seconds[n - 3]`. */
  first: Uint8Array;
  singleRe: RegExp | null;
  /** Two-letter starts of the phrases longer than one letter. */
  pairs: string[];
  /**
   * No match can start at an ASCII letter that follows an ASCII letter: every pattern with a
   * phrase starting with an ASCII letter requires a non-word (`\b`) or non-letter before it.
   * Most screened positions are such ("sum", "root", "problem"), and the regex then fails anyway.
   */
  notAfterLetter: boolean;
}

// Per allowed set of second letters, shared by all languages (64 kB each): 0 unknown, 1 not one
// of them, 2 one of them.
const seconds: { re: RegExp; ok: Uint8Array }[] = [];
const secondIndex = new Map<string, number>();

const WRAPPED = /^(?:\\b|\(\?<!\[\\p\{L\}'’\]\))\(\?:(.*)\)(?:\\b|\(\?!\[\\p\{L\}-\]\))$/su;

/** Splits a pattern at its top-level `|`, after unwrapping one `(?:…)` group with its boundary assertions. */
function alternatives(pattern: string): string[] {
  const wrapped = WRAPPED.exec(pattern);
  const body = wrapped ? wrapped[1]! : pattern;
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(body.slice(from, i));
      from = i + 1;
    }
  }
  out.push(body.slice(from));
  return out;
}

// A lookbehind that opens an alternative ("(?<![\\p{sc=Han}])等等") tests what comes before it.
const LEADING_LOOKBEHIND = /^\(\?<[!=](?:[^()\\[]|\\.|\[[^\]]*\]|\((?:[^()\\]|\\.)*\))*\)/u;

/** The literal letters (at most two) every match of the alternative starts with. */
function lead(alternative: string): string {
  const alt = alternative.replace(LEADING_LOOKBEHIND, '');
  let out = '';
  for (let i = 0; i < alt.length && out.length < 2; i++) {
    const next = alt[i + 1];
    if (!/\p{L}/u.test(alt[i]!) || next === '*' || next === '?' || next === '{') break;
    out += alt[i];
    if (next === '+') break;
  }
  if (!out) throw new Error(`filler phrase without a literal start: ${alt}`);
  return out;
}

const screens = new Map<string, Screen>();
function screen(lang: string): Screen {
  let sc = screens.get(lang);
  if (sc) return sc;
  const patterns = lang !== 'en' && FILLER_BY_LANG[lang] ? [FILLER_BY_LANG.en!, FILLER_BY_LANG[lang]] : [FILLER_BY_LANG.en!];
  const leads = [...new Set(patterns.flatMap(alternatives).map(lead))];
  const notAfterLetter = patterns.every((p) => WRAPPED.test(p) || !alternatives(p).some((a) => /^[a-z]/i.test(lead(a))));
  const singles = leads.filter((l) => l.length === 1);
  sc = {
    sticky: new RegExp(fillerRegex(lang).source, 'yiu'),
    first: new Uint8Array(0x10000),
    singleRe: singles.length ? new RegExp(`^[${singles.join('')}]$`, 'iu') : null,
    pairs: leads.filter((l) => l.length === 2),
    notAfterLetter,
  };
  screens.set(lang, sc);
  return sc;
}

/** Classifies code unit `c` for `first`; case-insensitive matching is left to the regex engine. */
function classify(sc: Screen, c: number): number {
  const ch = String.fromCharCode(c);
  if (sc.singleRe?.test(ch)) return 2;
  const letters = [...new Set(sc.pairs.filter((l) => new RegExp(`^[${l[0]}]$`, 'iu').test(ch)).map((l) => l[1]))].sort().join('');
  if (!letters) return 1;
  let n = secondIndex.get(letters);
  if (n === undefined) {
    // `first` holds n + 3 in a byte.
    if (seconds.length > 252) throw new Error('too many filler letter sets');
    secondIndex.set(letters, (n = seconds.length));
    seconds.push({ re: new RegExp(`^[${letters}]$`, 'iu'), ok: new Uint8Array(0x10000) });
  }
  return n + 3;
}

/** [start, end) of every filler match in `region`, as the global `fillerRegex(lang)` finds them. */
export function fillerHits(region: string, lang: string): [number, number][] {
  return scanFiller(region, lang).hits;
}

/**
 * `fillerHits` and `countWords(region)` in one pass: every code unit is read once for both (the
 * words are summed in the same order as `countWords`, so the float is identical).
 */
function scanFiller(region: string, lang: string): { hits: [number, number][]; words: number } {
  const sc = screen(lang);
  const { sticky, first } = sc;
  const hits: [number, number][] = [];
  const n = region.length;
  const u = unitsOf(region);
  let words = 0;
  let inWord = false;
  // Positions before this are inside a match: counted, not screened.
  let next = 0;
  for (let i = 0; i < n; i++) {
    const c = u[i]!;
    const w = CLASS[c];
    if (w === 2) {
      words += CJK_WORD_WEIGHT;
      inWord = false;
    } else if (w === 1) {
      if (!inWord) words++;
      inWord = true;
    } else inWord = false;
    if (i < next) continue;
    let k = first[c]!;
    if (k === 0) first[c] = k = classify(sc, c);
    if (k >= 3) {
      // A two-letter start cannot fit in the last code unit.
      if (i + 1 === n) continue;
      const d = u[i + 1]!;
      const second = seconds[k - 3]!;
      let ok = second.ok[d]!;
      if (ok === 0) second.ok[d] = ok = second.re.test(String.fromCharCode(d)) ? 2 : 1;
      k = ok;
    }
    if (k === 1 || (sc.notAfterLetter && ((c | 0x20) - 0x61) >>> 0 < 26 && i > 0 && ((u[i - 1]! | 0x20) - 0x61) >>> 0 < 26)) continue;
    sticky.lastIndex = i;
    const m = sticky.exec(region);
    if (m) {
      hits.push([i, i + m[0].length]);
      next = i + (m[0].length || 1);
    }
  }
  return { hits, words };
}

/** `region` is the reasoning with code masked, starting at offset `start` of the completion. */
export function fillerFlags(region: string, start: number, lang: string, per1k: number, minCount: number, limit: number): { flags: Flag[]; rate: number } {
  const scan = scanFiller(region, lang);
  const hits = scan.hits.map(([s, e]): [number, number] => [start + s, start + e]);
  const words = scan.words;
  const rate = words > 0 ? (hits.length / words) * 1000 : 0;
  if (hits.length < minCount || rate < per1k) return { flags: [], rate };
  const message = `Hesitation filler: ${hits.length} in ${Math.round(words)} words (${rate.toFixed(1)} per 1k, limit ${per1k})`;
  return { flags: hits.slice(0, limit).map(([s, e]) => ({ code: 'filler' as const, severity: 'warning' as const, start: s, end: e, message })), rate };
}
