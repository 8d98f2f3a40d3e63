// An MCP tool's input schema as a Responses function tool's `parameters`. OpenAI strict mode
// accepts a subset of JSON schema: every object lists all its properties in `required` and has
// `additionalProperties: false`, so optional properties become nullable. When a schema converts
// cleanly it is sent strict (the model cannot send malformed arguments); anything outside the
// subset (patternProperties, open objects, $ref, formats strict mode rejects…) goes as it is with
// `strict: false`. Nulls the model sends for optional properties are removed before the call, so
// the server sees the arguments it would see from any other client.

export interface ConvertedSchema {
  parameters: Record<string, unknown>;
  strict: boolean;
}

type Json = Record<string, unknown>;

/** Keywords strict mode accepts (anything else makes the schema non-strict). */
const ALLOWED = new Set([
  'type',
  'description',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'anyOf',
  'title',
  'default',
  '$schema',
  // The constraints strict mode supports (Structured Outputs: "supported properties").
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
]);
/** Formats strict mode accepts; any other makes the schema non-strict. */
const FORMATS = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid']);
const SCALARS = new Set(['string', 'number', 'integer', 'boolean', 'null']);

class NotStrict extends Error {}

function addNull(schema: Json): Json {
  if (schema.anyOf) return { ...schema, anyOf: [...(schema.anyOf as Json[]), { type: 'null' }] };
  const type = schema.type;
  if (typeof type === 'string')
    return { ...schema, type: type === 'null' ? 'null' : [type, 'null'], ...(schema.enum ? { enum: [...(schema.enum as unknown[]), null] } : {}) };
  if (Array.isArray(type))
    return { ...schema, type: type.includes('null') ? type : [...type, 'null'], ...(schema.enum ? { enum: [...(schema.enum as unknown[]), null] } : {}) };
  throw new NotStrict('no type');
}

function convert(schema: unknown): Json {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) throw new NotStrict('not an object');
  const s = schema as Json;
  for (const key of Object.keys(s)) if (!ALLOWED.has(key)) throw new NotStrict(key);
  if (s.format !== undefined && !FORMATS.has(String(s.format))) throw new NotStrict('format');
  const { $schema: _schema, title: _title, default: fallback, ...rest } = s;
  // Strict mode has no `default`: the model sends null for an optional property, the null is
  // dropped before the call and the server applies its default, which the description names.
  if (fallback !== undefined) {
    const note = `(default: ${JSON.stringify(fallback)})`;
    rest.description = typeof rest.description === 'string' && rest.description !== '' ? `${rest.description} ${note}` : note;
  }
  if (rest.anyOf) {
    if (!Array.isArray(rest.anyOf)) throw new NotStrict('anyOf');
    return { ...rest, anyOf: rest.anyOf.map(convert) };
  }
  const types = Array.isArray(rest.type) ? (rest.type as unknown[]) : [rest.type];
  if (types.some((t) => typeof t !== 'string')) throw new NotStrict('type');
  if (types.includes('object')) {
    if (types.length !== 1) throw new NotStrict('mixed object');
    if (rest.additionalProperties !== undefined && rest.additionalProperties !== false) throw new NotStrict('open object');
    const properties = (rest.properties ?? {}) as Json;
    if (typeof properties !== 'object' || Array.isArray(properties)) throw new NotStrict('properties');
    const required = new Set(Array.isArray(rest.required) ? (rest.required as string[]) : []);
    const out: Json = {};
    for (const [name, prop] of Object.entries(properties)) {
      const converted = convert(prop);
      out[name] = required.has(name) ? converted : addNull(converted);
    }
    return { ...rest, type: 'object', properties: out, required: Object.keys(properties), additionalProperties: false };
  }
  if (types.includes('array')) {
    if (types.some((t) => t !== 'array' && t !== 'null')) throw new NotStrict('mixed array');
    if (rest.items === undefined) throw new NotStrict('array without items');
    return { ...rest, items: convert(rest.items) };
  }
  if (types.every((t) => SCALARS.has(t as string))) return rest;
  throw new NotStrict('type');
}

/** Converts an MCP `inputSchema` for the model; never throws. */
export function toFunctionParameters(inputSchema: unknown): ConvertedSchema {
  try {
    const parameters = convert(inputSchema);
    if (parameters.type !== 'object') throw new NotStrict('not an object schema');
    return { parameters, strict: true };
  } catch {
    const base = inputSchema && typeof inputSchema === 'object' && !Array.isArray(inputSchema) ? (inputSchema as Json) : {};
    return { parameters: { ...base, type: 'object', properties: base.properties ?? {} }, strict: false };
  }
}

/**
 * Arguments as the server expects them: for a strict schema, properties the model set to null
 * that the server did not require are dropped (they are the strict-mode spelling of "absent").
 */
export function serverArguments(args: Record<string, unknown>, inputSchema: unknown): Record<string, unknown> {
  const s = (inputSchema ?? {}) as Json;
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const properties = (s.properties ?? {}) as Json;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    if (value === null && !required.has(name)) continue;
    const prop = properties[name] as Json | undefined;
    out[name] =
      value && typeof value === 'object' && !Array.isArray(value) && prop?.type === 'object' ? serverArguments(value as Record<string, unknown>, prop) : value;
  }
  return out;
}
