/**
 * Prompt templates: how a prompt row becomes what an engine is sent.
 *
 * - `r1-zero`: the DeepSeek-R1 paper's Table 1 template, sent as raw text (a base/"zero" model
 *   has no chat template to apply).
 * - `chat`: a single user message, no system prompt — DeepSeek recommends none for R1 and its
 *   distills, whose chat template prefills `<think>` itself.
 * - `{ custom }`: the user's own text template containing `{prompt}` (and optionally
 *   `{instruction}`), sent as raw text.
 */

/** Mirrors `EnginePrompt` in backend/llm/engine.ts, which core may not import. */
export type EnginePromptLike =
  | { kind: 'chat'; messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }> }
  | { kind: 'text'; text: string };

export type TaskKind = 'math' | 'code' | 'logic' | 'general';

export type TemplateChoice = 'r1-zero' | 'chat' | { custom: string };

/** Verbatim from arXiv 2501.12948, Table 1 (including the ". Assistant:" after the prompt). */
export const R1_ZERO_TEMPLATE =
  'A conversation between User and Assistant. The user asks a question, and the Assistant solves it. ' +
  'The assistant first thinks about the reasoning process in the mind and then provides the user with the answer. ' +
  'The reasoning process and answer are enclosed within <think> </think> and <answer> </answer> tags, respectively, ' +
  'i.e., <think> reasoning process here </think> <answer> answer here </answer>. User: {prompt}. Assistant:';

export const PROMPT_PLACEHOLDER = '{prompt}';
export const INSTRUCTION_PLACEHOLDER = '{instruction}';

/**
 * Default per-task instruction appended to the question. The math one is DeepSeek's own
 * evaluation directive; the rule verifier reads the `\boxed{}` it asks for.
 */
export const TASK_INSTRUCTIONS: Record<TaskKind, string | null> = {
  math: 'Please reason step by step, and put your final answer within \\boxed{}.',
  logic: 'Please reason step by step, and put your final answer within \\boxed{}.',
  code: 'Please reason step by step, then give your complete solution in a single fenced code block.',
  general: null,
};

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** Throws a TemplateError unless the template has a `{prompt}` slot. */
export function validateTemplate(template: string): void {
  if (!template.includes(PROMPT_PLACEHOLDER)) {
    throw new TemplateError(
      `A custom template must contain the placeholder ${PROMPT_PLACEHOLDER} where the question goes; this one does not.`,
    );
  }
}

/**
 * Substitutes every `{prompt}` (and `{instruction}`, if given) in one pass, so text inside the
 * prompt that happens to read `{instruction}` (or `$&`, which String.replace would expand
 * with a string replacement) arrives verbatim.
 */
export function renderTemplate(template: string, prompt: string, instruction?: string | null): string {
  validateTemplate(template);
  const slots = instruction === undefined ? /\{prompt\}/g : /\{prompt\}|\{instruction\}/g;
  return template.replace(slots, (slot) => (slot === PROMPT_PLACEHOLDER ? prompt : (instruction ?? '')));
}

export interface BuildPromptOptions {
  template: TemplateChoice;
  prompt: string;
  task?: TaskKind;
  /** `undefined`: the task's default instruction; `null`: none; a string: that instruction. */
  instruction?: string | null;
}

export function resolveInstruction(task: TaskKind | undefined, instruction: string | null | undefined): string | null {
  if (instruction !== undefined) return instruction === null || instruction.trim() === '' ? null : instruction;
  return TASK_INSTRUCTIONS[task ?? 'general'];
}

function withInstruction(prompt: string, instruction: string | null): string {
  return instruction ? `${prompt.trimEnd()}\n${instruction}` : prompt;
}

export function buildPrompt(opts: BuildPromptOptions): EnginePromptLike {
  const instruction = resolveInstruction(opts.task, opts.instruction);
  const { template } = opts;
  if (template === 'chat') {
    return { kind: 'chat', messages: [{ role: 'user', content: withInstruction(opts.prompt, instruction) }] };
  }
  if (template === 'r1-zero') {
    return { kind: 'text', text: renderTemplate(R1_ZERO_TEMPLATE, withInstruction(opts.prompt, instruction)) };
  }
  if (typeof template === 'object' && template !== null && typeof template.custom === 'string') {
    const custom = template.custom;
    validateTemplate(custom);
    // A template that places the instruction itself gets it there; otherwise it follows the question.
    if (custom.includes(INSTRUCTION_PLACEHOLDER)) {
      return { kind: 'text', text: renderTemplate(custom, opts.prompt, instruction ?? '') };
    }
    return { kind: 'text', text: renderTemplate(custom, withInstruction(opts.prompt, instruction)) };
  }
  throw new TemplateError(`Unknown template ${JSON.stringify(template)}: expected "r1-zero", "chat" or { custom: "…{prompt}…" }.`);
}
