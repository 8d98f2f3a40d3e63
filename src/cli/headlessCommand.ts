// One-shot (`wsagent -p`) and exec (`wsagent exec`): no TTY needed; text or JSONL out; exit codes.
import { readFileSync, writeFileSync } from 'node:fs';
import type { AgentEvent } from '../agent/events.js';
import { redactSecrets, redactSecretsDeep } from '../config/secretRedactor.js';
import { jsonLineWriter } from '../headless/jsonLines.js';
import { plainTextWriter } from '../headless/plainText.js';
import { exitCodeFor, runPrompts, sessionCompletedEvent } from '../headless/runPrompts.js';
import { createAgentApp } from './agentApp.js';
import { EXIT, UserFacingError } from './exitCodes.js';
import type { ResolvedRun } from './resolveRun.js';

export interface HeadlessOptions {
  prompts: string[];
  json: boolean;
  outputLastMessage?: string;
  /** exec shows tool output tails on stderr; one-shot keeps stderr to one line per tool. */
  mode: 'oneshot' | 'exec';
}

export async function runHeadless(run: ResolvedRun, options: HeadlessOptions): Promise<number> {
  const write: (event: AgentEvent) => void = options.json
    ? jsonLineWriter(process.stdout)
    : plainTextWriter({ stdout: process.stdout, stderr: process.stderr, toolOutput: options.mode === 'exec' });
  const emit = (event: AgentEvent): void => write(redactSecretsDeep(event)); // session.completed is emitted here, past the app's redaction
  const app = await createAgentApp({ settings: run.settings, cwd: run.cwd, configDir: run.configDir, ...(run.resume && { resume: run.resume }), approver: null, onEvent: emit });
  let code: number;
  let completed: AgentEvent | null = null;
  try {
    const result = await runPrompts(app.agent, options.prompts);
    completed = sessionCompletedEvent(app.agent, result);
    code = exitCodeFor(result);
    if (options.outputLastMessage) {
      const last = result.results.at(-1)?.finalMessage ?? '';
      try {
        writeFileSync(options.outputLastMessage, redactSecrets(last.endsWith('\n') || last === '' ? last : `${last}\n`));
      } catch (err) {
        process.stderr.write(`wsagent: cannot write ${options.outputLastMessage}: ${(err as Error).message}\n`);
        code = code === 0 ? EXIT.taskFailed : code;
      }
    }
  } finally {
    await app.close();
    if (completed) emit(completed);
  }
  return code;
}

/** Prompts for exec: the arguments, or blocks of a script file (`-` reads stdin) separated by lines of `---`. */
export function execPrompts(args: string[], script: string | undefined): string[] {
  const prompts = [...args];
  if (args.includes('-') || script === '-') {
    const stdin = readFileSync(0, 'utf8');
    const index = prompts.indexOf('-');
    if (index >= 0) prompts.splice(index, 1, ...splitScript(stdin));
    else prompts.push(...splitScript(stdin));
  } else if (script) {
    let text: string;
    try {
      text = readFileSync(script, 'utf8');
    } catch (err) {
      throw new UserFacingError(`cannot read --script ${script}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, EXIT.usage);
    }
    prompts.push(...splitScript(text));
  }
  const cleaned = prompts.map((p) => p.trim()).filter(Boolean);
  if (cleaned.length === 0) throw new UserFacingError('exec needs at least one prompt (arguments, --script FILE, or - for stdin)', EXIT.usage);
  return cleaned;
}

/** A script holds one prompt per block; blocks are separated by a line of three or more dashes. */
export function splitScript(text: string): string[] {
  return text
    .split(/^-{3,}\s*$/m)
    .map((b) => b.trim())
    .filter(Boolean);
}
