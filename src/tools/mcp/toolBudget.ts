// What one MCP server may add to every request. Every tool definition is sent with every request,
// so a server with 300 tools, or one 5,000-property schema, would make each request hundreds of
// kilobytes larger. A server's tools are taken in their stable (sorted) order while they fit both
// caps: at most `maxTools` tools and `maxSchemaBytes` bytes of definitions (name, description and
// parameters as sent). A tool that does not fit is left out, and the next ones may still fit.
import type { Tool } from '../types.js';

export interface ToolBudget {
  maxTools: number;
  maxSchemaBytes: number;
}

export const DEFAULT_TOOL_BUDGET: ToolBudget = { maxTools: 100, maxSchemaBytes: 64 * 1024 };

/** The bytes a tool adds to a request (its definition as JSON, as the request carries it). */
export function definitionBytes(tool: Pick<Tool, 'name' | 'description' | 'parameters'>): number {
  return Buffer.byteLength(JSON.stringify({ type: 'function', name: tool.name, description: tool.description, parameters: tool.parameters }));
}

/** The tools that fit, and one line saying what was left out (null when nothing was). */
export function withinBudget(tools: readonly Tool[], budget: ToolBudget): { kept: Tool[]; leftOut: string | null } {
  const kept: Tool[] = [];
  const overCount: string[] = [];
  const overBytes: string[] = [];
  let bytes = 0;
  for (const tool of tools) {
    const size = definitionBytes(tool);
    if (kept.length >= budget.maxTools) overCount.push(tool.mcp?.tool ?? tool.name);
    else if (bytes + size > budget.maxSchemaBytes) overBytes.push(`${tool.mcp?.tool ?? tool.name} (${kib(size)})`);
    else {
      kept.push(tool);
      bytes += size;
    }
  }
  if (overCount.length === 0 && overBytes.length === 0) return { kept, leftOut: null };
  const parts: string[] = [];
  if (overCount.length > 0) parts.push(`${overCount.length} over mcpMaxToolsPerServer (${budget.maxTools}): ${names(overCount)}`);
  if (overBytes.length > 0) parts.push(`${overBytes.length} over mcpMaxSchemaBytesPerServer (${kib(budget.maxSchemaBytes)}): ${names(overBytes)}`);
  return { kept, leftOut: `offering ${kept.length} of its ${tools.length} tools (${kib(bytes)} per request); left out ${parts.join('; ')}` };
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function names(list: readonly string[]): string {
  return list.length <= 5 ? list.join(', ') : `${list.slice(0, 5).join(', ')} and ${list.length - 5} more`;
}
