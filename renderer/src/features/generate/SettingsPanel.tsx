import { Field } from '../../components/Field.tsx';
import type { FormErrors, GenerateForm } from './settings.ts';

interface Props {
  form: GenerateForm;
  errors: FormErrors;
  set(patch: Partial<GenerateForm>): void;
  disabled: boolean;
}

const NUMBERS: Array<{ key: 'group' | 'temperature' | 'topP' | 'topK' | 'minP' | 'maxTokens' | 'seed'; label: string; hint?: string; step: string }> = [
  { key: 'group', label: 'Group size (samples per prompt)', hint: '1–64; GRPO-style groups of 8–16 are common', step: '1' },
  { key: 'temperature', label: 'Temperature', hint: '0 is greedy; R1 paper: 0.6', step: '0.05' },
  { key: 'topP', label: 'Top-p', hint: 'R1 paper: 0.95', step: '0.01' },
  { key: 'topK', label: 'Top-k', hint: '0 = off (slow on local models: it sorts the whole vocabulary every token)', step: '1' },
  { key: 'minP', label: 'Min-p', hint: '0 = off', step: '0.01' },
  { key: 'maxTokens', label: 'Max tokens per sample', step: '256' },
  { key: 'seed', label: 'Seed', hint: 'per-sample seeds derive from it', step: '1' },
];

export function SettingsPanel({ form, errors, set, disabled }: Props) {
  return (
    <section className="gen-panel" data-testid="gen-settings">
      <h2>Settings</h2>
      <fieldset className="gen-fieldset" disabled={disabled}>
        <div className="field-grid">
          <Field label="Prompts">
            <select value={form.prompts} onChange={(e) => set({ prompts: e.target.value as GenerateForm['prompts'] })} data-testid="set-prompts">
              <option value="unsampled">Prompts without samples</option>
              <option value="all">All prompts</option>
            </select>
          </Field>
          {NUMBERS.map((n) => (
            <Field key={n.key} label={n.label} error={errors[n.key]} {...(n.hint ? { hint: n.hint } : {})}>
              <input type="number" inputMode="decimal" step={n.step} value={form[n.key]} placeholder={n.key === 'topK' ? (form.source === 'local' ? '40 (default)' : 'off (default)') : undefined} onChange={(e) => set({ [n.key]: e.target.value })} data-testid={`set-${n.key}`} />
            </Field>
          ))}
          <Field label="Template" hint={form.template === 'r1-zero' ? 'The R1 paper’s Table 1 prompt, as a plain completion' : form.template === 'chat' ? 'The model’s own chat template (R1 distills prefill <think>)' : 'Your text with {prompt} where the question goes'}>
            <select value={form.template} onChange={(e) => set({ template: e.target.value as GenerateForm['template'] })} data-testid="set-template">
              <option value="chat">Model chat template</option>
              <option value="r1-zero">R1-Zero (paper Table 1)</option>
              <option value="custom">Custom…</option>
            </select>
          </Field>
          <Field label="Instruction">
            <select value={form.instruction} onChange={(e) => set({ instruction: e.target.value as GenerateForm['instruction'] })} data-testid="set-instruction">
              <option value="task">Task default (e.g. \boxed{} for math)</option>
              <option value="none">None</option>
              <option value="custom">Custom…</option>
            </select>
          </Field>
        </div>
        {form.template === 'custom' ? (
          <Field label="Custom template" error={errors.customTemplate}>
            <textarea rows={3} value={form.customTemplate} onChange={(e) => set({ customTemplate: e.target.value })} data-testid="set-custom-template" />
          </Field>
        ) : null}
        {form.instruction === 'custom' ? (
          <Field label="Instruction appended to each prompt" error={errors.instructionText}>
            <textarea rows={2} value={form.instructionText} placeholder="Please reason step by step, and put your final answer within \boxed{}." onChange={(e) => set({ instructionText: e.target.value })} data-testid="set-instruction-text" />
          </Field>
        ) : null}
      </fieldset>
    </section>
  );
}
