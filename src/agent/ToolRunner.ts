// Runs the function calls of one turn. A call starts as soon as its output_item.done arrives.
// Read-only calls run concurrently; a call that may change something waits for every call before
// it, and reads wait for the changes before them, so the order the model intended is kept.
// Each output is handed back as soon as its call finishes (see outputs()). Calls seen in an attempt the session discarded are kept by
// (name, arguments): when the retried response asks for the same call, its result is reused, so
// a retried request never runs a tool twice. Custom tool calls (freeform input, e.g. apply_patch)
// run the same way: their input is carried as the `{input}` arguments of the tool's function form.
import { redactSecrets } from '../config/secretRedactor.js';
import { callVerdict } from './callGate.js';
import type { AgentEvent } from './events.js';
import type { Hooks } from './hooks/Hooks.js';
import { afterToolCall, beforeToolCall, blockedCallOutput } from './hooks/toolHooks.js';
import type { Approver, ApprovalGate, ChangeTracker, ParsedCall, ToolCatalog } from './ports.js';
import { protectedPaths } from '../tools/protectedPaths.js';
import type { CommandRuleGate } from '../tools/rules/commandRuleGate.js';
import type { Tool, ToolResult } from '../tools/types.js';
import type { WorkspaceGuard } from '../tools/WorkspaceGuard.js';

export interface FunctionCall {
  call_id: string;
  name: string;
  arguments: string;
  /** A custom_tool_call: answered with custom_tool_call_output. */
  custom?: boolean;
}

/** A custom_tool_call item's freeform input, as the call the tools layer parses. */
export function customCall(callId: string, name: string, input: string): FunctionCall {
  return { call_id: callId, name, arguments: JSON.stringify({ input }), custom: true };
}

export interface CallOutcome {
  callId: string;
  /** Answer with custom_tool_call_output instead of function_call_output. */
  custom: boolean;
  ok: boolean;
  output: string;
  durationMs: number;
  /** Content parts (images from MCP tools) sent instead of `output` when present. */
  outputParts?: Array<Record<string, unknown>>;
}

interface RunningCall {
  call: FunctionCall;
  promise: Promise<CallOutcome>;
}

export interface ToolRunnerDeps {
  catalog: ToolCatalog;
  approvals: ApprovalGate;
  changes: ChangeTracker | null;
  workspace: WorkspaceGuard;
  approver: Approver | null;
  emit: (event: AgentEvent) => void;
  /** The user's command rules (absent: the approval mode alone decides). */
  commandRules?: CommandRuleGate | null /** PreToolUse / PostToolUse hooks (none: null). */;
  hooks?: Hooks | null;
}

const CANCELLED = 'The user cancelled this call before it finished; it may have had partial effects. Ask before retrying.';
/** Cancelled while it waited (for approval, or for earlier calls): it never started. */
const NOT_STARTED = 'The user cancelled the turn before this call ran; it had no effect.';

export class ToolRunner {
  private calls = new Map<string, RunningCall>();
  /** Calls from discarded attempts, by name + arguments, waiting to be claimed by a retry. */
  private orphans = new Map<string, RunningCall[]>();
  /** Calls not yet settled: a change waits for these. Settled ones leave, so a long turn holds no old outputs. */
  private readonly unsettled = new Set<Promise<unknown>>();
  private lastChange: Promise<unknown> = Promise.resolve();
  /** Wall time during which at least one tool was running. */
  private busySince: number | null = null;
  private active = 0;
  toolMs = 0;

  constructor(
    private readonly deps: ToolRunnerDeps,
    private readonly turn: number,
    private readonly signal: AbortSignal,
  ) {}

  /** Starts a call (idempotent by call_id). */
  start(call: FunctionCall): void {
    if (this.calls.has(call.call_id)) return;
    const key = callKey(call);
    const orphan = this.orphans.get(key)?.shift();
    if (orphan) {
      // The same call in a retried response: answer it with the result of the run already made.
      this.calls.set(call.call_id, { call, promise: orphan.promise.then((o) => ({ ...o, callId: call.call_id, custom: call.custom === true })) });
      return;
    }
    const promise = this.schedule(call);
    this.calls.set(call.call_id, { call, promise });
  }

  /** The attempt that started the running calls was discarded: keep their results for reuse. */
  discardAttempt(): void {
    for (const running of this.calls.values()) {
      const key = callKey(running.call);
      const list = this.orphans.get(key) ?? [];
      list.push(running);
      this.orphans.set(key, list);
    }
    this.calls = new Map();
  }

  /**
   * Outputs for the response's calls, in call order (starting any not yet started). `onOutcome`
   * sees each outcome as soon as its call finishes (those already finished first, in call order),
   * so the caller can record it before the slower calls are done.
   */
  async outputs(calls: FunctionCall[], onOutcome: (outcome: CallOutcome) => void = () => undefined): Promise<CallOutcome[]> {
    for (const call of calls) this.start(call);
    return Promise.all(
      calls.map((c) =>
        this.calls.get(c.call_id)!.promise.then((outcome) => {
          onOutcome(outcome);
          return outcome;
        }),
      ),
    );
  }

