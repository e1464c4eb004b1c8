/**
 * Rule verification of one sample (the R1 accuracy and format rewards): the final answer is
 * read from the part after the reasoning and compared with the prompt's reference answer.
 */
import { splitTrace } from '../trace.ts';
import { answersMatch } from './compare.ts';
import { extractFinalAnswer } from './extract.ts';
import { checkFormat } from './format.ts';

export { answersMatch } from './compare.ts';
export { extractFinalAnswer, findLastBoxed, type AnswerSource, type ExtractedAnswer } from './extract.ts';
export { checkFormat, type FormatCheck, type FormatOptions, type FormatProblem } from './format.ts';
export { normalizeAnswer } from './normalize.ts';

export type VerifyTask = 'math' | 'code' | 'logic' | 'general';
export type Verdict = 'correct' | 'incorrect' | 'unverifiable';

export interface VerifyInput {
  completion: string;
  referenceAnswer: string | null | undefined;
  task: VerifyTask;
  /** See FormatOptions; defaults to false (the completion is expected to contain `<think>`). */
  prefilledThink?: boolean;
}

export interface VerifyResult {
  verdict: Verdict;
  extracted: string | null;
  formatOk: boolean;
  reason: string;
}

/** Tasks whose answers a rule can check; code needs test cases, general prose a human. */
const RULE_CHECKABLE: ReadonlySet<VerifyTask> = new Set(['math', 'logic']);

function clip(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function verifySample(input: VerifyInput): VerifyResult {
  const { completion, referenceAnswer, task } = input;
  const formatOk = checkFormat(completion, { prefilledThink: input.prefilledThink ?? false }).ok;
  const unverifiable = (reason: string, extracted: string | null = null): VerifyResult => ({ verdict: 'unverifiable', extracted, formatOk, reason });

  if (!RULE_CHECKABLE.has(task)) return unverifiable(`${task} answers are not checked by rule`);
  const trace = splitTrace(completion);
  // An answer inside reasoning that never closed is a guess mid-thought, not a final answer.
  if (trace.hasOpenTag && !trace.hasCloseTag) return unverifiable('the reasoning never ends (</think> missing; truncated?)');
  if (trace.summary === '') return unverifiable('no answer after the reasoning');
  const { answer, source } = extractFinalAnswer(trace.summary);
  if (answer === null) return unverifiable('no final answer found (no \\boxed{}, <answer> or number)');
  if (referenceAnswer === null || referenceAnswer === undefined || referenceAnswer.trim() === '') {
    return unverifiable('the prompt has no reference answer', answer);
  }
  const via = source === 'boxed' ? '\\boxed{}' : source === 'answer_tag' ? '<answer>' : 'the last number';
  if (answersMatch(answer, referenceAnswer)) {
    return { verdict: 'correct', extracted: answer, formatOk, reason: `answer from ${via} matches the reference` };
  }
  return {
    verdict: 'incorrect',
    extracted: answer,
    formatOk,
    reason: `answer from ${via} "${clip(answer)}" differs from the reference "${clip(referenceAnswer.trim())}"`,
  };
}

export interface GroupPassRate {
  correct: number;
  incorrect: number;
  unverifiable: number;
  /** correct / (correct + incorrect); null when nothing in the group could be checked. */
  passRate: number | null;
}

export function groupPassRate(verdicts: readonly Verdict[]): GroupPassRate {
  const tally = { correct: 0, incorrect: 0, unverifiable: 0 };
  for (const v of verdicts) tally[v]++;
  const checked = tally.correct + tally.incorrect;
  return { ...tally, passRate: checked === 0 ? null : tally.correct / checked };
}
