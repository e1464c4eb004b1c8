/**
 * Language identification of Latin- and Cyrillic-script prose. A cheap function-word vote
 * settles most sentences; only the undecided ones go to eld (n-gram model, pure JS, no Node
 * APIs, so it also runs in the renderer's web worker). See docs/flags.md for why eld.
 */
import { eld } from 'eld/small';
import { lowerUnit } from './loop-tokens.ts';

// Function words, plus a few words that are this common in reasoning and belong to one of these
// languages only ("let", "sure", "ещё", "hay"): a word shared with another listed language splits
// its vote, and one shared with an unlisted language of the same script (Ukrainian "давайте",
// Portuguese "todos") would hide a switch to it, so those stay out. Every sentence settled here is
// one eld call saved (about 50 µs each).
const STOPWORDS: Record<string, string[]> = {
  en: [
    ...'the and is of to we that this it so for are with be by then which not as at on have can if in our its was from or all each but'.split(' '),
    ...'let you your what how when where why there here does did would should could must might than just only about into after before because these those them they their she his some any such both other same now first need make sure get give gives means again check every one two three many use using therefore thus hence however another way want very while since until still even though although also'.split(' '),
    "let's", "it's", "that's", "there's", "what's", "i'm", "i'll",
  ],
  fr: 'le la les de des et est que qui on pour une un dans donc pas avec sont du au il nous ce cette mais par sur ou se leur aussi très alors sans parce quand où déjà cela ça vaut je vous ils elles mon mes notre votre leurs cet ces comme ne moins tout tous toute toutes être avoir fait faire peut doit chaque après avant encore ainsi puis voici voilà'.split(' '),
  de: 'der die das und ist nicht mit ein eine wir zu den dem auch sich von für es also sind auf wenn dass ich wird noch nur oder bei kann muss dann haben hat aber diese dieser dieses jetzt im wie viele vielen einer eines einem einen zum zur vom beim nach über unter durch gegen ohne aus bis seit waren wurde werden sein kein keine keinen wo wer warum denn doch schon sehr mehr immer hier dort ja nein jeder jede jedes zwei drei'.split(' '),
  es: 'el la los las de y que es en un una por con para del se no su como son al lo esta este pero más así hay muy también entonces cuando donde eso esto ese esa yo él ella nosotros ellos ellas mi sus nos les ya pues porque aunque sobre hasta desde todo todos toda todas cada otro otra otros mismo misma puede tiene tienen hacer hace ser estar está están fue tenemos podemos sí'.split(' '),
  it: 'il gli di che è per una sono della nel non anche come questo quindi più alla lo le dei delle degli nella nelle sul sulla dal dalla si ci ne ma se perché poi già ancora tutto tutti ogni altro altra essere avere fatto può deve molto abbiamo sia quando allora dove cosa'.split(' '),
  pt: 'os um uma é em não com para que dos das ao pelo mais isso então também da na nas ele ela eles elas seu sua seus suas mas como quando porque já ainda muito pode tem ser estar está são foi cada outro outra mesmo isto aqui temos podemos'.split(' '),
  nl: 'de het een en van is dat niet zijn met voor ook maar dan wij ik je aan bij uit om naar nog wel al als worden wordt kan moet hebben heeft deze dit zo hoe wat waarom omdat'.split(' '),
  ru: 'и в не на что это с как по мы для то а так из у к же до равно если или его все при сначала теперь значит нужно нужна можно ещё есть будет только когда чтобы где который которые тогда итак поэтому также было этого этот эти всех'.split(' '),
  // Only words Russian does not use as well: Ukrainian shares most of Russian's short words, so
  // without these a Ukrainian sentence out-voted its own target as Russian.
  uk: 'і що це як ми також якщо або його її їх який яка які яке бо вже ще щоб коли тоді отже треба можна буде було був була є від після між усі всіх цього цей ця ці тепер спочатку значить потрібно'.split(' '),
};

const VOTE_LANGS = Object.keys(STOPWORDS);
/** Per function word: the indexes (in VOTE_LANGS) of the languages it belongs to. */
const STOP_INDEX = new Map<string, number[]>();
VOTE_LANGS.forEach((lang, k) => {
  // Contractions are written with either apostrophe.
  for (const w of STOPWORDS[lang]!) for (const form of w.includes("'") ? [w, w.replace("'", '’')] : [w]) STOP_INDEX.set(form, [...(STOP_INDEX.get(form) ?? []), k]);
});

// The words being voted on (reused: this runs for every new sentence): for each, the languages
// that list it, or undefined. Filled from strings (`setWords`) or straight from code units
// (`beginWords` + `addWordAt`), so judging a sentence makes no lower-cased substring per word.
const wordLangs: (number[] | undefined)[] = [];
let wordCount = 0;

