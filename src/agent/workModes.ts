// Work modes: what the model may do in a turn. `normal` offers every tool; `plan` (plan first) and
// `init` (writing AGENTS.md) offer only tools that cannot change anything (reads, searches,
// update_plan, read-only MCP tools) and add a paragraph to the instructions saying what answer is
// wanted. A mode changes only between turns: the new tool list and instructions make the next
// request start one new chain, as a /model switch does.
import type { ToolKind } from '../tools/types.js';

export type WorkMode = 'normal' | 'plan' | 'init';

export const WORK_MODES: readonly WorkMode[] = ['normal', 'plan', 'init'];

/**
 * Whether a tool is offered in a mode. spawn_agents is a read kind too (its sub-agents only read),
 * but a plan is the parent's own investigation: it is left out so the mode offers reads, searches,
 * update_plan and read-only MCP tools, nothing else.
 */
export function offeredInMode(tool: { name: string; kind: ToolKind }, mode: WorkMode): boolean {
  if (mode === 'normal') return true;
  return tool.kind === 'read' && tool.name !== 'spawn_agents';
}

const PLAN_MODE = `# Plan mode

You are in plan mode: the user wants a plan before any change is made. Only read-only tools are
offered; nothing may be edited or run. Investigate what the task touches (read the files, search
the code), then record the plan with update_plan (every step pending) and answer with the plan:
the steps in order, the files each one changes, and how the result will be checked. Do not start
on the work. The user will approve the plan, edit it, or ask for changes.`;

const INIT_MODE = `# Writing AGENTS.md

Only read-only tools are offered; nothing may be edited or run. Investigate the repository
(its manifest and build files, README, CI configuration, linters, the layout of its folders and
tests), then answer with the complete content of the AGENTS.md file in one fenced block
(\`\`\`markdown … \`\`\`) and nothing else after it. wsagent writes the file from your answer.`;

/** The instructions for a mode: the base ones, plus what the mode asks for. */
export function instructionsForMode(base: string, mode: WorkMode): string {
  if (mode === 'plan') return `${base}\n\n${PLAN_MODE}`;
  if (mode === 'init') return `${base}\n\n${INIT_MODE}`;
  return base;
}
