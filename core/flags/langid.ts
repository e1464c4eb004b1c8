/**
 * Language identification of Latin- and Cyrillic-script prose. A cheap function-word vote
 * settles most sentences; only the undecided ones go to eld (n-gram model, pure JS, no Node
 * APIs, so it also runs in the renderer's web worker). See docs/flags.md for why eld.
 */
import { eld } from 'eld/small';

// Function words, plus a few words that are this common in reasoning and belong to one of these
// languages only ("let", "sure", "ещё", "hay"): a word shared with another listed language splits
// its vote, and one shared with an unlisted language of the same script (Ukrainian "давайте",
// Portuguese "todos") would hide a switch to it, so those stay out. Every sentence settled here is
// one eld call saved (about 50 µs each).
const STOPWORDS: Record<string, string[]> = {
  en: [
    ...'the and is of to we that this it so for are with be by then which not as at on have can if in our its was from or all each but'.split(' '),
    ...'let you your what how when where why there here does did would should could must might than just only about into after before because these those them they their she his some any such both other same now first need make sure get give gives means again check every one two three many use using'.split(' '),
    "let's", "it's", "that's", "there's", "what's", "i'm", "i'll",
  ],
  fr: 'le la les de des et est que qui on pour une un dans donc pas avec sont du au il nous ce cette mais par sur ou se leur aussi très alors sans parce quand où déjà cela ça vaut'.split(' '),
  de: 'der die das und ist nicht mit ein eine wir zu den dem auch sich von für es also sind auf wenn dass ich wird noch nur oder bei kann muss dann haben hat aber diese dieser dieses jetzt'.split(' '),
  es: 'el los las de y que es en un una por con para del se no su como son al lo esta este pero más así hay muy también entonces cuando donde eso esto ese esa'.split(' '),
  it: 'il gli di che è per una sono della nel non anche come questo quindi più alla'.split(' '),
  pt: 'os um uma é em não com para que dos das ao pelo mais isso então também'.split(' '),
  nl: 'de het een en van is dat niet zijn met voor ook maar dan wij'.split(' '),
  ru: 'и в не на что это с как по мы для то а так из у к же до равно если или его все при сначала теперь значит нужно нужна можно ещё есть будет только когда чтобы где который которые тогда итак поэтому также было этого этот эти всех'.split(' '),
};

const VOTE_LANGS = Object.keys(STOPWORDS);
/** Per function word: the indexes (in VOTE_LANGS) of the languages it belongs to. */
const STOP_INDEX = new Map<string, number[]>();
VOTE_LANGS.forEach((lang, k) => {
  // Contractions are written with either apostrophe.
  for (const w of STOPWORDS[lang]!) for (const form of w.includes("'") ? [w, w.replace("'", '’')] : [w]) STOP_INDEX.set(form, [...(STOP_INDEX.get(form) ?? []), k]);
});

// The votes of the last `countVotes` (reused: this runs for every new sentence): per language, and
// the languages in the order they got their first vote, which is the order ties are broken in.
const votes = new Float64Array(VOTE_LANGS.length);
const voteOrder = new Int32Array(VOTE_LANGS.length);
let voted = 0;

/** Function-word votes for a list of lower-case words: each word's vote is shared by its languages. */
function countVotes(words: string[]): void {
  votes.fill(0);
  voted = 0;
  for (const w of words) {
    const langs = STOP_INDEX.get(w);
    if (!langs) continue;
    for (const k of langs) {
      if (votes[k] === 0) voteOrder[voted++] = k;
      votes[k] = votes[k]! + 1 / langs.length;
    }
  }
}

/** The language with the most function-word votes (the first to get its votes on a tie), or `fallback` when none has any. */
export function topVote(words: string[], fallback: string): string {
  countVotes(words);
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
function otherVotes(words: string[], target: number): number {
  if (voted === 0 || (voted === 1 && voteOrder[0] === target)) return 0;
  others.fill(0);
  let most = 0;
  for (const w of words) {
    const langs = STOP_INDEX.get(w);
    if (!langs || langs.includes(target)) continue;
    for (const k of langs) {
      others[k] = others[k]! + 1 / langs.length;
      if (others[k]! > most) most = others[k]!;
    }
  }
  return most;
}
const others = new Float64Array(VOTE_LANGS.length);

export function hasStopwords(lang: string): boolean {
  return lang in STOPWORDS;
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
  countVotes(words);
  const targetIndex = VOTE_LANGS.indexOf(target);
  const targetVotes = targetIndex < 0 ? 0 : votes[targetIndex]!;
  const top = best(target);
  // A sentence that switches language halfway has votes for both: eld weighs those.
  if (targetVotes >= 2 && targetVotes >= top.votes * 0.75 && otherVotes(words, targetIndex) <= targetVotes * 0.5) return { lang: target, margin: 0 };
  if (top.votes >= 3 && top.lang !== target && targetVotes <= top.votes * 0.25) return { lang: top.lang, margin: 1 };
  return identifyWithModel(words.join(' '), target);
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
