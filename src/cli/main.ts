// The wsagent command line. Heavy modules (the agent, the simulator, Ink and React) are imported
// lazily inside actions so `--version` and `--help` stay fast.
import { Command, CommanderError, Option } from 'commander';
import { redactSecrets, registerSecret } from '../config/secretRedactor.js';
import { watchStandardOutput } from './closedOutput.js';
import { quickExitAfterHttp } from './quickExit.js';
import { EXIT, UserFacingError } from './exitCodes.js';
import type { CodexExecFlags } from './codexExec.js';
import { addGlobalOptions, applyColor, collect, type GlobalOptions, SANDBOX_MODES } from './globalOptions.js';
import { helpFooter } from './helpFooter.js';
import { registerAcpCommand } from './acpCommand.js';
import { registerConfigCommand } from './configCommand.js';
import { registerDoctorCommand } from './doctor/doctorCommand.js';
import { registerMcpCommand, registerTrustCommand } from './mcpCommand.js';
import { registerRulesCommand } from './rulesCommand.js';
import { registerReviewCommand } from './reviewCommand.js';
import { registerSessionsCommand } from './sessionsCommand.js';
import { registerSimCommand } from './simCommand.js';
import { usageErrorLine } from './usageErrors.js';
import { VERSION } from './version.js';

watchStandardOutput();
quickExitAfterHttp();

