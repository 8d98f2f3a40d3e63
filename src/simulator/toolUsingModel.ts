// The model for any client (no scenario): it uses the tools the request offers. Each user turn it
// calls a read-only function tool (a read, a list, a search, a shell command), chosen by name and
// schema, for `rounds` responses, its arguments filled from the tool's JSON schema; then it answers
// with a message saying what it saw. Custom (freeform) tools are never called.
import { itemText, type WireItem } from './conversation.js';
import type { OutputPlan, PlannedCall } from './scriptedModel.js';

type JsonSchema = Record<string, unknown>;

interface OfferedTool {
  name: string;
  parameters: JsonSchema;
  strict: boolean;
}

/** Kinds of read-only tools, in the order they are preferred; a name matching WRITES never is one. */
const KINDS: Array<[string, RegExp]> = [
  ['list', /(^|_)(list|ls|tree|glob)(_|$)|list_?(files|dir|directory)/i],
  ['read', /(^|_)(read|cat|view|open|get_?file|show)(_|$)|read_?file/i],
  ['search', /(^|_)(search|grep|rg|find|lookup)(_|$)/i],
  ['shell', /(^|_)(shell|exec|exec_command|run_command|bash|sh|terminal|command|run_shell)(_|$)/i],
  ['lookup', /(^|_)(get|fetch|query|describe|info|status|diff|log|check)(_|$)/i],
];
const WRITES = /(write|edit|patch|apply|delete|remove|rm|create|move|rename|update|commit|push|install|save|replace|insert|kill)/i;
/**
 * Tools that take an image (Codex's `view_image`). This model knows no image in the workspace,
 * and calling one on `README.md` is an error the client has to report, so it never calls them.
 */
const IMAGE_TOOL = /(image|img|screenshot|photo|picture)/i;

export function offeredTools(tools: unknown): OfferedTool[] {
  if (!Array.isArray(tools)) return [];
  return tools
    .filter(
      (t): t is Record<string, unknown> =>
        !!t &&
        typeof t === 'object' &&
        (t as { type?: unknown }).type === 'function' &&
        typeof (t as { name?: unknown }).name === 'string' &&
        !IMAGE_TOOL.test((t as { name: string }).name),
    )
    .map((t) => ({
      name: t.name as string,
      parameters: (t.parameters as JsonSchema | null) ?? { type: 'object', properties: {} },
      strict: t.strict !== false,
    }));
}

/** The read-only tools on offer, best first. */
export function readOnlyTools(tools: unknown): OfferedTool[] {
  const ranked: Array<[number, OfferedTool]> = [];
  for (const tool of offeredTools(tools)) {
    if (WRITES.test(tool.name)) continue;
    const rank = KINDS.findIndex(([, pattern]) => pattern.test(tool.name));
    if (rank >= 0) ranked.push([rank, tool]);
  }
  return ranked.sort((a, b) => a[0] - b[0]).map(([, tool]) => tool);
}

const PATH_LIKE = /(path|file|filename|dir|directory|folder|cwd|workdir|root)/i;
const DIR_LIKE = /(dir|directory|folder|cwd|workdir|root)/i;
const COMMAND_LIKE = /(command|cmd|script|argv|args)/i;

/** A plausible value for one schema, named `name`. */
export function exampleValue(schema: unknown, name: string): unknown {
  const s = (schema && typeof schema === 'object' ? schema : {}) as JsonSchema;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if (s.const !== undefined) return s.const;
  const variants = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(variants) && variants.length > 0) {
    const concrete = variants.find((v) => (v as JsonSchema)?.type !== 'null') ?? variants[0];
    return exampleValue(concrete, name);
  }
  const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string | undefined];
  const type = types.find((t) => t && t !== 'null') ?? (types.includes('null') ? 'null' : s.properties ? 'object' : 'string');
  switch (type) {
    case 'null':
      return null;
    case 'string':
      if (COMMAND_LIKE.test(name)) return 'ls';
      if (PATH_LIKE.test(name)) return DIR_LIKE.test(name) ? '.' : 'README.md';
      return '.';
    case 'integer':
    case 'number':
      if (/timeout/i.test(name)) return 10_000;
      if (typeof s.minimum === 'number') return Math.max(s.minimum, 1);
      return /(end|max|limit|count|lines|depth)/i.test(name) ? 2 : 1;
    case 'boolean':
      return false;
    case 'array':
      return COMMAND_LIKE.test(name) ? ['ls'] : [exampleValue(s.items, name)];
    default:
      return exampleArguments(s);
  }
}

