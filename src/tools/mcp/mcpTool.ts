// An MCP server's tool as a workspace Tool: the model-facing name, the converted schema, the
// approval kind from the server's annotations (a tool counts as a command unless it says
// `readOnlyHint: true`), and an execution that goes through the server's connection.
import type { Tool as McpToolInfo } from '@modelcontextprotocol/sdk/types.js';
import { shown } from '../schema.js';
import type { Tool, ToolResult } from '../types.js';
import { McpCallError, type McpConnection } from './McpConnection.js';
import { serverArguments, toFunctionParameters } from './strictSchema.js';
import { modelResult } from './toolResult.js';

type Args = Record<string, unknown>;

const MAX_DESCRIPTION = 1024;

export function approvalScope(server: string): string {
  return `mcp:${server}`;
}

export function createMcpTool(connection: McpConnection, info: McpToolInfo, name: string): Tool<Args> {
  const server = connection.name;
  const { parameters, strict } = toFunctionParameters(info.inputSchema);
  const readOnly = info.annotations?.readOnlyHint === true;
  const summary = (info.description ?? info.annotations?.title ?? info.title ?? '').trim();
  const description = `${summary ? `${summary.slice(0, MAX_DESCRIPTION)}\n` : ''}(tool "${info.name}" of the MCP server "${server}")`;
  return {
    name,
    description,
    kind: readOnly ? 'read' : 'command',
    parameters,
    strict,
    mcp: { server, tool: info.name },
    approvalScope: approvalScope(server),
    validate(args) {
      if (args === null || typeof args !== 'object' || Array.isArray(args)) {
        return { ok: false, message: `Invalid arguments for ${name}: the arguments must be a JSON object (got ${shown(args)}).` };
      }
      return { ok: true, args: args as Args };
    },
    display(args) {
      const text = JSON.stringify(strict ? serverArguments(args, info.inputSchema) : args);
      return `${server}/${info.name} ${text === '{}' ? '' : shown(JSON.parse(text), 100)}`.trim();
    },
    async execute(args, ctx): Promise<ToolResult> {
      try {
        const result = await connection.call(info.name, strict ? serverArguments(args, info.inputSchema) : args, ctx.signal);
        return modelResult(result);
      } catch (err) {
        if (err instanceof McpCallError) return { ok: false, output: err.message };
        return { ok: false, output: `The MCP tool ${info.name} on server "${server}" failed: ${(err as Error).message}` };
      }
    },
  };
}
