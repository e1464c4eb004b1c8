import type { assistProcedures } from '../../core/procedures/assist.ts';
import { AppError } from '../../core/errors.ts';
import { splitTrace } from '../../core/trace.ts';
import { defaultTopK } from '../../core/procedures/generation.ts';
import type { EnginePrompt } from '../llm/engine.ts';
import { createEngine } from '../llm/factory.ts';
import type { HandlerGroup } from '../router.ts';

type Action = 'target-language' | 'summary' | 'shorten';

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', zh: 'Chinese', ja: 'Japanese', ko: 'Korean', fr: 'French', de: 'German', es: 'Spanish', ru: 'Russian' };

/** The instruction for one action. The span goes last, fenced, so the model's reply is only the new text. */
export function assistPrompt(action: Action, span: string, language: string | null): EnginePrompt {
  const lang = LANGUAGE_NAMES[language ?? 'en'] ?? language ?? 'English';
  const ask =
    action === 'target-language'
      ? `Rewrite the following reasoning entirely in ${lang}. Keep every step, formula and number. Reply with the rewritten text only.`
      : action === 'summary'
        ? `Write a short, reader-friendly summary in ${lang} of the following reasoning: the key steps and the final answer. Reply with the summary only.`
        : `Shorten the following reasoning in ${lang}: remove repetition and filler, keep every necessary step. Reply with the shortened text only.`;
  return { kind: 'chat', messages: [{ role: 'user', content: `${ask}\n\n"""\n${span}\n"""` }] };
}

/** R1-style models think before answering: the proposal is what follows the reasoning. */
export function proposalFrom(completion: string): string {
  const split = splitTrace(completion);
  const text = split.hasCloseTag ? split.summary : split.hasOpenTag ? '' : completion;
  return text.replace(/^"""\s*|\s*"""$/g, '').trim();
}

// Running rewrites by client request id, so `assist.cancel` can reach one from another request.
const running = new Map<string, AbortController>();

export const assistHandlers: HandlerGroup<keyof typeof assistProcedures> = {
  'assist.rewrite': async ({ sampleId, text, start, end, action, engine: config, requestId, maxTokens }, ctx, backend) => {
    const ws = backend.workspace;
    const row = ws.samples.row(sampleId);
    if (!row) throw new AppError('not_found', `Sample ${sampleId} does not exist.`);
    if (running.has(requestId)) throw new AppError('conflict', 'A rewrite with this request id is already running.');
    // The factory keeps one loaded model; swapping it under a running generation would break that run.
    if (config.engine === 'llama' && ws.runs.list().some((r) => r.status === 'running' && r.engine === 'llama')) throw new AppError('conflict', 'A local generation run is using the model; wait for it or use an endpoint engine.');
    const controller = new AbortController();
    const onClose = () => controller.abort();
    ctx.signal?.addEventListener('abort', onClose, { once: true });
    running.set(requestId, controller);
    try {
      const original = text.slice(start, end);
      const source = action === 'summary' && original.trim() === '' ? splitTrace(text).reasoning : original;
      if (!source.trim()) throw new AppError('invalid_input', 'Select some text to rewrite.');
      const prompt = ws.prompts.get(row.promptId);
      const engine = await createEngine(config, backend.generation.modelsDir, { allowAbsolutePaths: backend.mode === 'local', group: 1, signal: controller.signal });
      const began = Date.now();
      const [sample] = await engine.generateGroup({
        prompt: assistPrompt(action, source, prompt?.language ?? row.language),
        samples: [{ index: 0, seed: 1 }],
        params: { temperature: 0.3, topP: 0.95, topK: defaultTopK(config.engine), minP: 0, maxTokens },
        signal: controller.signal,
      });
      if (controller.signal.aborted || sample?.finishReason === 'abort') throw new AppError('cancelled', 'The rewrite was cancelled.');
      if (!sample || sample.finishReason === 'error') throw new AppError('internal', `The model failed: ${sample?.error ?? 'no output'}`);
      return { start, end, original, proposal: proposalFrom(sample.completion), finishReason: sample.finishReason, durationMs: Date.now() - began };
    } finally {
      running.delete(requestId);
      ctx.signal?.removeEventListener('abort', onClose);
    }
  },

  'assist.cancel': ({ requestId }) => {
    const controller = running.get(requestId);
    controller?.abort();
    return { cancelled: Boolean(controller) };
  },
};
