// The tool registry: the tools the model may call, their OpenAI function definitions, and the
// one place raw calls from the model are parsed and validated. Nothing here throws for bad
// input: an unknown tool, invalid JSON or arguments that break the schema all come back as a
// message for the model.
import type { CustomTool, FunctionTool } from '../protocol/index.js';

import { applyPatchTool } from './applyPatch/index.js';
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
import { updatePlanTool } from './updatePlan.js';
import { viewImageTool } from './viewImage.js';
import { writeFileTool } from './writeFile.js';

// Each registry holds tools of different argument types; callers only pass them what the
// tool's own validate() returned.
// biome-ignore lint/suspicious/noExplicitAny: a registry holds tools of every argument type (see above).
export type AnyTool = Tool<any>;

export type ParsedToolCall = { ok: true; tool: AnyTool; args: unknown; display: string } | { ok: false; message: string; display: string };

export interface ToolRegistry {
  list(): AnyTool[];
  get(name: string): AnyTool | undefined;
  /**
   * The `tools` array of a Responses request: strict function tools, and freeform custom tools
   * (apply_patch) while custom tools are on.
   */
  definitions(): Array<FunctionTool | CustomTool>;
  /** Whether `name` is currently offered as a custom tool (its calls come as custom_tool_call). */
  isCustom(name: string): boolean;
  /**
   * Offers the custom tools as function tools from now on (the server refused custom tools).
   * Returns false when there was nothing to change.
   */
  disableCustomTools(): boolean;
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
  /**
   * apply_patch: offered as a freeform custom tool, as a JSON function tool, or not at all
   * (default off: resolveApplyPatch() picks the form for a model).
   */
  applyPatch?: ApplyPatchForm;
  /** Offer update_plan (the agent does; the bare registry keeps the ten workspace tools). */
  updatePlan?: boolean;
}

export type ApplyPatchForm = 'custom' | 'function' | 'off';
export const APPLY_PATCH_SETTINGS = ['auto', 'custom', 'function', 'off'] as const;
export type ApplyPatchSetting = (typeof APPLY_PATCH_SETTINGS)[number];

/**
 * The form apply_patch takes for a model. `auto`: the freeform tool for the GPT-5 family (trained
 * on it; Codex offers it to them), nothing for other models, which keep edit_file.
 */
export function resolveApplyPatch(setting: ApplyPatchSetting, model: string): ApplyPatchForm {
  if (setting !== 'auto') return setting;
  return /^gpt-5/i.test(model.trim()) ? 'custom' : 'off';
}

/**
 * The workspace tools. One editing family per model, as Codex does: apply_patch when it is offered
 * (the GPT-5 family), edit_file and write_file otherwise. Offering both costs every request their
 * schemas and leaves the model two ways to do one thing.
 */
export function defaultTools(options: ToolRegistryOptions = {}): AnyTool[] {
  const patches = options.applyPatch !== undefined && options.applyPatch !== 'off';
  return [
    listFilesTool,
    readFileTool,
    createSearchTool(options.search),
    viewImageTool,
    ...(patches ? [] : [editFileTool, writeFileTool]),
    runCommandTool,
    runTestsTool,
    gitStatusTool,
    gitDiffTool,
    ...(options.updatePlan ? [updatePlanTool] : []),
    ...(patches ? [applyPatchTool] : []),
  ];
}

export function createToolRegistry(options: ToolRegistryOptions = {}): ToolRegistry {
  const tools = options.tools ?? defaultTools(options);
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  let customTools = options.applyPatch === 'custom';
  const offeredAsCustom = (tool: AnyTool): boolean => customTools && tool.freeform !== undefined;

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
      tools.map((tool): FunctionTool | CustomTool =>
        offeredAsCustom(tool)
          ? { type: 'custom', name: tool.name, description: tool.freeform!.description, format: tool.freeform!.format }
          : { type: 'function', name: tool.name, description: tool.description, strict: tool.strict ?? true, parameters: tool.parameters },
      ),
    isCustom: (name) => {
      const tool = byName.get(name);
      return tool !== undefined && offeredAsCustom(tool);
    },
    disableCustomTools: () => {
      const had = tools.some(offeredAsCustom);
      customTools = false;
      return had;
    },
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