/** Sets the words to vote on: lower-case strings. */
function setWords(words: string[]): void {
  wordCount = 0;
  votesCounted = false;
  for (const w of words) wordLangs[wordCount++] = STOP_INDEX.get(w);
}

export function beginWords(): void {
  wordCount = 0;
  votesCounted = false;
}

// The listed words in an open-addressed table keyed by the FNV-1a hash of their code units:
// slots hold 1 + the word's index in STOP_WORDS.
const STOP_WORDS = [...STOP_INDEX.keys()];
const STOP_HASHES = STOP_WORDS.map((w) => {
  let h = 0x811c9dc5;
  for (let q = 0; q < w.length; q++) h = Math.imul(h ^ w.charCodeAt(q), 16777619);
  return h;
});
// At most half full, so a probe ends soon at an empty slot.
const STOP_MASK = (1 << Math.ceil(Math.log2(STOP_WORDS.length * 2 + 1))) - 1;
const STOP_SLOTS = new Int32Array(STOP_MASK + 1);
STOP_WORDS.forEach((_, x) => {
  let slot = STOP_HASHES[x]! & STOP_MASK;
  while (STOP_SLOTS[slot] !== 0) slot = (slot + 1) & STOP_MASK;
  STOP_SLOTS[slot] = x + 1;
});

/**
 * Adds the word at [a, b) of `u` (the code units of `text`, which starts at unit `base`),
 * lower-cased unit by unit; a word with a unit whose lower case needs context (Σ, İ) is
 * lower-cased as a string, as `setWords` callers do.
 */
export function addWordAt(u: Uint16Array, a: number, b: number, text: string, base: number): void {
  votesCounted = false;
  wordLangs[wordCount++] = listedLanguagesAt(u, a, b, text, base);
}

/** `listedLanguages` of the lower case of the word at [a, b) of `u` (see `addWordAt`). */
export function listedLanguagesAt(u: Uint16Array, a: number, b: number, text: string, base: number): number[] | undefined {
  let h = 0x811c9dc5;
  for (let q = a; q < b; q++) {
    const l = lowerUnit(u[q]!);
    if (l < 0) return STOP_INDEX.get(text.slice(a - base, b - base).toLowerCase());
    h = Math.imul(h ^ (l - 1), 16777619);
  }
  for (let slot = h & STOP_MASK, e = STOP_SLOTS[slot]!; e !== 0; e = STOP_SLOTS[(slot = (slot + 1) & STOP_MASK)]!) {
    const word = STOP_WORDS[e - 1]!;
    if (STOP_HASHES[e - 1] !== h || word.length !== b - a) continue;
    let q = 0;
    while (q < word.length && lowerUnit(u[a + q]!) - 1 === word.charCodeAt(q)) q++;
    if (q === word.length) return STOP_INDEX.get(word);
  }
  return undefined;
}

/** The indexes of the languages whose lists hold `word` (lower case), or undefined. */
export function listedLanguages(word: string): number[] | undefined {
  return STOP_INDEX.get(word);
}

// The votes of the last `countVotes` (reused): per language, and the languages in the order they
// got their first vote, which is the order ties are broken in.
const votes = new Float64Array(VOTE_LANGS.length);
const voteOrder = new Int32Array(VOTE_LANGS.length);
let voted = 0;

// Whether `votes` are those of the words set now: a sentence asked about twice is counted once.
let votesCounted = false;

/** Function-word votes for the words set: each word's vote is shared by its languages. */
function countVotes(): void {
  if (votesCounted) return;
  votesCounted = true;
  votes.fill(0);
  voted = 0;
  for (let x = 0; x < wordCount; x++) {
    const langs = wordLangs[x];
    if (!langs) continue;
    for (const k of langs) {
      if (votes[k] === 0) voteOrder[voted++] = k;
      votes[k] = votes[k]! + 1 / langs.length;
    }
  }
}

/** The language with the most function-word votes from the words added since `beginWords` (the first to get its votes on a tie), or `fallback` when none has any. */
export function topVoteOfWords(fallback: string): string {
  countVotes();
  return best(fallback).lang;
}

function best(fallback: string): { lang: string; votes: number } {
  let lang = fallback;
  let top = 0;
  for (let x = 0; x < voted; x++) {
    const k = voteOrder[x]!;
    if (votes[k]! > top) [lang, top] = [VOTE_LANGS[k]!, votes[k]!];
  }
  return { lang, votes: top };
}

/**
 * The most votes any other language got from words that are not the target's (`target`: an
 * index in VOTE_LANGS, or -1): words shared with the target ("la" in Spanish and French) say
 * nothing about a switch away from it.
 */