/**
 * Arguments for an object schema: every required property (optional ones typed with `null` get
 * null, the safe choice for a read-only call); properties that are not required are left out.
 */
export function exampleArguments(schema: JsonSchema): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const args: Record<string, unknown> = {};
  for (const name of required) {
    const prop = properties[name] ?? {};
    const nullable = Array.isArray(prop.type) && (prop.type as string[]).includes('null');
    args[name] = nullable && !COMMAND_LIKE.test(name) && !/^(pattern|query|regex)$/i.test(name) ? null : exampleValue(prop, name);
  }
  return args;
}

/** The items after the last user message: what the model did in this turn so far. */
export function currentTurn(context: WireItem[]): WireItem[] {
  let start = 0;
  context.forEach((item, i) => {
    if (item.type === 'message' && item.role === 'user') start = i + 1;
  });
  return context.slice(start);
}

const EXCERPT = 120;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT)}…` : flat;
}

/**
 * The tools `tool_choice` lets the model call: `none` none, a named function that one alone,
 * `required` any function tool when no read-only one is on offer; `auto` the read-only ones.
 */
function allowedTools(tools: unknown, toolChoice: unknown): OfferedTool[] {
  if (toolChoice === 'none') return [];
  const named = toolChoice && typeof toolChoice === 'object' ? (toolChoice as { type?: unknown; name?: unknown }) : null;
  if (named?.type === 'function' && typeof named.name === 'string') return offeredTools(tools).filter((t) => t.name === named.name);
  const readOnly = readOnlyTools(tools);
  return toolChoice === 'required' && readOnly.length === 0 ? offeredTools(tools) : readOnly;
}

export function planWithOfferedTools(context: WireItem[], tools: unknown, rounds: number, toolChoice: unknown = 'auto'): OutputPlan {
  const turn = currentTurn(context);
  const calls = turn.filter((i) => i.type === 'function_call');
  const round = countResponses(turn);
  const candidates = allowedTools(tools, toolChoice);
  // `required` (or a named function) means a call in every response, rounds or not.
  const forced = toolChoice === 'required' || (!!toolChoice && typeof toolChoice === 'object');
  if ((round < rounds || forced) && candidates.length > 0) {
    const tool = candidates[round % candidates.length]!;
    const call: PlannedCall = { name: tool.name, arguments: JSON.stringify(exampleArguments(tool.parameters)) };
    return { stepIndex: round, calls: [call] };
  }
  if (calls.length === 0) {
    const asked = itemText(context.filter((i) => i.type === 'message' && i.role === 'user').at(-1) ?? { type: 'message' });
    const why = candidates.length === 0 ? 'No read-only tool (a read, a list, a search or a shell command) was offered, so I looked at nothing.' : '';
    return {
      stepIndex: round,
      calls: [],
      message: `${why} You asked: "${excerpt(asked)}". This is the wsagent simulator's tool-using model; it has nothing more to add.`.trim(),
    };
  }
  const outputs = new Map(turn.filter((i) => i.type === 'function_call_output').map((o) => [String(o.call_id), itemText(o)]));
  const lines = calls.map((c) => {
    const out = outputs.get(String(c.call_id)) ?? '';
    return `- ${String(c.name)}(${String(c.arguments)}) returned ${out.length} characters: "${excerpt(out)}"`;
  });
  return {
    stepIndex: round,
    calls: [],
    message: `I made ${calls.length} read-only tool call${calls.length === 1 ? '' : 's'} and saw:\n${lines.join('\n')}\nThat is all this simulated model does: it answers here.`,
  };
}

/** Model responses in a run of items (a maximal run of model output items is one response). */
export function countResponses(items: WireItem[]): number {
  let n = 0;
  let inRun = false;
  for (const item of items) {
    const model =
      item.type === 'function_call' || item.type === 'reasoning' || item.type === 'custom_tool_call' || (item.type === 'message' && item.role === 'assistant');
    if (model && !inRun) n++;
    inRun = model;
  }
  return n;
}
