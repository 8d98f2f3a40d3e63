// What the real service refuses in a `text.format` of type json_schema before it generates anything:
// a missing or malformed name, and, with `strict: true`, a schema outside the structured-outputs
// subset: the root must be an object; every object must list every property in `required` and say
// `additionalProperties: false`; no `allOf`, `not`, `if`/`then`/`else`, `dependentRequired`,
// `dependentSchemas`, `patternProperties`; at most 10 levels of nesting. The message is the
// service's ("Invalid schema for response_format 'NAME': In context=(…), …"), so a client whose
// schema only a forgiving server would take fails here first.
import { type ApiError, invalidRequest } from './apiErrors.js';

const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_DEPTH = 10;
const UNSUPPORTED = ['allOf', 'not', 'if', 'then', 'else', 'dependentRequired', 'dependentSchemas', 'patternProperties'];

type Node = Record<string, unknown>;
const isObject = (v: unknown): v is Node => !!v && typeof v === 'object' && !Array.isArray(v);

/** Python's repr of a tuple of strings, as the service prints a schema path. */
function context(path: string[]): string {
  if (path.length === 0) return '()';
  const quoted = path.map((p) => `'${p}'`);
  return path.length === 1 ? `(${quoted[0]},)` : `(${quoted.join(', ')})`;
}

/** The first thing the service would refuse in `text.format`, or null. */
export function checkTextFormat(text: unknown): ApiError | null {
  if (!isObject(text) || !isObject(text.format) || text.format.type !== 'json_schema') return null;
  const format = text.format;
  if (format.name === undefined) return invalidRequest("Missing required parameter: 'text.format.name'.", 'text.format.name', 'missing_required_parameter');
  if (typeof format.name !== 'string' || !NAME.test(format.name))
    return invalidRequest(
      `Invalid 'text.format.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
      'text.format.name',
      'invalid_value',
    );
  if (format.strict !== true) return null;
  if (!isObject(format.schema)) return invalidRequest("Missing required parameter: 'text.format.schema'.", 'text.format.schema', 'missing_required_parameter');
  const problem = strictProblem(format.schema, [], 0);
  if (problem === null) return null;
  return invalidRequest(`Invalid schema for response_format '${format.name}': ${problem}`, 'text.format.schema', 'invalid_json_schema');
}

function strictProblem(node: unknown, path: string[], depth: number): string | null {
  if (!isObject(node)) return null;
  const where = `In context=${context(path)}`;
  if (depth > MAX_DEPTH) return `${where}, the schema is nested more than ${MAX_DEPTH} levels deep.`;
  if (path.length === 0 && node.type !== 'object') return `${where}, schema must be a JSON Schema of 'type: "object"', got 'type: "${String(node.type)}"'.`;
  const banned = UNSUPPORTED.find((key) => key in node);
  if (banned) return `${where}, '${banned}' is not permitted.`;
  const types = Array.isArray(node.type) ? node.type : [node.type];
  if (types.includes('object') || isObject(node.properties)) {
    const properties = isObject(node.properties) ? node.properties : {};
    if (node.additionalProperties !== false) return `${where}, 'additionalProperties' is required to be supplied and to be false.`;
    const required = Array.isArray(node.required) ? node.required : null;
    const missing = Object.keys(properties).find((key) => !required?.includes(key));
    if (missing !== undefined || required === null)
      return `${where}, 'required' is required to be supplied and to be an array including every key in properties.${missing === undefined ? '' : ` Missing '${missing}'.`}`;
    for (const [key, child] of Object.entries(properties)) {
      const found = strictProblem(child, [...path, 'properties', key], depth + 1);
      if (found) return found;
    }
  }
  if (isObject(node.items)) {
    const found = strictProblem(node.items, [...path, 'items'], depth + 1);
    if (found) return found;
  }
  for (const key of ['anyOf', '$defs', 'definitions'] as const) {
    const children = node[key];
    const entries = Array.isArray(children) ? children.map((c, i) => [String(i), c] as const) : isObject(children) ? Object.entries(children) : [];
    for (const [name, child] of entries) {
      const found = strictProblem(child, [...path, key, name], depth + (key === 'anyOf' ? 1 : 0));
      if (found) return found;
    }
  }
  return null;
}
