// `--json --json-format codex`: the run as Codex's `codex exec --json` events (codex-rs/exec
// exec_events.rs), so scripts written for Codex read wsagent unchanged. Schema:
// docs/codex-events.schema.json. The mapping of wsagent's tools to Codex's item types:
// run_command and run_tests → command_execution; edit_file, write_file and apply_patch → file_change;
// update_plan → todo_list; MCP tools (mcp__SERVER__TOOL) → mcp_tool_call; every other built-in tool
// (read_file, search, list_files, git_*) → mcp_tool_call with server "wsagent"; a hosted web search
// → web_search.
import type { AgentEvent, WebSearchAction } from '../agent/events.js';

type Item = Record<string, unknown> & { id: string; type: string };

const COMMAND_TOOLS = new Set(['run_command', 'run_tests']);
const FILE_TOOLS = new Set(['edit_file', 'write_file', 'apply_patch']);

export function codexEventWriter(out: NodeJS.WritableStream): (event: AgentEvent) => void {
  let next = 0;
  const newId = (): string => `item_${next++}`;
  const write = (event: object): void => {
    out.write(`${JSON.stringify(event)}\n`);
  };
  const noUsage = () => ({ input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0 });
  let usage = noUsage();
  let lastError: string | null = null;
  let reasoning = '';
  /** Open tool items by call id (started, not yet completed). */
  const calls = new Map<string, { item: Item; args: unknown; output: string }>();
  /** The todo_list item of the turn, updated on every plan change. */
  let todo: Item | null = null;
  /** Steers' texts by id, until the model has them (committed: a user message item). */
  const steers = new Map<string, string>();
  return (event) => {
    switch (event.type) {
      case 'steer.submitted':
        steers.set(event.id, event.text);
        break;
      case 'steer.committed': {
        const text = steers.get(event.id);
        steers.delete(event.id);
        if (text !== undefined) write({ type: 'item.completed', item: { id: newId(), type: 'user_message', text } });
        break;
      }
      case 'session.started':
        write({ type: 'thread.started', thread_id: event.sessionId });
        break;
      case 'turn.started':
        usage = noUsage();
        lastError = null;
        todo = null;
        write({ type: 'turn.started' });
        break;
      case 'reasoning.delta':
        reasoning += event.text;
        break;
      case 'reasoning.done':
        if (event.text || reasoning) write({ type: 'item.completed', item: { id: newId(), type: 'reasoning', text: event.text || reasoning } });
        reasoning = '';
        break;
      case 'web_search':
        // Codex's WebSearchItem: the query (an open_page or find_in_page action says what it did).
        write({ type: 'item.completed', item: { id: newId(), type: 'web_search', query: webSearchQuery(event.action) ?? event.display } });
        break;
      case 'assistant.done':
        if (event.text) write({ type: 'item.completed', item: { id: newId(), type: 'agent_message', text: event.text } });
        break;
      case 'tool.requested': {
        if (event.name === 'update_plan') break;
        const item = startItem(newId(), event.name, event.args, event.display);
        calls.set(event.callId, { item, args: event.args, output: '' });
        write({ type: 'item.started', item });
        break;
      }
      case 'tool.output': {
        const call = calls.get(event.callId);
        if (call?.item.type !== 'command_execution') break;
        call.output += event.chunk;
        write({ type: 'item.updated', item: { ...call.item, aggregated_output: call.output } });
        break;
      }
      case 'tool.completed': {
        const call = calls.get(event.callId);
        if (!call) break;
        calls.delete(event.callId);
        write({ type: 'item.completed', item: completeItem(call.item, event.ok, event.output) });
        break;
      }
      case 'plan.updated': {
        const items = event.plan.map((p) => ({ text: p.step, completed: p.status === 'completed' }));
        if (!todo) {
          todo = { id: newId(), type: 'todo_list', items };
          write({ type: 'item.started', item: todo });
        } else {
          todo = { ...todo, items };
          write({ type: 'item.updated', item: todo });
        }
        break;
      }
      case 'usage':
        usage = {
          input_tokens: usage.input_tokens + event.input,
          cached_input_tokens: usage.cached_input_tokens + event.cached,
          output_tokens: usage.output_tokens + event.output,
          reasoning_output_tokens: usage.reasoning_output_tokens + (event.reasoning ?? 0),
        };
        break;
      case 'error':
        if (event.fatal || event.code === 'max_turns') lastError = event.message;
        else write({ type: 'item.completed', item: { id: newId(), type: 'error', message: event.message } });
        break;
      case 'turn.completed':
        if (todo) write({ type: 'item.completed', item: todo });
        todo = null;
        if (event.status === 'completed') write({ type: 'turn.completed', usage });
        else
          write({
            type: 'turn.failed',
            error: { message: lastError ?? (event.status === 'cancelled' ? 'the turn was cancelled' : `the turn ended: ${event.status}`) },
          });
        break;
      case 'session.completed':
        if (event.status === 'failed' && lastError) write({ type: 'error', message: lastError });
        break;
      default:
        break;
    }
  };
}