function otherVotes(target: number): number {
  if (voted === 0 || (voted === 1 && voteOrder[0] === target)) return 0;
  others.fill(0);
  let most = 0;
  for (let x = 0; x < wordCount; x++) {
    const langs = wordLangs[x];
    if (!langs || langs.includes(target)) continue;
    for (const k of langs) {
      others[k] = others[k]! + 1 / langs.length;
      if (others[k]! > most) most = others[k]!;
    }
  }
  return most;
}
const others = new Float64Array(VOTE_LANGS.length);

/** Whether a word added since `beginWords` belongs to a listed language other than `target` and not to `target`. */
export function hasOtherVotes(target: string): boolean {
  const t = VOTE_LANGS.indexOf(target);
  for (let x = 0; x < wordCount; x++) {
    const langs = wordLangs[x];
    if (langs && !langs.includes(t)) return true;
  }
  return false;
}

export interface LanguageGuess {
  lang: string;
  /** How far ahead of the target language the guess is, in eld score units (0 when target). */
  margin: number;
}

/**
 * Identify the language of one sentence, biased towards `target`: a sentence is only called
 * foreign when the evidence clearly beats the target, because a false switch costs an
 * annotator's attention while a missed short switch costs little.
 */
export function identify(words: string[], target: string): LanguageGuess {
  setWords(words);
  return voteVerdict(target) ?? identifyWithModel(words.join(' '), target);
}

/**
 * `identify`'s verdict from the function-word votes of the words set (since `beginWords`, or by
 * `identify`), or null when they do not settle it and eld must.
 */
export function voteVerdict(target: string): LanguageGuess | null {
  countVotes();
  const targetIndex = VOTE_LANGS.indexOf(target);
  const targetVotes = targetIndex < 0 ? 0 : votes[targetIndex]!;
  const top = best(target);
  // A sentence that switches language halfway has votes for both: eld weighs those.
  const others = otherVotes(targetIndex);
  if (targetVotes >= 2 && targetVotes >= top.votes * 0.75 && others <= targetVotes * 0.5) return { lang: target, margin: 0 };
  // An English sentence with one English word and no word another listed language holds alone:
  // eld on a few words of English is a coin toss between Tagalog, Slovenian and Yoruba, and every
  // listed language other than English puts its own function words in nearly every sentence.
  // English only: Ukrainian shares Russian's short words, Catalan and Galician Spanish's.
  if (target === 'en' && targetVotes >= 1 && others === 0) return { lang: target, margin: 0 };
  if (top.votes >= 3 && top.lang !== target && targetVotes <= top.votes * 0.25) return { lang: top.lang, margin: 1 };
  return null;
}

/**
 * Whether the words set hold function words of the target and of another language (two or more
 * each; "…the already reduced price, no al precio original de la chaqueta" has 2.5 Spanish):
 * a sentence that switches inside it ("Lo sconto totale non è il 40 %, because the second
 * discount is applied…"). Its verdict as a whole is a coin toss; its clauses each have one.
 */
export function votesOfTwoLanguages(target: string): boolean {
  countVotes();
  const targetIndex = VOTE_LANGS.indexOf(target);
  if (targetIndex < 0 || votes[targetIndex]! < 2) return false;
  // Most sentences vote for the target alone: no need to split the others' votes then.
  let all = 0;
  for (let x = 0; x < voted; x++) all += votes[voteOrder[x]!]!;
  return all - votes[targetIndex]! >= 2 && otherVotes(targetIndex) >= 2;
}

// Re-flagging while an annotator types sends the same sentences again and again.
const modelCache = new Map<string, LanguageGuess>();

export function identifyWithModel(text: string, target: string): LanguageGuess {
  const key = `${target}\u0000${text}`;
  let guess = modelCache.get(key);
  if (!guess) {
    if (modelCache.size >= 4096) modelCache.clear();
    modelCache.set(key, (guess = identifyUncached(text, target)));
  }
  return guess;
}

export function clearLanguageIdCache(): void {
  modelCache.clear();
}

/** eld's score per language for `text` (empty when it cannot tell). */
export function languageScores(text: string): Record<string, number> {
  try {
    return eld.detect(text).getScores();
  } catch {
    return {};
  }
}

function identifyUncached(text: string, target: string): LanguageGuess {
  let result;
  try {
    result = eld.detect(text);
  } catch {
    return { lang: target, margin: 0 };
  }
  const lang = result.language;
  if (!lang || lang === target) return { lang: target, margin: 0 };
  const scores = result.getScores();
  const top = scores[lang] ?? 0;
  const own = scores[target] ?? 0;
  return { lang, margin: top - own };
}
