import type { Command } from 'commander';
import { EXIT_FAILED } from './common.ts';
import type { GlobalOptions } from './common.ts';

export function registerFlag(program: Command, _globals: () => GlobalOptions): void {
  program
    .command('flag <in>')
    .description('flag readability and mixed-language problems in a JSONL file of traces (no workspace needed); one JSON line out per line in')
    .option('--out <file>', 'write results here instead of stdout')
    .action(async (input: string, opts: { out?: string }) => {
      const { runFlagCommand } = await import('../commands/flag.ts');
      const result = await runFlagCommand({ inputPath: input, ...(opts.out ? { outPath: opts.out } : {}) });
      if (result.failed > 0) {
        process.stderr.write(`coldstart flag: ${result.failed} of ${result.lines} lines could not be read (see their "error" fields)\n`);
        process.exitCode = EXIT_FAILED;
      }
    });
}
