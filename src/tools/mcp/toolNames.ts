// Names MCP tools have for the model: `mcp__<server>__<tool>` (the Claude Code convention), in the
// Responses API's alphabet `^[a-zA-Z0-9_-]{1,64}$`. Characters outside it become `_`; a name that
// is too long is cut and given a short hash of the original, and names that collide after that get
// the same treatment, so every tool keeps a distinct, stable name.
import { createHash } from 'node:crypto';

export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX = 64;

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

function withHash(base: string, original: string): string {
  const suffix = `_${hash(original)}`;
  return `${base.slice(0, MAX - suffix.length)}${suffix}`;
}

/** The model-facing name of one tool, before collision handling. */
export function mcpToolName(server: string, tool: string): string {
  const raw = `mcp__${server}__${tool}`;
  const clean = raw.replace(/[^a-zA-Z0-9_-]/g, '_');
  return clean.length <= MAX ? clean : withHash(clean, raw);
}

/**
 * Names for a server's tools, in the order given: `taken` holds names already used (built-in
 * tools, other servers) and receives the new ones.
 */
export function assignToolNames(server: string, tools: readonly string[], taken: Set<string>): string[] {
  return tools.map((tool) => {
    let name = mcpToolName(server, tool);
    if (taken.has(name)) name = withHash(name, `${server}\u0000${tool}`);
    for (let i = 2; taken.has(name); i++) name = withHash(name, `${server}\u0000${tool}\u0000${i}`);
    taken.add(name);
    return name;
  });
}
