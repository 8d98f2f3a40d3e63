// The session's hooks: runs the ones an event (and tool) selects, all at once as Codex does, each
// with the event's JSON on stdin, and folds their answers into one verdict. A hook that fails
// (crash, timeout, bad JSON) is reported once per session and otherwise ignored: a broken hook
// never ends a turn.
import type { HookCommand, HookEvent } from '../../config/hooksConfig.js';
import type { AgentEvent } from '../events.js';
import { hooksFor } from './hookMatcher.js';
import { runHookProcess } from './hookProcess.js';
import { combineVerdicts, type HookVerdict, hookVerdict, NO_VERDICT } from './hookVerdict.js';

export interface HookSessionInfo {
  sessionId: string;
  /** The workspace root: hooks run there and are told so. */
  cwd: string;
  /** The session file (null with --ephemeral). */
  transcriptPath: string | null;
}

/** Events whose plain stdout is context for the model. */
const CONTEXT_EVENTS: ReadonlySet<HookEvent> = new Set(['SessionStart', 'UserPromptSubmit']);

export class Hooks {
  private readonly reported = new Set<string>();

  constructor(
    private readonly hooks: readonly HookCommand[],
    private readonly info: HookSessionInfo,
    private readonly emit: (event: AgentEvent) => void,
  ) {}

  /** Every configured hook, in settings order (for `/hooks`). */
  get configured(): readonly HookCommand[] {
    return this.hooks;
  }

  has(event: HookEvent, tool?: string): boolean {
    return hooksFor(this.hooks, event, tool).length > 0;
  }

  /**
   * Runs the hooks of `event` (for `tool` when it is a tool event) with `fields` added to the
   * common input. Never throws.
   */
  async run(event: HookEvent, fields: Record<string, unknown>, signal: AbortSignal, tool?: string): Promise<HookVerdict> {
    const selected = hooksFor(this.hooks, event, tool);
    if (selected.length === 0) return NO_VERDICT;
    const input = {
      session_id: this.info.sessionId,
      transcript_path: this.info.transcriptPath,
      cwd: this.info.cwd,
      hook_event_name: event,
      ...fields,
    };
    const verdicts = await Promise.all(selected.map((hook) => this.runOne(hook, input, signal)));
    const verdict = combineVerdicts(verdicts);
    if (verdict.userMessage) this.emit({ type: 'error', code: 'hook_message', message: verdict.userMessage, fatal: false });
    return verdict;
  }

  private async runOne(hook: HookCommand, input: Record<string, unknown>, signal: AbortSignal): Promise<HookVerdict> {
    let verdict: HookVerdict;
    try {
      const result = await runHookProcess(hook.command, input, {
        cwd: this.info.cwd,
        timeoutMs: hook.timeoutSeconds * 1000,
        signal,
        // Hooks written for Claude Code find the project through this variable.
        extraEnv: { CLAUDE_PROJECT_DIR: this.info.cwd, WSAGENT_PROJECT_DIR: this.info.cwd },
      });
      if (signal.aborted) return NO_VERDICT;
      verdict = hookVerdict(result, hook.timeoutSeconds, CONTEXT_EVENTS.has(hook.event));
    } catch (err) {
      verdict = { ...NO_VERDICT, failure: `could not run: ${(err as Error).message}` };
    }
    if (verdict.failure) {
      this.reportOnce(hook, verdict.failure);
      return NO_VERDICT;
    }
    return verdict;
  }

  private reportOnce(hook: HookCommand, failure: string): void {
    const key = `${hook.source}\u0000${hook.event}\u0000${hook.matcher}\u0000${hook.command}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.emit({
      type: 'error',
      code: 'hook_failed',
      message: `the ${hook.event} hook \`${hook.command}\` (${hook.source}) ${failure}; wsagent goes on without it (reported once)`,
      fatal: false,
    });
  }
}