  /** Clears per-response state; orphans that were never claimed are dropped. */
  nextResponse(): void {
    this.calls = new Map();
    this.orphans = new Map();
  }

  private schedule(call: FunctionCall): Promise<CallOutcome> {
    const parsed = this.parse(call);
    const kind = parsed.ok ? parsed.tool.kind : 'read';
    const previous = [...this.unsettled];
    const gate = kind === 'read' ? this.lastChange : Promise.allSettled(previous);
    const promise = gate.then(() => this.run(call, parsed));
    this.unsettled.add(promise);
    const settle = (): void => {
      this.unsettled.delete(promise);
    };
    promise.then(settle, settle);
    if (kind !== 'read') this.lastChange = promise.catch(() => undefined);
    return promise;
  }

  /** The catalog's verdict on a call's arguments; a catalog that throws is a failed parse, not a crash. */
  private parse(call: FunctionCall): ParsedCall {
    try {
      return this.deps.catalog.parseArguments(call.name, call.arguments);
    } catch (err) {
      return { ok: false, message: `The arguments of ${call.name} could not be checked: ${errorMessage(err)}` };
    }
  }

  /**
   * Runs one call to its outcome. Whatever fails inside (display, approval, snapshot, execute)
   * becomes the call's error output: the loop's contract is that a turn never throws.
   */
  private async run(call: FunctionCall, parsed: ParsedCall): Promise<CallOutcome> {
    const started = performance.now();
    const requested = { emitted: false };
    try {
      return await this.runChecked(call, parsed, started, requested);
    } catch (err) {
      if (!requested.emitted) {
        this.deps.emit({
          type: 'tool.requested',
          callId: call.call_id,
          name: call.name,
          ...mcpFields(parsed),
          args: safeJson(call.arguments),
          display: call.name,
        });
      }
      const message = this.signal.aborted ? CANCELLED : `The tool ${call.name} failed unexpectedly: ${errorMessage(err)}`;
      return this.finish(call, parsed, started, false, message);
    }
  }

  private finish(call: FunctionCall, parsed: ParsedCall, started: number, ok: boolean, raw: string, result?: ToolResult): CallOutcome {
    const output = redactSecrets(raw); // the API key and other secrets never reach the model, the events or the session file
    const durationMs = Math.round(performance.now() - started);
    this.deps.emit({
      type: 'tool.completed',
      callId: call.call_id,
      name: call.name,
      ...mcpFields(parsed),
      ok,
      output,
      durationMs,
      ...(result?.diff && { diff: result.diff }),
    });
    if (ok && result?.plan) this.deps.emit({ type: 'plan.updated', explanation: result.plan.explanation, plan: result.plan.plan });
    const outputParts = result?.outputParts && redactedParts(result.outputParts);
    return { callId: call.call_id, custom: call.custom === true, ok, output, durationMs, ...(outputParts && { outputParts }) };
  }

