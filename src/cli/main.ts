// The wsagent command line. Heavy modules (simulator, Ink) are imported lazily inside actions so
// `--version` and `--help` stay fast.
import { Command, CommanderError } from 'commander';
import { EXIT, UserFacingError } from './exitCodes.js';
import { registerSimCommand } from './simCommand.js';
import { VERSION } from './version.js';

const program = new Command();
program
  .name('wsagent')
  .description('A terminal coding agent on the OpenAI Responses API over one long-lived WebSocket')
  .version(VERSION, '-V, --version')
  .option('--verbose', 'print stack traces on errors')
  .showHelpAfterError('(run wsagent --help for usage)')
  .exitOverride();
registerSimCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = reportError(err);
}

function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // Commander has already printed its message; --help and --version exit 0.
    return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  const verbose = process.argv.includes('--verbose');
  if (err instanceof UserFacingError) {
    process.stderr.write(`wsagent: ${err.message}\n`);
    if (verbose && err.stack) process.stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`wsagent: unexpected error: ${message}\n`);
  if (verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  else process.stderr.write('(run again with --verbose for details)\n');
  return EXIT.taskFailed;
}
