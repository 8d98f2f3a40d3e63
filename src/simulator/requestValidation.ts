// What the real Responses API refuses before it generates anything (protocol.md §12): unknown
// top-level parameters, items and tools that break the schema, an unknown model, sampling
// parameters a reasoning model does not take, and a `tool_choice` the tools cannot satisfy.
// Each refusal is a 400 (a missing model a 404 over HTTP) whose `param` names the path, as the
// service writes it, so that a client bug shows here and not first in production.
import type { ResponseInputItem, Tool } from '../protocol/index.js';
import { type ApiError, invalidRequest, unknownParameter, unsupportedParameter } from './apiErrors.js';
import { HTTP_PARAMETERS, socketParameters } from './documentedParameters.js';
import { checkAnnotations, checkOutputParts, checkWebSearchCall, checkWebSearchTool } from './itemShapes.js';
import { isReasoningModel } from './reasoningModels.js';
import { checkTextFormat } from './strictSchema.js';

export interface ValidationContext {
  transport: 'ws' | 'http';
  /** The socket takes `stream_id` (protocol.md §9). */
  lanes: boolean;
  /** The models this server serves; null takes any name (`--any-model`). */
  models: readonly string[] | null;
}

/** The item types of the SDK's ResponseInputItem, typed so that a new one fails the typecheck until listed. */
const ITEM_TYPES: Record<NonNullable<ResponseInputItem['type']>, true> = {
  message: true,
  file_search_call: true,
  computer_call: true,
  computer_call_output: true,
  web_search_call: true,
  function_call: true,
  function_call_output: true,
  tool_search_call: true,
  tool_search_output: true,
  additional_tools: true,
  reasoning: true,
  compaction: true,
  image_generation_call: true,
  code_interpreter_call: true,
  local_shell_call: true,
  local_shell_call_output: true,
  shell_call: true,
  shell_call_output: true,
  apply_patch_call: true,
  apply_patch_call_output: true,
  mcp_list_tools: true,
  mcp_approval_request: true,
  mcp_approval_response: true,
  mcp_call: true,
  custom_tool_call_output: true,
  custom_tool_call: true,
  compaction_trigger: true,
  item_reference: true,
  program: true,
  program_output: true,
};

/** The tool types of the SDK's Tool union. */
const TOOL_TYPES: Record<Tool['type'], true> = {
  function: true,
  file_search: true,
  computer: true,
  computer_use_preview: true,
  web_search: true,
  web_search_2025_08_26: true,
  mcp: true,
  code_interpreter: true,
  programmatic_tool_calling: true,
  image_generation: true,
  local_shell: true,
  shell: true,
  custom: true,
  namespace: true,
  tool_search: true,
  web_search_preview: true,
  web_search_preview_2025_03_11: true,
  apply_patch: true,
};

const ROLES = ['assistant', 'system', 'developer', 'user'];

const missingParameter = (param: string): ApiError => invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');

/** The service's enumeration: 'a', 'b', and 'c'. */
function listed(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)}`;
}

const invalidValue = (param: string, value: unknown, supported: readonly string[]): ApiError =>
  invalidRequest(`Invalid value: '${String(value)}'. Supported values are: ${listed(supported)}.`, param, 'invalid_value');

/** JSON's name for a value's type, as the service says it ("but got an integer instead"). */
function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'string') return 'a string';
  return 'an object';
}

const invalidType = (param: string, expected: string, value: unknown): ApiError =>
  invalidRequest(`Invalid type for '${param}': expected ${expected}, but got ${jsonTypeName(value)} instead.`, param, 'invalid_type');

export const modelNotFound = (model: string, transport: 'ws' | 'http'): ApiError => ({
  // Over HTTP the service answers 404; over the socket every request error is a 400 event.
  status: transport === 'http' ? 404 : 400,
  error: {
    type: 'invalid_request_error',
    code: 'model_not_found',
    message: `The model \`${model}\` does not exist or you do not have access to it.`,
    param: null,
  },
});

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function checkItem(raw: unknown, i: number): ApiError | null {
  if (!isObject(raw)) return null; // normaliseInput words this one
  const at = `input[${i}]`;
  // An easy message ({role, content}) and an item reference ({id}) may leave out their type.
  const type = raw.type ?? (typeof raw.role === 'string' ? 'message' : undefined);
  if (type === undefined) return null;
  if (typeof type !== 'string' || !(type in ITEM_TYPES)) return invalidValue(`${at}.type`, type, Object.keys(ITEM_TYPES));
  if (type === 'message' && !ROLES.includes(String(raw.role))) {
    return raw.role === undefined ? missingParameter(`${at}.role`) : invalidValue(`${at}.role`, raw.role, ROLES);
  }
  if ((type === 'function_call_output' || type === 'custom_tool_call_output') && typeof raw.output !== 'string' && !Array.isArray(raw.output)) {
    return raw.output === undefined ? missingParameter(`${at}.output`) : invalidType(`${at}.output`, 'one of a string or array of input content', raw.output);
  }
  if (type === 'function_call_output' && Array.isArray(raw.output)) return checkOutputParts(raw.output, at);
  if (type === 'web_search_call') return checkWebSearchCall(raw, at);
  if (type === 'message' && raw.role === 'assistant') return checkAnnotations(raw.content, at);
  return null;
}

