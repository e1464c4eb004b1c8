/**
 * The R1 format reward: reasoning inside one `<think>…</think>` block, then an answer.
 * With a chat template that prefills `<think>` (R1-distill), the model's own text has only
 * `</think>`; engines usually put the prefilled tag back, so both shapes are accepted then.
 */
import { splitTrace } from '../trace.ts';

export type FormatProblem =
  | 'missing_open_tag'
  | 'missing_close_tag'
  | 'extra_think_tags'
  | 'text_before_think'
  | 'empty_reasoning'
  | 'no_answer'
  | 'unclosed_answer_tag'
  | 'answer_tag_in_reasoning';

export interface FormatCheck {
  ok: boolean;
  problems: FormatProblem[];
}

export interface FormatOptions {
  /** The prompt already ended in `<think>` (R1-distill chat templates), so the completion may lack it. */
  prefilledThink: boolean;
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

export function checkFormat(completion: string, options: FormatOptions): FormatCheck {
  const problems: FormatProblem[] = [];
  const opens = count(completion, '<think>');
  const closes = count(completion, '</think>');
  const trace = splitTrace(completion);

  if (opens === 0 && !options.prefilledThink) problems.push('missing_open_tag');
  if (closes === 0) problems.push('missing_close_tag');
  if (opens > 1 || closes > 1) problems.push('extra_think_tags');
  if (opens >= 1 && completion.slice(0, completion.indexOf('<think>')).trim() !== '') problems.push('text_before_think');
  if (closes >= 1 && trace.reasoning === '') problems.push('empty_reasoning');

  if (closes >= 1) {
    const after = completion.slice(completion.lastIndexOf('</think>') + '</think>'.length);
    const answerOpens = count(after, '<answer>');
    if (answerOpens > 0 && count(after, '</answer>') < answerOpens) problems.push('unclosed_answer_tag');
    if (trace.summary === '') problems.push('no_answer');
  }
  if (count(trace.reasoning, '<answer>') > 0) problems.push('answer_tag_in_reasoning');
  return { ok: problems.length === 0, problems };
}
