import type { Command } from 'commander';
import { EXIT_FAILED, progressBar, UsageError } from './common.ts';
import type { GlobalOptions } from './common.ts';

export function registerFlag(program: Command, globals: () => GlobalOptions): void {
  program
    .command('flag <in>')
    .description('flag readability and mixed-language problems in a JSONL file of traces (no workspace needed); one JSON line out per line in')
    .option('--out <file>', 'write results here instead of stdout')
    .option('--jobs <n>', 'threads to flag in, this one included (default: 1 for a file under 16 MiB, else one per core, up to 8)')
    .action(async (input: string, opts: { out?: string; jobs?: string }) => {
      let jobs: number | undefined;
      if (opts.jobs !== undefined) {
        jobs = Number(opts.jobs);
        if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs must be a whole number of at least 1, not "${opts.jobs}"`);
      }
      const { runFlagCommand } = await import('../commands/flag.ts');
      // Results on the terminal and a bar redrawn over them would garble each other.
      const bar = progressBar(opts.out || !process.stdout.isTTY ? globals() : { json: true }, 'flag', 'bytes');
      try {
        const result = await runFlagCommand({
          inputPath: input,
          ...(opts.out ? { outPath: opts.out } : {}),
          ...(jobs ? { jobs } : {}),
          onProgress: (done, total) => bar.update(done, total),
        });
        bar.stop();
        if (result.failed > 0) {
          process.stderr.write(`coldstart flag: ${result.failed} of ${result.lines} lines could not be read (see their "error" fields)\n`);
          process.exitCode = EXIT_FAILED;
        }
      } catch (error) {
        // The reader went away (`coldstart flag big.jsonl | head`): nothing more is wanted, as
        // when a Unix tool meets SIGPIPE, so stop quietly rather than report a failure.
        if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
        process.stdout.on('error', () => {});
      } finally {
        bar.stop();
      }
    });
}
