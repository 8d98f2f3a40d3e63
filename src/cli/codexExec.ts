// `wsagent exec --experimental-json …`: the command line @openai/codex-sdk gives the `codex` binary
// (`new Codex({ codexPathOverride })`), read as Codex reads it and run as a wsagent exec with Codex's
// JSONL events, so programs built on the SDK run unchanged. What the SDK sends (its exec.ts):
//   exec --experimental-json [--config k=v]… [--model M] [--sandbox S] [--cd DIR] [--add-dir DIR]…
//        [--skip-git-repo-check] [--output-schema FILE] [resume THREAD_ID] [--image FILE]…
// with the prompt on standard input and the key as CODEX_API_KEY. The thread id is wsagent's
// session id, so `resume THREAD_ID` continues the session. What does not apply is ignored, with a
// note on stderr under --verbose (or WSAGENT_VERBOSE=1, which an SDK program can set in `env`).
import { readCodexConfig } from './codexConfig.js';
import { EXIT, UserFacingError } from './exitCodes.js';
import type { GlobalOptions } from './globalOptions.js';

/** The options `exec` takes only for Codex's command line. */
export interface CodexExecFlags {
  experimentalJson?: boolean;
  addDir?: string[];
  skipGitRepoCheck?: boolean;
  threadSource?: string;
  cyberAccessProgram?: string;
  last?: boolean;
}

export interface CodexExecPlan {
  /** The global options as wsagent reads them: sandbox, approval, resume and settings filled in. */
  opts: GlobalOptions;
  /** The prompt argument, if any (`-` or none: standard input is the prompt). */
  prompt?: string;
  /** The environment settings are read from (CODEX_API_KEY is the key, as in Codex's exec). */
  env: NodeJS.ProcessEnv;
  /** Codex's read-only sandbox: commands run confined and read-only, and no edit tool may write either. */
  readOnlyWorkspace: boolean;
  /** What was accepted but does not apply: one line each, for --verbose. */
  notes: string[];
}

export function planCodexExec(positionals: readonly string[], flags: CodexExecFlags, opts: GlobalOptions, env: NodeJS.ProcessEnv): CodexExecPlan {
  let rest = [...positionals];
  let resume: string | undefined;
  if (rest[0] === 'resume') {
    rest = rest.slice(1);
    if (flags.last) resume = 'last';
    else {
      resume = rest.shift();
      if (!resume) throw new UserFacingError('exec resume needs the thread id to continue (or --last)', EXIT.usage);
    }
  }
  if (rest.length > 1) throw new UserFacingError(`exec --experimental-json takes one prompt; got ${rest.length} arguments`, EXIT.usage);
  const config = readCodexConfig(opts.config ?? []);
  const notes = [...config.notes];
  // Codex's exec runs read-only unless told otherwise; its --full-auto means workspace-write.
  const sandbox =
    opts.yolo || opts.dangerouslyBypassApprovalsAndSandbox
      ? 'danger-full-access'
      : (opts.sandbox ?? (opts.fullAuto ? 'workspace-write' : undefined) ?? config.sandbox ?? 'read-only');
  // Codex's exec never asks: whatever its sandbox allows runs, the rest is refused. `untrusted`
  // asks before all but known-safe commands, which here (nobody to ask) is wsagent's `suggest`.
  const approval = opts.approval ?? (config.approvalPolicy === 'untrusted' ? 'suggest' : 'full-auto');
  notes.push(...ignoredExecFlags(flags, resume !== undefined));
  const originator = env.CODEX_INTERNAL_ORIGINATOR_OVERRIDE;
  if (originator) notes.push(`CODEX_INTERNAL_ORIGINATOR_OVERRIDE=${originator}: ignored (wsagent sends no originator header)`);
  const codexKey = env.CODEX_API_KEY;
  return {
    opts: { ...opts, config: config.settings, sandbox, approval, jsonFormat: 'codex', ...(resume && { resume }) },
    ...(rest[0] !== undefined && { prompt: rest[0] }),
    env: codexKey ? { ...env, OPENAI_API_KEY: codexKey } : env,
    readOnlyWorkspace: sandbox === 'read-only',
    notes,
  };
}

/** Codex exec's options that do not apply to wsagent (accepted by every exec, Codex's command line or not). */
export function ignoredExecFlags(flags: CodexExecFlags, resumed = false): string[] {
  const notes = (flags.addDir ?? []).map((dir) => `--add-dir ${dir}: ignored (wsagent writes only inside its workspace, --cd)`);
  if (flags.threadSource !== undefined) notes.push(`--thread-source ${flags.threadSource}: ignored (wsagent does not classify sessions)`);
  if (flags.cyberAccessProgram !== undefined) notes.push(`--cyber-access-program ${flags.cyberAccessProgram}: ignored (not an option of the Responses API)`);
  if (flags.last && !resumed) notes.push('--last: ignored (it goes with resume)');
  return notes;
}
