import { useEffect } from 'react';
import type { ScreenId } from './Nav.tsx';
import { useScreenReady } from '../ready.tsx';

const PLANS: Record<Exclude<ScreenId, 'samples'>, { title: string; lines: string[] }> = {
  review: {
    title: 'Review',
    lines: [
      'Open a sample to see its reasoning and summary in an editor, with every flag marked where it occurs.',
      'Rewrite it into clean reasoning plus a summary, compare against the original, and save a revision.',
      'Accept or reject from the keyboard and move straight to the next sample.',
    ],
  },
  generate: {
    title: 'Generate',
    lines: [
      'Start a generation run with a local GGUF model or an OpenAI-compatible endpoint, using the R1-Zero template.',
      'Sample several completions per prompt, watch progress live, cancel, and resume an interrupted run.',
    ],
  },
  versions: {
    title: 'Versions',
    lines: [
      'Commit reviewed samples as an immutable dataset version, compare versions, and export JSONL with a manifest.',
    ],
  },
  team: {
    title: 'Team',
    lines: ['Invite annotators with their own tokens, assign samples, and follow each person’s progress on the team server.'],
  },
};

export function Placeholder({ screen }: { screen: Exclude<ScreenId, 'samples'> }) {
  const plan = PLANS[screen];
  const ready = useScreenReady();
  useEffect(ready, [ready]);
  return (
    <section className="placeholder" data-testid={`screen-${screen}`}>
      <h1>{plan.title}</h1>
      <p className="placeholder-note">Not built yet. This screen will let you:</p>
      <ul>
        {plan.lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  );
}