  private async runChecked(call: FunctionCall, parsed: ParsedCall, started: number, requested: { emitted: boolean }): Promise<CallOutcome> {
    const { emit } = this.deps;
    const finish = (ok: boolean, output: string, result?: ToolResult): CallOutcome => this.finish(call, parsed, started, ok, output, result);
    if (!parsed.ok) {
      requested.emitted = true;
      emit({ type: 'tool.requested', callId: call.call_id, name: call.name, args: safeJson(call.arguments), display: `${call.name} (invalid arguments)` });
      return finish(false, parsed.message);
    }
    const { tool, args } = parsed;
    const display = tool.display(args);
    requested.emitted = true;
    emit({ type: 'tool.requested', callId: call.call_id, name: call.name, ...mcpFields(parsed), args, display });
    if (this.signal.aborted) return finish(false, NOT_STARTED);

    const hookCall = { name: call.name, callId: call.call_id, args };
    const pre = await beforeToolCall(this.deps.hooks ?? null, hookCall, this.signal);
    if (pre.block) {
      emit({ type: 'error', code: 'hook_blocked', message: `a PreToolUse hook blocked ${display}: ${pre.block}`, fatal: false });
      return finish(false, blockedCallOutput(pre.block));
    }
    if (this.signal.aborted) return finish(false, NOT_STARTED);
    const changing = this.pathsToChange(tool, args);
    // wsagent's settings in the repository (.wsagent/) are never changed without a yes, in any mode.
    const settings = protectedPaths(this.deps.workspace, changing);
    const verdict = callVerdict(this.deps, tool, args, settings, pre);
    if (verdict.kind === 'forbidden') {
      emit({ type: 'error', code: 'command_forbidden', message: verdict.message, fatal: false });
      return finish(false, verdict.message);
    }
    if (verdict.kind === 'ask') {
      const { reason, allowPrefix } = verdict;
      if (!this.deps.approver) {
        emit({ type: 'error', code: 'approval_refused', message: verdict.refusal, fatal: false });
        return finish(false, verdict.refusal);
      }
      const diff = await this.preview(tool, args);
      const extras = { ...(diff && { diff }), ...(allowPrefix && { allowPrefix }) };
      emit({ type: 'tool.approval_required', callId: call.call_id, name: call.name, ...mcpFields(parsed), args, display, reason, ...extras });
      let answer;
      try {
        const server = tool.mcp && { server: tool.mcp.server };
        answer = await this.deps.approver({ callId: call.call_id, name: call.name, args, display, kind: tool.kind, ...server, ...extras }, this.signal);
      } catch {
        return finish(false, NOT_STARTED);
      }
      if (answer.decision === 'deny') return finish(false, this.deps.approvals.denial(tool.name, answer.reason));
      if (answer.decision === 'always' && answer.scope === 'prefix') {
        if (allowPrefix) this.savePrefix(allowPrefix);
      } else if (answer.decision === 'always' && !verdict.protectedSettings)
        this.deps.approvals.remember(answer.scope === 'server' && tool.approvalScope ? tool.approvalScope : tool.name);
    }
    if (this.signal.aborted) return finish(false, NOT_STARTED);

    const changes = tool.kind !== 'read' ? this.deps.changes : null;
    if (changes) await changes.beforeChange(this.turn, changing);
    emit({ type: 'tool.started', callId: call.call_id, name: call.name, ...mcpFields(parsed), display });
    this.enterBusy();
    try {
      const result = await tool.execute(args, {
        workspace: this.deps.workspace,
        signal: this.signal,
        callId: call.call_id,
        onOutput: (chunk) => emit({ type: 'tool.output', callId: call.call_id, chunk }),
      });
      if (this.signal.aborted && !result.ok) return finish(false, `${result.output}\n${CANCELLED}`, result);
      return finish(result.ok, await afterToolCall(this.deps.hooks ?? null, hookCall, result, this.signal), result);
    } finally {
      this.leaveBusy();
      // What the call left is what undo may revert (a failure to record it only narrows undo).
      await changes?.afterChange?.(this.turn, changing).catch(() => undefined);
    }
  }

  /** "Always allow commands starting with …": the user said yes to this call either way; only a rule that cannot be saved is lost. */
  private savePrefix(prefix: string[]): void {
    try {
      this.deps.commandRules?.allowPrefix(prefix);
    } catch (err) {
      const message = `The allow rule for \`${prefix.join(' ')}\` was not saved: ${errorMessage(err)}`;
      this.deps.emit({ type: 'error', code: 'rule_not_saved', message, fatal: false });
    }
  }

  /** The real paths an edit will change (symlinks resolved), or [] for "anything" (a command). */
  private pathsToChange(tool: Tool, args: unknown): string[] {
    if (tool.kind !== 'edit') return [];
    let paths: unknown[];
    try {
      paths = tool.paths ? tool.paths(args) : [(args as { path?: unknown }).path];
    } catch {
      return [];
    }
    if (paths.length === 0 || !paths.every((p): p is string => typeof p === 'string')) return [];
    try {
      return paths.map((p) => this.deps.workspace.resolve(p, { forWrite: true }));
    } catch {
      return []; // the tool will refuse the path itself; snapshot everything to be safe
    }
  }

  /** The diff an approval prompt shows, for tools that can compute it (a failure only loses it). */
  private async preview(tool: Tool, args: unknown): Promise<string | null> {
    if (!tool.preview) return null;
    try {
      return await tool.preview(args, { workspace: this.deps.workspace, signal: this.signal });
    } catch {
      return null;
    }
  }

  private enterBusy(): void {
    if (this.active++ === 0) this.busySince = performance.now();
  }

  private leaveBusy(): void {
    if (--this.active === 0 && this.busySince !== null) {
      this.toolMs += performance.now() - this.busySince;
      this.busySince = null;
    }
  }
}

/** `server` and `tool` on the tool events of MCP tools. */
function mcpFields(parsed: ParsedCall): { server?: string; tool?: string } {
  const mcp = parsed.ok ? parsed.tool.mcp : undefined;
  return mcp ? { server: mcp.server, tool: mcp.tool } : {};
}

/** Content parts with secrets blanked out of their text (image data is left as it is). */
function redactedParts(parts: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  return parts.map((part) => (part.type === 'input_text' && typeof part.text === 'string' ? { ...part, text: redactSecrets(part.text) } : part));
}

function callKey(call: FunctionCall): string {
  return `${call.custom ? 'custom' : 'function'}\u0000${call.name}\u0000${call.arguments}`;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
