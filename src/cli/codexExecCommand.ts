// Runs `wsagent exec --experimental-json …` (Codex's command line, see codexExec.ts): one turn, the
// prompt from the argument or standard input, Codex's JSONL events on stdout.
import { type CodexExecFlags, planCodexExec } from './codexExec.js';
import { EXIT, UserFacingError } from './exitCodes.js';
import type { GlobalOptions } from './globalOptions.js';
import { oneShotPrompt, pipedStdin, runHeadless } from './headlessCommand.js';
import { imageDataUrls } from './imageInputs.js';
import { loadOutputSchema } from './outputSchema.js';
import { resolveRun } from './resolveRun.js';

export async function runCodexExec(positionals: string[], flags: CodexExecFlags, opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const plan = planCodexExec(positionals, flags, opts, env);
  const verbose = opts.verbose === true || env.WSAGENT_VERBOSE === '1';
  if (verbose) for (const note of plan.notes) process.stderr.write(`wsagent: note: ${note}\n`);
  const prompt = plan.prompt === undefined || plan.prompt === '-' ? stdinPrompt() : oneShotPrompt(plan.prompt);
  const run = resolveRun(plan.opts, plan.env);
  return runHeadless(run, {
    prompts: [prompt],
    mode: 'exec',
    json: true,
    jsonFormat: 'codex',
    verbose,
    ...(plan.readOnlyWorkspace && { readOnlyWorkspace: true }),
    ...(opts.outputLastMessage && { outputLastMessage: opts.outputLastMessage }),
    ...(opts.image?.length && { images: imageDataUrls(opts.image) }),
    ...(opts.outputSchema && { outputSchema: loadOutputSchema(opts.outputSchema) }),
  });
}

/** As Codex: without a prompt argument (or with `-`) standard input is the prompt, all of it. */
function stdinPrompt(): string {
  const text = pipedStdin()?.trim();
  if (!text) throw new UserFacingError('no prompt: give it as an argument or on standard input', EXIT.usage);
  return text;
}
