/**
 * `coldstart`: the command line over the same backend the app uses.
 * Exit codes: 0 ok, 1 failed, 2 usage error.
 */
import { Command, CommanderError } from 'commander';
import { APP_VERSION } from '../backend/version.ts';
import { describeError, EXIT_FAILED, EXIT_USAGE, UsageError, type GlobalOptions } from './cli/common.ts';
import { registerImport } from './cli/import.ts';
import { registerWorkspaceCommands } from './cli/workspace.ts';
import { registerFlag, registerFlagsSettings } from './cli/flag.ts';
import { registerGenerate } from './cli/generate.ts';
import { registerVersions } from './cli/versions.ts';
import { registerTeam } from './cli/team.ts';

// A reader that goes away (`coldstart … | head`) wants nothing more: end quietly, as a Unix tool
// does on SIGPIPE, instead of crashing with a stack trace from the next write.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command();
program
  .name('coldstart')
  .description('Curate DeepSeek-R1-style cold-start reasoning data: import, flag, review, version and export.')
  .version(APP_VERSION)
  .option('-w, --workspace <dir>', 'workspace folder (default: $COLDSTART_WORKSPACE)')
  .option('--json', 'machine-readable output, no progress bars')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

const globals = (): GlobalOptions => program.opts<GlobalOptions>();
registerWorkspaceCommands(program, globals);
registerImport(program, globals);
registerFlag(program, globals);
registerFlagsSettings(program, globals);
registerGenerate(program, globals);
registerVersions(program, globals);
registerTeam(program, globals);

for (const command of program.commands) {
  command.exitOverride();
  for (const sub of command.commands) sub.exitOverride();
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version are not failures; every other commander error is a usage mistake.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' || error.exitCode === 0) process.exit(0);
    process.exit(EXIT_USAGE);
  }
  process.stderr.write(`coldstart: ${describeError(error)}\n`);
  process.exit(error instanceof UsageError ? EXIT_USAGE : EXIT_FAILED);
}
