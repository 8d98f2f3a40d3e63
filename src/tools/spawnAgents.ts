// spawn_agents: the model forks sub-agents from its current response, each with one task; their
// final answers come back as this call's output. The tool only validates and hands the tasks to
// whoever runs sub-agents (the agent layer injects it): tools/ sits below agent/.
import type { Tool, ToolContext, ToolResult } from './types.js';

export interface SubAgentTask {
  name: string;
  prompt: string;
}

/** Runs the tasks and returns the merged answers (the agent layer's SubAgents). */
export type SubAgentRunner = (tasks: SubAgentTask[], ctx: ToolContext) => Promise<ToolResult>;

export const SPAWN_AGENTS_TOOL = 'spawn_agents';
export const DEFAULT_MAX_SUB_AGENTS = 4;
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_PROMPT_CHARS = 20_000;

export function createSpawnAgentsTool(options: { max?: number; run: SubAgentRunner }): Tool<{ tasks: SubAgentTask[] }> {
  const max = options.max ?? DEFAULT_MAX_SUB_AGENTS;
  return {
    name: SPAWN_AGENTS_TOOL,
    kind: 'read',
    description:
      `Fork up to ${max} sub-agents from this point of the conversation. Each starts from everything you know so far, works on its ` +
      'own task and answers once; their answers come back together, each under its name, in task order. Sub-agents are read-only ' +
      'whatever the approval mode: they can list, read and search files, see git status and diffs and use read-only MCP tools, but ' +
      'cannot edit files or run commands. Use it for independent investigations (reviewing several parts of the code at once), ' +
      'then make the edits yourself.',
    parameters: {
      type: 'object',
      properties: {
        tasks: {
          type: 'array',
          description: `1 to ${max} tasks, one per sub-agent.`,
          items: {
            type: 'object',
            properties: {
              name: { type: 'string', description: 'A short unique name: letters, digits, _ . - (e.g. review-parser).' },
              prompt: { type: 'string', description: 'What this sub-agent must find out or do, and what to answer.' },
            },
            required: ['name', 'prompt'],
            additionalProperties: false,
          },
        },
      },
      required: ['tasks'],
      additionalProperties: false,
    },
    validate(args) {
      const tasks = (args as { tasks?: unknown }).tasks;
      if (!Array.isArray(tasks) || tasks.length === 0) return { ok: false, message: 'tasks must be a non-empty array of {name, prompt}.' };
      if (tasks.length > max)
        return { ok: false, message: `at most ${max} sub-agents at once (got ${tasks.length}); merge some tasks or spawn them in two calls.` };
      const seen = new Set<string>();
      for (const [i, task] of tasks.entries()) {
        const { name, prompt } = (task ?? {}) as { name?: unknown; prompt?: unknown };
        if (typeof name !== 'string' || !NAME.test(name))
          return { ok: false, message: `tasks[${i}].name must be 1-64 characters of letters, digits, _ . - (got ${JSON.stringify(name)}).` };
        if (seen.has(name)) return { ok: false, message: `tasks[${i}].name ${JSON.stringify(name)} is used twice; names must be unique.` };
        seen.add(name);
        if (typeof prompt !== 'string' || prompt.trim() === '') return { ok: false, message: `tasks[${i}].prompt must be a non-empty string.` };
        if (prompt.length > MAX_PROMPT_CHARS) return { ok: false, message: `tasks[${i}].prompt is longer than ${MAX_PROMPT_CHARS} characters.` };
      }
      return { ok: true, args: { tasks: tasks as SubAgentTask[] } };
    },
    display: (args) => `spawn_agents ${args.tasks.map((t) => t.name).join(', ')}`,
    execute: (args, ctx) => options.run(args.tasks, ctx),
  };
}
