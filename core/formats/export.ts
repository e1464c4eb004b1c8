/**
 * Export records for the training stacks that read R1-style SFT data. Pure: one curated
 * item in, one plain JSON record out, with a fixed key order so that the same item and
 * options always serialise to the same bytes.
 */
import { joinTrace } from '../trace.ts';

export const EXPORT_FORMATS = ['messages', 'reasoning-content', 'r1-special', 'prompt-completion', 'sharegpt', 'alpaca'] as const;
export type ExportFormatName = (typeof EXPORT_FORMATS)[number];

/** DeepSeek-R1's cold-start pattern names a placeholder token; users pick their tokenizer's real one. */
export const DEFAULT_SPECIAL_TOKEN = '|special_token|';

export interface ExportItem {
  prompt: string;
  reasoning: string;
  summary: string;
}

export interface RenderOptions {
  system?: string | null;
  /** r1-special only: the token before the reasoning and the one between reasoning and summary. */
  specialTokens?: { start: string; end: string };
}

type Chat = { role: 'system' | 'user' | 'assistant'; content: string };

function chat(prompt: string, system: string | null | undefined): Chat[] {
  const turns: Chat[] = [];
  if (system) turns.push({ role: 'system', content: system });
  turns.push({ role: 'user', content: prompt });
  return turns;
}

/**
 * Why an item cannot become a valid training record, or null. The same rule holds for every
 * format, so one version exports the same items whatever the format: chat fine-tuning
 * rejects empty turns, and an answer without a summary is not the readable pattern.
 */
export function skipReason(item: ExportItem): 'empty_prompt' | 'empty_summary' | null {
  if (item.prompt.trim() === '') return 'empty_prompt';
  if (item.summary.trim() === '') return 'empty_summary';
  return null;
}

export function renderRecord(format: ExportFormatName, item: ExportItem, options: RenderOptions = {}): Record<string, unknown> {
  const system = options.system ?? null;
  const thinking = joinTrace(item.reasoning, item.summary);
  switch (format) {
    case 'messages':
      return { messages: [...chat(item.prompt, system), { role: 'assistant', content: thinking }] };
    case 'reasoning-content':
      return { messages: [...chat(item.prompt, system), { role: 'assistant', content: item.summary.trim(), reasoning_content: item.reasoning.trim() }] };
    case 'r1-special': {
      const start = options.specialTokens?.start ?? DEFAULT_SPECIAL_TOKEN;
      const end = options.specialTokens?.end ?? start;
      return { messages: [...chat(item.prompt, system), { role: 'assistant', content: `${start}${item.reasoning.trim()}${end}${item.summary.trim()}` }] };
    }
    case 'prompt-completion':
      // TRL's conversational prompt-completion type: the chat template (and the system turn) still apply.
      return { prompt: chat(item.prompt, system), completion: [{ role: 'assistant', content: thinking }] };
    case 'sharegpt': {
      // LLaMA-Factory reads the system prompt from its own column; turns alternate human/gpt.
      const record: Record<string, unknown> = { conversations: [{ from: 'human', value: item.prompt }, { from: 'gpt', value: thinking }] };
      if (system) record.system = system;
      return record;
    }
    case 'alpaca': {
      const record: Record<string, unknown> = { instruction: item.prompt, input: '', output: thinking };
      if (system) record.system = system;
      return record;
    }
  }
}

/** One JSONL line, newline included. */
export function renderLine(format: ExportFormatName, item: ExportItem, options: RenderOptions = {}): string {
  return `${JSON.stringify(renderRecord(format, item, options))}\n`;
}

const q = JSON.stringify;

/**
 * The same bytes as `renderLine`, built by concatenation: no record objects, the system turn
 * encoded once, and the prompt's JSON reused while consecutive items share a prompt (samples
 * of a group are adjacent). A 100k-sample export spends most of its time here.
 */
export function lineRenderer(format: ExportFormatName, options: RenderOptions = {}): (item: ExportItem) => string {
  const system = options.system ? q(options.system) : null;
  const start = options.specialTokens?.start ?? DEFAULT_SPECIAL_TOKEN;
  const end = options.specialTokens?.end ?? start;
  const chatHead = system ? `{"role":"system","content":${system}},` : '';
  let lastPrompt: string | null = null;
  let lastPromptJson = '';
  return (item) => {
    if (item.prompt !== lastPrompt) {
      lastPrompt = item.prompt;
      lastPromptJson = q(item.prompt);
    }
    const user = `${chatHead}{"role":"user","content":${lastPromptJson}}`;
    switch (format) {
      case 'messages':
        return `{"messages":[${user},{"role":"assistant","content":${q(joinTrace(item.reasoning, item.summary))}}]}\n`;
      case 'reasoning-content':
        return `{"messages":[${user},{"role":"assistant","content":${q(item.summary.trim())},"reasoning_content":${q(item.reasoning.trim())}}]}\n`;
      case 'r1-special':
        return `{"messages":[${user},{"role":"assistant","content":${q(start + item.reasoning.trim() + end + item.summary.trim())}}]}\n`;
      case 'prompt-completion':
        return `{"prompt":[${user}],"completion":[{"role":"assistant","content":${q(joinTrace(item.reasoning, item.summary))}}]}\n`;
      case 'sharegpt':
        return `{"conversations":[{"from":"human","value":${lastPromptJson}},{"from":"gpt","value":${q(joinTrace(item.reasoning, item.summary))}}]${system ? `,"system":${system}` : ''}}\n`;
      case 'alpaca':
        return `{"instruction":${lastPromptJson},"input":"","output":${q(joinTrace(item.reasoning, item.summary))}${system ? `,"system":${system}` : ''}}\n`;
    }
  };
}

export function isExportFormat(value: string): value is ExportFormatName {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}
