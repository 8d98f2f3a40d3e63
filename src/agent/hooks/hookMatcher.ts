// Which hooks a tool call triggers. A matcher is a regular expression over tool names, anchored at
// both ends (Claude Code's rule: `Edit|Write`, `mcp__github__.*`; `*` or empty matches every tool).
// It is tried against wsagent's own name and the names Claude Code and Codex give the same tool, so
// a hook written for them (`Bash`, `Edit|Write`) fires here unchanged. MCP tools are named as the
// others name them already: `mcp__server__tool`.
import type { HookCommand } from '../../config/hooksConfig.js';

/** The other agents' names for wsagent's tools. */
const OTHER_NAMES: Readonly<Record<string, readonly string[]>> = {
  run_command: ['Bash', 'shell', 'exec_command', 'local_shell'],
  edit_file: ['Edit', 'MultiEdit'],
  write_file: ['Write'],
  apply_patch: ['Edit', 'MultiEdit', 'Write'],
  read_file: ['Read'],
  // Claude Code's Read shows the model images too; Codex calls this tool view_image as well.
  view_image: ['Read'],
  search: ['Grep'],
  list_files: ['Glob', 'LS'],
  update_plan: ['TodoWrite'],
  spawn_agents: ['Task'],
};

/** Every name a tool answers to, its own first. */
export function toolNames(tool: string): string[] {
  return [tool, ...(OTHER_NAMES[tool] ?? [])];
}

export function matcherMatches(matcher: string, tool: string): boolean {
  if (matcher === '' || matcher === '*') return true;
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^(?:${matcher})$`);
  } catch {
    return false; // rejected when the settings load; never here
  }
  return toolNames(tool).some((name) => pattern.test(name));
}

/** The hooks of `event` that apply to `tool` (events without tools: every hook of the event). */
export function hooksFor(hooks: readonly HookCommand[], event: HookCommand['event'], tool?: string): HookCommand[] {
  return hooks.filter((h) => h.event === event && (tool === undefined || matcherMatches(h.matcher, tool)));
}
