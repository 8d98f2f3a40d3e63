// `text.format: {type: "json_schema", schema}` (structured outputs). The real model writes JSON that
// conforms; the simulated one keeps a scenario message that is already JSON (conforming or not: that
// is how a scenario plays a model that breaks the schema), and otherwise answers with a minimal
// instance generated from the schema.

/** The schema of a json_schema `text.format`, or null when the request asks for plain text. */
export function jsonSchemaFormat(text: unknown): Record<string, unknown> | null {
  if (!text || typeof text !== 'object') return null;
  const format = (text as { format?: unknown }).format;
  if (!format || typeof format !== 'object') return null;
  const f = format as { type?: unknown; schema?: unknown };
  if (f.type !== 'json_schema' || !f.schema || typeof f.schema !== 'object') return null;
  return f.schema as Record<string, unknown>;
}

export function structuredMessage(message: string, schema: Record<string, unknown>): string {
  try {
    JSON.parse(message);
    return message;
  } catch {
    return JSON.stringify(minimalInstance(schema, schema, 0));
  }
}

/** The smallest value of a schema: required properties only, first enum/const, empty arrays. */
function minimalInstance(schema: unknown, root: Record<string, unknown>, depth: number): unknown {
  if (!schema || typeof schema !== 'object' || depth > 20) return null;
  const s = schema as Record<string, unknown>;
  if (typeof s.$ref === 'string' && s.$ref.startsWith('#/')) {
    const target = s.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), root);
    return minimalInstance(target, root, depth + 1);
  }
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) if (Array.isArray(s[key]) && s[key].length > 0) return minimalInstance(s[key][0], root, depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      const required = Array.isArray(s.required) ? (s.required as string[]) : [];
      return Object.fromEntries(required.map((name) => [name, minimalInstance(props[name], root, depth + 1)]));
    }
    case 'array':
      return typeof s.minItems === 'number' && s.minItems > 0 ? Array.from({ length: s.minItems }, () => minimalInstance(s.items, root, depth + 1)) : [];
    case 'string':
      return typeof s.minLength === 'number' ? 'x'.repeat(s.minLength) : '';
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}
