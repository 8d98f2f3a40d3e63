// One-shot (`wsagent -p`) and exec (`wsagent exec`): no TTY needed; text or JSONL out; exit codes.
import { readFileSync, writeFileSync } from 'node:fs';
import type { AgentEvent } from '../agent/events.js';
import { redactSecrets, redactSecretsDeep } from '../config/secretRedactor.js';
import { codexEventWriter } from '../headless/codexEvents.js';
import { jsonLineWriter } from '../headless/jsonLines.js';
import { plainTextWriter } from '../headless/plainText.js';
import { exitCodeFor, runPrompts, sessionCompletedEvent } from '../headless/runPrompts.js';
import { runStreamJson } from '../headless/runStreamJson.js';
import { expandPromptCommand } from '../config/promptCommand.js';
import { createAgentApp } from './agentApp.js';
import { INIT_PROMPT } from '../agent/agentsFile.js';
import { finishInit } from './initAgentsFile.js';
import { CLOSED_OUTPUT_EXIT, standardOutputClosed, whenStandardOutputCloses } from './closedOutput.js';
import { EXIT, UserFacingError } from './exitCodes.js';
import type { OutputSchema } from './outputSchema.js';
import type { ResolvedRun } from './resolveRun.js';

export interface HeadlessOptions {
  prompts: string[];
  json: boolean;
  /** With json: wsagent's events (default) or Codex's `exec --json` events. */
  jsonFormat?: 'wsagent' | 'codex';
  outputLastMessage?: string;
  /** exec shows tool output tails on stderr; one-shot keeps stderr to one line per tool. */
  mode: 'oneshot' | 'exec';
  /** data: URLs attached to the first prompt (-i/--image). */
  images?: string[];
  /** --output-schema: sent as text.format, and the final answer validated against it. */
  outputSchema?: OutputSchema;
  /** --verbose: plain output also shows notices wsagent got past on its own. */
  verbose?: boolean;
  /** exec --input-format stream-json: turns and steers come as JSON lines on stdin. */
  streamJsonInput?: boolean;
  /** Codex's read-only sandbox (exec --experimental-json): edit tools refused too. */
  readOnlyWorkspace?: boolean;
  /** exec --resume ID --fork: go on in a copy of the resumed session. */
  fork?: boolean;
  /** exec /init: where AGENTS.md goes, checked (and --force applied) before the session starts. */
  initPath?: string;
}

export async function runHeadless(run: ResolvedRun, options: HeadlessOptions): Promise<number> {
  const write: (event: AgentEvent) => void = options.json
    ? options.jsonFormat === 'codex'
      ? codexEventWriter(process.stdout)
      : jsonLineWriter(process.stdout)
    : plainTextWriter({ stdout: process.stdout, stderr: process.stderr, toolOutput: options.mode === 'exec', verbose: options.verbose === true });
  // Once the reader of standard output is gone nothing more is written, to stdout or stderr.
  const emit = (event: AgentEvent): void => {
    if (!standardOutputClosed()) write(redactSecretsDeep(event)); // session.completed is emitted here, past the app's redaction
  };
  const outputGone = new AbortController();
  const unwatch = whenStandardOutputCloses(() => outputGone.abort());
  const app = await createAgentApp({
    settings: run.settings,
    cwd: run.cwd,
    configDir: run.configDir,
    ...(run.dataDir && { dataDir: run.dataDir }),
    ...(run.ephemeral && { ephemeral: true }),
    ...(options.outputSchema && { textFormat: options.outputSchema.textFormat }),
    ...(options.readOnlyWorkspace && { readOnlyWorkspace: true }),
    ...(run.resume && { resume: run.resume }),
    ...(options.fork && { fork: true }),
    approver: null,
    onEvent: emit,
  });
  let code: number;
  let completed: AgentEvent | null = null;
  try {
    // `/NAME args` naming a prompt file sends that file, its arguments substituted.
    const prompts = options.initPath ? [INIT_PROMPT] : options.prompts.map((prompt) => expandPromptCommand(prompt, app.extensions.prompts) ?? prompt);
    if (options.initPath) app.setWorkMode('init');
    else if (run.plan) app.setWorkMode('plan');
    const stop = { signal: outputGone.signal, exitCode: CLOSED_OUTPUT_EXIT };
    const result = options.streamJsonInput
      ? await runStreamJson(app.agent, prompts, process.stdin, emit, stop)
      : await runPrompts(app.agent, prompts, { ...(options.images && { images: options.images }), stop });
    completed = sessionCompletedEvent(app.agent, result);
    code = exitCodeFor(result);
    const last = result.results.at(-1)?.finalMessage ?? '';
    if (code === EXIT.ok && options.initPath) code = await finishInit(options.initPath, last, (line) => process.stderr.write(`${line}\n`));
    if (code === EXIT.ok && options.outputSchema) {
      const problem = options.outputSchema.check(last);
      if (problem) {
        process.stderr.write(`wsagent: the final answer does not conform to ${options.outputSchema.file}: ${problem}\n`);
        code = EXIT.taskFailed;
      }
    }
    if (options.outputLastMessage) {
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
    unwatch();
  }
  return code;
}

/** Standard input when it is piped (never a terminal: that would wait for typing), else null. */
export function pipedStdin(): string | null {
  if (process.stdin.isTTY) return null;
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The one-shot prompt: `-p -` is standard input itself; otherwise piped input (git diff | wsagent -p
 * "review this") follows the prompt as context.
 */
export function oneShotPrompt(prompt: string): string {
  if (prompt === '-') {
    const stdin = pipedStdin()?.trim();
    if (!stdin) throw new UserFacingError('-p - reads the prompt from standard input, which is empty or a terminal', EXIT.usage);
    return stdin;
  }
  const stdin = pipedStdin();
  return withContext(prompt, stdin);
}

function withContext(prompt: string, stdin: string | null): string {
  if (!stdin?.trim()) return prompt;
  return `${prompt}\n\n<stdin>\n${stdin.replace(/\n+$/, '')}\n</stdin>`;
}

/** Prompts for exec: the arguments, or blocks of a script file (`-` reads stdin) separated by lines of `---`. */
export function execPrompts(args: string[], script: string | undefined): string[] {
  const prompts = [...args];
  if (args.includes('-') || script === '-' || (args.length === 0 && !script)) {
    // `exec` with no prompt reads them from piped stdin; `-` names stdin explicitly.
    const stdin = args.length === 0 && !script ? (pipedStdin() ?? '') : readFileSync(0, 'utf8');
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
  } else if (prompts.length > 0) {
    // Piped input beside prompt arguments is context for the first prompt, as with -p.
    prompts[0] = withContext(prompts[0]!, pipedStdin());
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