function startItem(id: string, name: string, args: unknown, display: string): Item {
  const a = (args && typeof args === 'object' ? args : {}) as Record<string, unknown>;
  if (COMMAND_TOOLS.has(name)) {
    const command = typeof a.command === 'string' ? a.command : display;
    return { id, type: 'command_execution', command, aggregated_output: '', exit_code: null, status: 'in_progress' };
  }
  if (FILE_TOOLS.has(name)) return { id, type: 'file_change', changes: fileChanges(name, args), status: 'in_progress' };
  const mcp = /^mcp__(.+?)__(.+)$/.exec(name);
  return {
    id,
    type: 'mcp_tool_call',
    server: mcp ? mcp[1] : 'wsagent',
    tool: mcp ? mcp[2] : name,
    arguments: args ?? null,
    result: null,
    error: null,
    status: 'in_progress',
  };
}

function completeItem(item: Item, ok: boolean, output: string): Item {
  switch (item.type) {
    case 'command_execution': {
      const code = /\[exit code (-?\d+)\]\s*$/.exec(output);
      const exitCode = code ? Number(code[1]) : ok ? 0 : null;
      return { ...item, aggregated_output: output, exit_code: exitCode, status: ok && exitCode === 0 ? 'completed' : 'failed' };
    }
    case 'file_change':
      return { ...item, status: ok ? 'completed' : 'failed' };
    default:
      return ok
        ? { ...item, result: { content: [{ type: 'text', text: output }], structured_content: null }, status: 'completed' }
        : { ...item, error: { message: output }, status: 'failed' };
  }
}

/** The files a call changes: `path` of edit_file / write_file, the headers of a patch. */
function fileChanges(name: string, args: unknown): Array<{ path: string; kind: 'add' | 'delete' | 'update' }> {
  const a = (args && typeof args === 'object' ? args : {}) as Record<string, unknown>;
  if (name !== 'apply_patch') return typeof a.path === 'string' ? [{ path: a.path, kind: name === 'write_file' ? 'add' : 'update' }] : [];
  const patch = typeof args === 'string' ? args : typeof a.input === 'string' ? a.input : typeof a.patch === 'string' ? a.patch : '';
  const changes: Array<{ path: string; kind: 'add' | 'delete' | 'update' }> = [];
  for (const m of patch.matchAll(/^\*\*\* (Add|Delete|Update) File: (.+)$/gm))
    changes.push({ path: m[2]!.trim(), kind: m[1]!.toLowerCase() as 'add' | 'delete' | 'update' });
  return changes;
}

function webSearchQuery(action: WebSearchAction): string | null {
  if (action.type !== 'search') return null;
  return action.queries?.length ? action.queries.join(' ') : (action.query ?? null);
}