function checkTools(tools: unknown): ApiError | null {
  if (tools === undefined || tools === null) return null;
  if (!Array.isArray(tools)) return invalidType('tools', 'an array', tools);
  for (const [i, tool] of tools.entries()) {
    if (!isObject(tool)) return invalidType(`tools[${i}]`, 'an object', tool);
    if (tool.type === undefined) return missingParameter(`tools[${i}].type`);
    if (typeof tool.type !== 'string' || !(tool.type in TOOL_TYPES)) return invalidValue(`tools[${i}].type`, tool.type, Object.keys(TOOL_TYPES));
    if ((tool.type === 'function' || tool.type === 'custom') && typeof tool.name !== 'string') {
      return tool.name === undefined ? missingParameter(`tools[${i}].name`) : invalidType(`tools[${i}].name`, 'a string', tool.name);
    }
    if (tool.type === 'web_search' || tool.type === 'web_search_2025_08_26') {
      const error = checkWebSearchTool(tool, `tools[${i}]`);
      if (error) return error;
    }
  }
  return null;
}

/** `tool_choice` must be satisfiable by the tools of this very request. */
function checkToolChoice(choice: unknown, tools: unknown): ApiError | null {
  if (choice === undefined || choice === null || choice === 'auto' || choice === 'none') return null;
  const offered = Array.isArray(tools) ? tools.filter(isObject) : [];
  if (choice === 'required') {
    return offered.length > 0 ? null : invalidRequest("Tool choice 'required' must be specified with 'tools' parameter.", 'tool_choice', null);
  }
  if (typeof choice === 'string') return invalidValue('tool_choice', choice, ['none', 'auto', 'required']);
  if (!isObject(choice)) return invalidType('tool_choice', 'one of a string or object', choice);
  if ((choice.type === 'function' || choice.type === 'custom') && typeof choice.name === 'string') {
    const found = offered.some((t) => t.type === choice.type && t.name === choice.name);
    if (!found) return invalidRequest(`Tool choice '${choice.type}' with name '${choice.name}' not found in 'tools' parameter.`, 'tool_choice', null);
  }
  return null;
}

/** The first thing the real service would refuse in this request body, or null. */
export function validateCreateRequest(body: Record<string, unknown>, ctx: ValidationContext): ApiError | null {
  const known = ctx.transport === 'http' ? HTTP_PARAMETERS : socketParameters(ctx.lanes);
  const unknown = Object.keys(body).find((key) => !known.includes(key));
  if (unknown !== undefined) return unknownParameter(unknown);
  if (body.model === undefined || body.model === null) return missingParameter('model');
  if (typeof body.model !== 'string') return invalidType('model', 'a string', body.model);
  if (ctx.models && !ctx.models.includes(body.model)) return modelNotFound(body.model, ctx.transport);
  if (Array.isArray(body.input)) {
    for (const [i, item] of body.input.entries()) {
      const error = checkItem(item, i);
      if (error) return error;
    }
  }
  const toolsError = checkTools(body.tools);
  if (toolsError) return toolsError;
  const formatError = checkTextFormat(body.text);
  if (formatError) return formatError;
  if (isReasoningModel(body.model)) {
    for (const sampling of ['temperature', 'top_p']) {
      if (body[sampling] !== undefined && body[sampling] !== null) return unsupportedParameter(sampling);
    }
  }
  return checkToolChoice(body.tool_choice, body.tools);
}
