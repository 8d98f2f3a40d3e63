// The tool registry: the tools the model may call, their OpenAI function definitions, and the
// one place raw calls from the model are parsed and validated. Nothing here throws for bad
// input: an unknown tool, invalid JSON or arguments that break the schema all come back as a
// message for the model.
import type { FunctionTool } from '../protocol/index.js';

import { editFileTool } from './editFile.js';
import { gitDiffTool } from './gitDiff.js';
import { gitStatusTool } from './gitStatus.js';
import { listFilesTool } from './listFiles.js';
import { readFileTool } from './readFile.js';
import { runCommandTool } from './runCommand.js';
import { runTestsTool } from './runTests.js';
import { invalidArgumentsPrefix, shown } from './schema.js';
import { createSearchTool, type SearchToolOptions } from './search.js';
import { errorMessage } from './toolHelpers.js';
import type { Tool, ToolContext, ToolResult } from './types.js';
import { writeFileTool } from './writeFile.js';

// Each registry holds tools of different argument types; callers only pass them what the
// tool's own validate() returned.
export type AnyTool = Tool<any>;

export type ParsedToolCall =
  | { ok: true; tool: AnyTool; args: unknown; display: string }
  | { ok: false; message: string; display: string };

export interface ToolRegistry {
  list(): AnyTool[];
  get(name: string): AnyTool | undefined;
  /** The `tools` array of a Responses request: strict function tools. */
  definitions(): FunctionTool[];
  /** Parses and validates a call's `arguments` JSON; failures carry a message for the model. */
  parseArguments(name: string, json: string): ParsedToolCall;
  /**
   * Parses, validates and executes a call. Never throws: invalid calls and unexpected errors
   * become `{ ok: false, output }` results for the model.
   */
  execute(name: string, json: string, ctx: ToolContext): Promise<ToolResult>;
}

export interface ToolRegistryOptions {
  /** Options for the search tool (e.g. `{ engine: 'js' }`). */
  search?: SearchToolOptions;
  /** Replace the tool set entirely (tests, restricted modes). */
  tools?: AnyTool[];
}

export function defaultTools(options: ToolRegistryOptions = {}): AnyTool[] {
  return [
    listFilesTool,
    readFileTool,
    createSearchTool(options.search),
    editFileTool,
    writeFileTool,
    runCommandTool,
    runTestsTool,
    gitStatusTool,
    gitDiffTool,
  ];
}

export function createToolRegistry(options: ToolRegistryOptions = {}): ToolRegistry {
  const tools = options.tools ?? defaultTools(options);
  const byName = new Map(tools.map((tool) => [tool.name, tool]));

  const parseArguments = (name: string, json: string): ParsedToolCall => {
    const tool = byName.get(name);
    if (!tool) {
      return {
        ok: false,
        display: `${name} (unknown tool)`,
        message: `Unknown tool ${JSON.stringify(name)}. Available tools: ${[...byName.keys()].join(', ')}.`,
      };
    }
    const invalidDisplay = `${name} (invalid arguments)`;
    let parsed: unknown;
    const text = typeof json === 'string' ? json : String(json);
    try {
      // An empty string is what some clients send for a call without arguments.
      parsed = text.trim() === '' ? {} : JSON.parse(text);
    } catch (err) {
      return {
        ok: false,
        display: invalidDisplay,
        message: `${invalidArgumentsPrefix(name)}not valid JSON (${errorMessage(err)}; got ${shown(text, 80)}). Send one JSON object with the properties of the schema.`,
      };
    }
    let validation;
    try {
      validation = tool.validate(parsed);
    } catch (err) {
      return { ok: false, display: invalidDisplay, message: `${invalidArgumentsPrefix(name)}${errorMessage(err)}` };
    }
    if (!validation.ok) return { ok: false, display: invalidDisplay, message: validation.message };
    let display: string;
    try {
      display = tool.display(validation.args);
    } catch {
      display = name;
    }
    return { ok: true, tool, args: validation.args, display };
  };

  return {
    list: () => [...tools],
    get: (name) => byName.get(name),
    definitions: () =>
      tools.map((tool) => ({
        type: 'function' as const,
        name: tool.name,
        description: tool.description,
        strict: tool.strict ?? true,
        parameters: tool.parameters,
      })),
    parseArguments,
    async execute(name, json, ctx) {
      const parsed = parseArguments(name, json);
      if (!parsed.ok) return { ok: false, output: parsed.message };
      try {
        return await parsed.tool.execute(parsed.args, ctx);
      } catch (err) {
        return { ok: false, output: `${name} failed unexpectedly: ${errorMessage(err)}` };
      }
    },
  };
}
