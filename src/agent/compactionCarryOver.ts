// What a compaction must not lose: the user's latest request, the plan checklist as it stands, and
// the files changed so far. Put back after the compacted window as one developer message (the
// harness speaking, not the user), so the model goes on with the task instead of guessing at it.
// The request and the plan come from the ledger (they survive --resume); the files from the edits
// this agent saw succeed (tool.requested names the paths, tool.completed says whether it worked).
import type { ConversationItem, LedgerEntry } from '../session/index.js';
import { parsePatch } from '../tools/applyPatch/index.js';
import type { AgentEvent } from './events.js';

const REQUEST_MAX_CHARS = 4000;
const FILES_MAX = 200;
const PLAN_MARKS: Record<string, string> = { completed: '[x]', in_progress: '[>]', pending: '[ ]' };

export class CompactionCarryOver {
  /** Paths each edit call would change, until it completes. */
  private readonly pending = new Map<string, string[]>();
  private readonly changed = new Set<string>();

  /** Feed every AgentEvent of the session (the parent's and its sub-agents'). */
  observe(event: AgentEvent): void {
    if (event.type === 'tool.requested') {
      const paths = editedPaths(event.name, event.args);
      if (paths.length > 0) this.pending.set(event.callId, paths);
    } else if (event.type === 'tool.completed') {
      const paths = this.pending.get(event.callId);
      this.pending.delete(event.callId);
      if (event.ok) for (const path of paths ?? []) this.changed.add(path);
    }
  }

  /** The files changed so far, in the order they were first changed. */
  get changedFiles(): string[] {
    return [...this.changed];
  }

  /** The items to put after the compacted window (none when there is nothing to carry). */
  items(entries: readonly LedgerEntry[]): ConversationItem[] {
    const request = latestUserRequest(entries);
    const plan = latestPlan(entries);
    const files = this.changedFiles;
    if (request === null && plan === null && files.length === 0) return [];
    const parts = ['Context carried over the compaction above (kept by the harness; not a new request):'];
    if (request !== null) parts.push(`The user's latest request:\n${clip(request, REQUEST_MAX_CHARS)}`);
    if (plan !== null) parts.push(`The plan as it stands:\n${plan}`);
    if (files.length > 0) {
      const shown = files.slice(0, FILES_MAX).join('\n');
      parts.push(`Files changed so far:\n${shown}${files.length > FILES_MAX ? `\n… and ${files.length - FILES_MAX} more` : ''}`);
    }
    return [{ type: 'message', role: 'developer', content: [{ type: 'input_text', text: parts.join('\n\n') }] }];
  }
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function messageText(item: Record<string, unknown>): string {
  const content = item.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : '')).join('');
}

/** The newest message the user wrote (their prompt or a steer); null before any. */
function latestUserRequest(entries: readonly LedgerEntry[]): string | null {
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    const item = entry.item as Record<string, unknown>;
    if (entry.origin === 'user' && item.type === 'message' && item.role === 'user') return messageText(item);
  }
  return null;
}

/** The newest update_plan call's checklist, one step a line; null when the model never made one. */
function latestPlan(entries: readonly LedgerEntry[]): string | null {
  for (let i = entries.length - 1; i >= 0; i--) {
    const item = entries[i]!.item as Record<string, unknown>;
    if (item.type !== 'function_call' || item.name !== 'update_plan') continue;
    const args = parseJson(item.arguments);
    const steps = (args as { plan?: unknown } | null)?.plan;
    if (!Array.isArray(steps)) continue;
    return steps
      .map((s) => s as { step?: unknown; status?: unknown })
      .map((s) => `${PLAN_MARKS[String(s.status)] ?? '[ ]'} ${String(s.step ?? '')}`)
      .join('\n');
  }
  return null;
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The workspace paths an edit call names (apply_patch's file sections, edit_file's and write_file's path). */
function editedPaths(name: string, args: unknown): string[] {
  const record = (args ?? {}) as Record<string, unknown>;
  if (name === 'apply_patch') {
    const input = typeof args === 'string' ? args : record.input;
    if (typeof input !== 'string') return [];
    const parsed = parsePatch(input);
    if (!parsed.ok) return [];
    return parsed.operations.flatMap((op) => (op.kind === 'update' && op.movePath ? [op.path, op.movePath] : [op.path]));
  }
  if ((name === 'edit_file' || name === 'write_file') && typeof record.path === 'string') return [record.path];
  return [];
}