const program = new Command();
addGlobalOptions(program)
  .name('wsagent')
  .description('A terminal coding agent on the OpenAI Responses API over one long-lived WebSocket')
  .version(VERSION, '-V, --version')
  .argument('[prompt]', 'interactive: start with this prompt')
  .showSuggestionAfterError(true)
  // One line per usage error, the suggestion on the same line: "unknown option '--modle' (Did you mean --model?)".
  .configureOutput({ outputError: (str, write) => write(usageErrorLine(str)) })
  .configureHelp({ showGlobalOptions: true })
  .addHelpText('after', () => helpFooter())
  .exitOverride()
  // Colour is decided before anything that reads it (chalk, Ink) is loaded.
  .hook('preAction', (_cmd, action) => {
    applyColor(action.optsWithGlobals<GlobalOptions>().color);
    giveBackSharedOptions(action);
  })
  .action(async (prompt: string | undefined, opts: GlobalOptions) => {
    const { resolveRun } = await import('./resolveRun.js');
    const run = resolveRun(opts);
    if (opts.prompt !== undefined) {
      if (opts.prompt.trim() === '') throw new UserFacingError('-p needs the prompt text (or - to read it from standard input)', EXIT.usage);
      // `wsagent -p --json`: commander took the next flag as the text.
      if (program.options.some((o) => o.long === opts.prompt || o.short === opts.prompt)) {
        throw new UserFacingError(`-p needs the prompt text; got the flag ${opts.prompt}`, EXIT.usage);
      }
      if (prompt !== undefined) throw new UserFacingError('give the prompt either as an argument or with -p, not both', EXIT.usage);
      const { runHeadless, oneShotPrompt } = await import('./headlessCommand.js');
      process.exitCode = await runHeadless(run, { prompts: [oneShotPrompt(opts.prompt)], mode: 'oneshot', ...(await headlessExtras(opts)) });
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
  .option('--fork', 'with --resume ID: go on in a copy of that session (a new id, in session.started); the original stays as it is')
  .addOption(
    new Option(
      '--input-format <format>',
      'stdin: text (prompts) or stream-json (JSON lines {"type":"user","message":{"role":"user","content":"…"}}: during a turn a line steers it, while idle it is the next turn)',
    ).choices(['text', 'stream-json']),
  )
  .option('--force', '/init: replace an existing AGENTS.md')
  .option('--experimental-json', "Codex's exec command line, as @openai/codex-sdk sends it: Codex JSONL events, `resume ID`, --config as Codex's")
  // Codex exec's other options (codexExec.ts): accepted with --experimental-json, ignored with a --verbose note.
  .addOption(new Option('--add-dir <dir>').argParser(collect).hideHelp())
  .addOption(new Option('--skip-git-repo-check').hideHelp())
  .addOption(new Option('--thread-source <source>').hideHelp())
  .addOption(new Option('--cyber-access-program <program>').hideHelp())
  .addOption(new Option('--last').hideHelp())
  .action(
    async (
      prompts: string[],
      cmdOpts: { script?: string; inputFormat?: 'text' | 'stream-json'; fork?: boolean; force?: boolean } & CodexExecFlags,
      cmd: Command,
    ) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { script?: string }>();
      if (cmdOpts.experimentalJson) {
        const { runCodexExec } = await import('./codexExecCommand.js');
        process.exitCode = await runCodexExec(prompts, cmdOpts, opts);
        return;
      }
      if (opts.verbose) {
        const { ignoredExecFlags } = await import('./codexExec.js');
        for (const note of ignoredExecFlags(cmdOpts)) process.stderr.write(`wsagent: note: ${note}\n`);
      }
      const { resolveRun } = await import('./resolveRun.js');
      const { runHeadless, execPrompts } = await import('./headlessCommand.js');
      const streamJson = cmdOpts.inputFormat === 'stream-json';
      if (streamJson && cmdOpts.script) throw new UserFacingError('--input-format stream-json reads its prompts from stdin; leave out --script', EXIT.usage);
      const list = streamJson ? prompts.map((p) => p.trim()).filter((p) => p !== '' && p !== '-') : execPrompts(prompts, cmdOpts.script);
      const run = resolveRun(opts);
      if (cmdOpts.fork && !run.resume) throw new UserFacingError('--fork copies a saved session: give it with --resume ID (or --resume last)', EXIT.usage);
      const { isInitCommand, initTarget } = await import('./initAgentsFile.js');
      const initPath = !streamJson && isInitCommand(list) ? initTarget(list, run.cwd, cmdOpts.force === true) : undefined;
      process.exitCode = await runHeadless(run, {
        prompts: list,
        mode: 'exec',
        ...(streamJson && { streamJsonInput: true }),
        ...(cmdOpts.fork && { fork: true }),
        ...(initPath && { initPath }),
        ...(await headlessExtras(opts)),
      });
    },
  );

/** What -p and exec share beyond the prompts: output format, last-message file, images, schema. */
async function headlessExtras(opts: GlobalOptions) {
  const { imageDataUrls } = await import('./imageInputs.js');
  const { loadOutputSchema } = await import('./outputSchema.js');
  return {
    json: opts.json === true || opts.jsonFormat !== undefined,
    verbose: opts.verbose === true,
    ...(opts.jsonFormat && { jsonFormat: opts.jsonFormat }),
    ...(opts.outputLastMessage && { outputLastMessage: opts.outputLastMessage }),
    ...(opts.image?.length && { images: imageDataUrls(opts.image) }),
    ...(opts.outputSchema && { outputSchema: loadOutputSchema(opts.outputSchema) }),
  };
}

program
  .command('demo')
  .description('watch the agent fix a failing test in a copy of a fixture repository, against the built-in simulator (no API key needed)')
  // --profile and -s/--sandbox are spelled like global options, which are parsed first wherever
  // they stand: giveBackSharedOptions hands their values back to the demo.
  .option('--profile <name>', 'simulated network: wan (default) or local')
  .addOption(
    new Option('-s, --sandbox <mode>', "where the agent's commands run (default workspace-write): time the demo with and without it").choices(SANDBOX_MODES),
  )
  .option('--plain', 'plain output even on a terminal')
  .option('--keep', 'keep the temporary repository and print its path')
  .action(async (cmdOpts: { profile?: string; sandbox?: string; plain?: boolean; keep?: boolean }) => {
    const { runDemo } = await import('./demoCommand.js');
    process.exitCode = await runDemo({ ...cmdOpts, profile: cmdOpts.profile ?? 'wan' });
  });

/**
 * The program's options are parsed wherever they stand, so a subcommand option spelled like a global
 * one (`sim --profile wan`: a network profile, not a settings profile) lands on the program: it is
 * handed back to the subcommand here.
 */
function giveBackSharedOptions(action: Command): void {
  if (action === program) return;
  for (const option of action.options) {
    const key = option.attributeName();
    if (!program.options.some((o) => o.long === option.long) || program.getOptionValueSource(key) !== 'cli') continue;
    if (action.getOptionValueSource(key) !== 'cli') action.setOptionValueWithSource(key, program.getOptionValue(key), 'cli');
  }
}

registerSimCommand(program);
registerConfigCommand(program);
registerMcpCommand(program);
registerTrustCommand(program);
registerRulesCommand(program);
registerSessionsCommand(program);
registerAcpCommand(program);
registerReviewCommand(program);
registerDoctorCommand(program);
// exec and acp run the agent: their help keeps the agent options.
for (const command of program.commands) if (command.name() !== 'exec' && command.name() !== 'acp') ownOptionsInHelp(command);

/**
 * The agent's ~30 options apply to the prompt and to exec; the other subcommands' help lists only
 * their own (the global ones are still accepted there, as before).
 */
function ownOptionsInHelp(command: Command): void {
  command.configureHelp({ ...command.configureHelp(), showGlobalOptions: false });
  for (const sub of command.commands) ownOptionsInHelp(sub);
}

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
