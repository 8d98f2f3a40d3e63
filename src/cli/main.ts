// The wsagent command line. Heavy modules (the agent, the simulator, Ink and React) are imported
// lazily inside actions so `--version` and `--help` stay fast.
import { Command, CommanderError } from 'commander';
import { redactSecrets, registerSecret } from '../config/secretRedactor.js';
import { EXIT, UserFacingError } from './exitCodes.js';
import { addGlobalOptions, type GlobalOptions } from './globalOptions.js';
import { registerConfigCommand } from './configCommand.js';
import { registerMcpCommand } from './mcpCommand.js';
import { registerSessionsCommand } from './sessionsCommand.js';
import { registerSimCommand } from './simCommand.js';
import { VERSION } from './version.js';

const program = new Command();
addGlobalOptions(program)
  .name('wsagent')
  .description('A terminal coding agent on the OpenAI Responses API over one long-lived WebSocket')
  .version(VERSION, '-V, --version')
  .argument('[prompt]', 'interactive: start with this prompt')
  .showHelpAfterError('(run wsagent --help for usage)')
  .exitOverride()
  .action(async (prompt: string | undefined, opts: GlobalOptions) => {
    const { resolveRun } = await import('./resolveRun.js');
    const run = resolveRun(opts);
    if (opts.prompt !== undefined) {
      if (prompt !== undefined) throw new UserFacingError('give the prompt either as an argument or with -p, not both', EXIT.usage);
      const { runHeadless } = await import('./headlessCommand.js');
      process.exitCode = await runHeadless(run, { prompts: [opts.prompt], json: opts.json === true, mode: 'oneshot', ...(opts.outputLastMessage && { outputLastMessage: opts.outputLastMessage }) });
      return;
    }
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      throw new UserFacingError('interactive mode needs a terminal; use `wsagent -p "…"` or `wsagent exec "…"` in scripts', EXIT.usage);
    }
    const { runInteractiveCommand } = await import('./interactiveCommand.js');
    process.exitCode = await runInteractiveCommand(run, prompt);
  });

program
  .command('exec')
  .description('run prompts as follow-up turns of one session, without a terminal (CI); exit code tells the outcome')
  .argument('[prompts...]', 'prompts, in order; - reads them from stdin')
  .option('--script <file>', 'read prompts from a file, one per block separated by lines of ---  (- for stdin)')
  .action(async (prompts: string[], cmdOpts: { script?: string }, cmd: Command) => {
    const opts = cmd.optsWithGlobals<GlobalOptions & { script?: string }>();
    const { resolveRun } = await import('./resolveRun.js');
    const { runHeadless, execPrompts } = await import('./headlessCommand.js');
    const list = execPrompts(prompts, cmdOpts.script);
    const run = resolveRun(opts);
    process.exitCode = await runHeadless(run, { prompts: list, json: opts.json === true, mode: 'exec', ...(opts.outputLastMessage && { outputLastMessage: opts.outputLastMessage }) });
  });

program
  .command('demo')
  .description('watch the agent fix a failing test in a copy of a fixture repository, against the built-in simulator (no API key needed)')
  .option('--profile <name>', 'simulated network: wan (default) or local', 'wan')
  .option('--plain', 'plain output even on a terminal')
  .option('--keep', 'keep the temporary repository and print its path')
  .action(async (cmdOpts: { profile: string; plain?: boolean; keep?: boolean }, cmd: Command) => {
    const { runDemo } = await import('./demoCommand.js');
    const { sandbox } = cmd.optsWithGlobals<GlobalOptions>(); // -s/--sandbox: time the demo with and without it
    process.exitCode = await runDemo({ ...cmdOpts, ...(sandbox && { sandbox }) });
  });

registerSimCommand(program);
registerConfigCommand(program);
registerMcpCommand(program);
registerSessionsCommand(program);

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
  // A server may echo the key in an error body: it is blanked here as everywhere else.
  registerSecret(process.env.OPENAI_API_KEY);
  if (err instanceof UserFacingError) {
    process.stderr.write(`wsagent: ${redactSecrets(err.message)}\n`);
    if (verbose && err.stack) process.stderr.write(`${redactSecrets(err.stack)}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`wsagent: unexpected error: ${redactSecrets(message)}\n`);
  if (verbose && err instanceof Error && err.stack) process.stderr.write(`${redactSecrets(err.stack)}\n`);
  else process.stderr.write('(run again with --verbose for details)\n');
  return EXIT.taskFailed;
}
