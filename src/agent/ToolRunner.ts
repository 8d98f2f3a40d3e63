// Runs the function calls of one turn. A call starts as soon as its output_item.done arrives.
// Read-only calls run concurrently; a call that may change something waits for every call before
// it, and reads wait for the changes before them, so the order the model intended is kept.
// Outputs go back in call order. Calls seen in an attempt the session discarded are kept by
// (name, arguments): when the retried response asks for the same call, its result is reused, so
// a retried request never runs a tool twice.
import type { AgentEvent } from './events.js';
import type { Approver, ApprovalGate, ChangeTracker, ToolCatalog } from './ports.js';
import type { ToolResult } from '../tools/types.js';
import type { WorkspaceGuard } from '../tools/WorkspaceGuard.js';

export interface FunctionCall {
  call_id: string;
  name: string;
  arguments: string;
}

export interface CallOutcome {
  callId: string;
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
}

const CANCELLED = 'The user cancelled this call before it finished; it may have had partial effects. Ask before retrying.';

export class ToolRunner {
  private calls = new Map<string, RunningCall>();
  /** Calls from discarded attempts, by name + arguments, waiting to be claimed by a retry. */
  private orphans = new Map<string, RunningCall[]>();
  private all: Promise<unknown>[] = [];
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
    const key = `${call.name}\u0000${call.arguments}`;
    const orphan = this.orphans.get(key)?.shift();
    if (orphan) {
      // The same call in a retried response: answer it with the result of the run already made.
      this.calls.set(call.call_id, { call, promise: orphan.promise.then((o) => ({ ...o, callId: call.call_id })) });
      return;
    }
    const promise = this.schedule(call);
    this.calls.set(call.call_id, { call, promise });
  }

  /** The attempt that started the running calls was discarded: keep their results for reuse. */
  discardAttempt(): void {
    for (const running of this.calls.values()) {
      const key = `${running.call.name}\u0000${running.call.arguments}`;
      const list = this.orphans.get(key) ?? [];
      list.push(running);
      this.orphans.set(key, list);
    }
    this.calls = new Map();
  }

  /** Outputs for the response's calls, in call order (starting any not yet started). */
  async outputs(calls: FunctionCall[]): Promise<CallOutcome[]> {
    for (const call of calls) this.start(call);
    return Promise.all(calls.map((c) => this.calls.get(c.call_id)!.promise));
  }

  /** Clears per-response state; orphans that were never claimed are dropped. */
  nextResponse(): void {
    this.calls = new Map();
    this.orphans = new Map();
  }

  private schedule(call: FunctionCall): Promise<CallOutcome> {
    const parsed = this.deps.catalog.parseArguments(call.name, call.arguments);
    const kind = parsed.ok ? parsed.tool.kind : 'read';
    const previous = [...this.all];
    const gate = kind === 'read' ? this.lastChange : Promise.allSettled(previous);
    const promise = gate.then(() => this.run(call, parsed));
    this.all.push(promise);
    if (kind !== 'read') this.lastChange = promise.catch(() => undefined);
    return promise;
  }

  private async run(call: FunctionCall, parsed: ReturnType<ToolCatalog['parseArguments']>): Promise<CallOutcome> {
    const { emit } = this.deps;
    const started = performance.now();
    const finish = (ok: boolean, output: string, result?: ToolResult): CallOutcome => {
      const durationMs = Math.round(performance.now() - started);
      emit({ type: 'tool.completed', callId: call.call_id, name: call.name, ...mcpFields(parsed), ok, output, durationMs, ...(result?.diff && { diff: result.diff }) });
      return { callId: call.call_id, ok, output, durationMs, ...(result?.outputParts && { outputParts: result.outputParts }) };
    };
    if (!parsed.ok) {
      emit({ type: 'tool.requested', callId: call.call_id, name: call.name, args: safeJson(call.arguments), display: `${call.name} (invalid arguments)` });
      return finish(false, parsed.message);
    }
    const { tool, args } = parsed;
    const display = tool.display(args);
    emit({ type: 'tool.requested', callId: call.call_id, name: call.name, ...mcpFields(parsed), args, display });
    if (this.signal.aborted) return finish(false, CANCELLED);

    if (this.deps.approvals.decide(tool.name, tool.kind, tool.approvalScope) === 'ask') {
      const reason = this.deps.approvals.reason(tool.name, tool.kind);
      if (!this.deps.approver) {
        const refusal = this.deps.approvals.refusal(tool.name, tool.kind);
        emit({ type: 'error', code: 'approval_refused', message: refusal, fatal: false });
        return finish(false, refusal);
      }
      emit({ type: 'tool.approval_required', callId: call.call_id, name: call.name, ...mcpFields(parsed), args, display, reason });
      let answer;
      try {
        answer = await this.deps.approver({ callId: call.call_id, name: call.name, args, display, kind: tool.kind, ...(tool.mcp && { server: tool.mcp.server }) }, this.signal);
      } catch {
        return finish(false, CANCELLED);
      }
      if (answer.decision === 'deny') return finish(false, this.deps.approvals.denial(tool.name, answer.reason));
      if (answer.decision === 'always') this.deps.approvals.remember(answer.scope === 'server' && tool.approvalScope ? tool.approvalScope : tool.name);
    }
    if (this.signal.aborted) return finish(false, CANCELLED);

    if (tool.kind !== 'read' && this.deps.changes) {
      await this.deps.changes.beforeChange(this.turn, this.pathsToChange(tool.kind, args));
    }
    emit({ type: 'tool.started', callId: call.call_id, name: call.name, ...mcpFields(parsed), display });
    this.enterBusy();
    try {
      const result = await tool.execute(args, {
        workspace: this.deps.workspace,
        signal: this.signal,
        onOutput: (chunk) => emit({ type: 'tool.output', callId: call.call_id, chunk }),
      });
      if (this.signal.aborted && !result.ok) return finish(false, `${result.output}\n${CANCELLED}`, result);
      return finish(result.ok, result.output, result);
    } catch (err) {
      // A tool must not throw, but a bug in one must not take the session down either.
      return finish(false, `The tool ${call.name} failed unexpectedly: ${(err as Error).message}`);
    } finally {
      this.leaveBusy();
    }
  }

  /** The real path an edit will change (symlinks resolved), or [] for "anything" (a command). */
  private pathsToChange(kind: string, args: unknown): string[] {
    const path = (args as { path?: unknown }).path;
    if (kind !== 'edit' || typeof path !== 'string') return [];
    try {
      return [this.deps.workspace.resolve(path, { forWrite: true })];
    } catch {
      return []; // the tool will refuse the path itself; snapshot everything to be safe
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
function mcpFields(parsed: ReturnType<ToolCatalog['parseArguments']>): { server?: string; tool?: string } {
  const mcp = parsed.ok ? parsed.tool.mcp : undefined;
  return mcp ? { server: mcp.server, tool: mcp.tool } : {};
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
