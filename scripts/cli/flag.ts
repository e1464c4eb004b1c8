import type { Command } from 'commander';
import type { Backend } from '../../backend/backend.ts';
import { LOCAL_ACTOR } from '../../backend/router.ts';
import { defaultFlagSettings, type FlagSettings } from '../../core/flags/defaults.ts';
import { EXIT_FAILED, printJson, progressBar, UsageError, withBackend } from './common.ts';
import type { GlobalOptions } from './common.ts';

export function registerFlag(program: Command, globals: () => GlobalOptions): void {
  program
    .command('flag <in>')
    .description('flag readability and mixed-language problems in a JSONL file of traces (no workspace needed); one JSON line out per line in')
    .option('--out <file>', 'write results here instead of stdout')
    .option('--jobs <n>', 'threads that may flag, this one included (default: one per core, up to 8); workers start only for a run this thread alone would need over 3 s for')
    .option('--settings <file>', 'flag thresholds from a JSON object (e.g. what `coldstart flags settings --json` prints)')
    .option('--set <key=value>', 'one flag threshold, e.g. --set longParagraphWords=300 (repeatable; after --settings)', (v: string, list: string[]) => [...list, v], [] as string[])
    .action(async (input: string, opts: { out?: string; jobs?: string; settings?: string; set: string[] }) => {
      let jobs: number | undefined;
      if (opts.jobs !== undefined) {
        jobs = Number(opts.jobs);
        if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs must be a whole number of at least 1, not "${opts.jobs}"`);
      }
      const { parseAssignments, readSettingsFile } = await import('./flag-settings.ts');
      const settings = { ...(opts.settings ? readSettingsFile(opts.settings) : {}), ...parseAssignments(opts.set) };
      const { runFlagCommand } = await import('../commands/flag.ts');
      // Results on the terminal and a bar redrawn over them would garble each other.
      const bar = progressBar(opts.out || !process.stdout.isTTY ? globals() : { json: true }, 'flag', 'bytes');
      try {
        const result = await runFlagCommand({
          inputPath: input,
          ...(opts.out ? { outPath: opts.out } : {}),
          ...(jobs ? { jobs } : {}),
          ...(Object.keys(settings).length > 0 ? { settings } : {}),
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

/** `coldstart flags settings|set|reflag`: a workspace's flag thresholds, as the Flags screen shows them. */
export function registerFlagsSettings(program: Command, globals: () => GlobalOptions): void {
  const flags = program.command('flags').description("show or change a workspace's flag thresholds, or re-flag it (waits, with progress)");
  flags
    .command('settings')
    .description('the thresholds in force (with --json, an object `coldstart flag --settings` takes)')
    .action(() =>
      withBackend(globals(), async (backend) => {
        const settings = (await backend.router.call('flags.getSettings', {}, { actor: LOCAL_ACTOR })) as FlagSettings;
        if (globals().json) printJson(settings);
        else for (const [key, value] of Object.entries(settings)) console.log(`${key.padEnd(24)} ${String(value)}${value === defaultFlagSettings[key as keyof FlagSettings] ? '' : `   (default ${String(defaultFlagSettings[key as keyof FlagSettings])})`}`);
      }),
    );
  flags
    .command('set <key=value...>')
    .description('store thresholds (e.g. longParagraphWords=300 prefillThink=false) and re-flag every sample with them')
    .action((assignments: string[]) =>
      withBackend(globals(), async (backend) => {
        const { parseAssignments } = await import('./flag-settings.ts');
        const patch = parseAssignments(assignments);
        const before = backend.flagger.currentVersion();
        const settings = await backend.router.call('flags.updateSettings', patch, { actor: LOCAL_ACTOR });
        if (backend.flagger.currentVersion() !== before) await waitForPass(backend, globals());
        if (globals().json) printJson(settings);
        else console.log(`Stored ${Object.keys(patch).join(', ')} and flagged ${samplesText(backend.workspace.samples.count())} with them.`);
      }),
    );
  flags
    .command('reflag')
    .description('flag every sample again, even those whose flags are current')
    .action(() =>
      withBackend(globals(), async (backend) => {
        await backend.router.call('flags.reflag', {}, { actor: LOCAL_ACTOR });
        await waitForPass(backend, globals());
        if (globals().json) printJson(await backend.router.call('flags.status', {}, { actor: LOCAL_ACTOR }));
        else console.log(`Flagged ${samplesText(backend.workspace.samples.count())} again.`);
      }),
    );
}

const samplesText = (n: number) => `${n} ${n === 1 ? 'sample' : 'samples'}`;

/** Waits for the background pass that a settings change or re-flag started, with a progress bar. */
async function waitForPass(backend: Backend, g: GlobalOptions): Promise<void> {
  const bar = progressBar(g, 'flag', 'samples');
  const off = backend.events.subscribe((m) => {
    if (m.event === 'flagging.progress') bar.update(m.data.done, m.data.total);
  });
  try {
    await backend.flagger.schedule();
  } finally {
    off();
    bar.stop();
  }
}
