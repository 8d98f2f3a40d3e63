// Strict argument schemas for the workspace tools and the validator that checks them.
//
// The tools use a flat subset of JSON schema that OpenAI strict mode accepts: an object whose
// properties are strings, integers or booleans, optionally nullable, every property required,
// no extra properties. `objectSchema` builds such a schema from a compact description, and
// `checkSchema` checks parsed arguments against it with messages written for the model
// ("start_line" must be an integer or null (got "ten")), so the model can correct the call.

export type ScalarType = 'string' | 'integer' | 'boolean';

export interface PropertySpec {
  type: ScalarType;
  /** Null allowed (the OpenAI strict-mode way of making a property optional). */
  nullable?: boolean;
  description: string;
}

export type PropertySpecs = Record<string, PropertySpec>;

/**
 * The arguments a tool's validate() hands to execute(), derived from its specs (declare them
 * `const SPECS = { … } as const satisfies PropertySpecs`): `integer` → number, `nullable: true`
 * adds `| null`, every property present (strict mode). Also accepts a full JSON schema declared
 * `as const` (`{ type: 'object', properties: … }`), for tools whose arguments go beyond flat
 * scalars: see SchemaType.
 */
export type ArgsOf<S> = S extends { type: 'object'; properties: object }
  ? SchemaType<S>
  : S extends PropertySpecs
    ? { -readonly [K in keyof S]: ScalarValue<S[K]['type']> | (S[K] extends { nullable: true } ? null : never) }
    : never;

type ScalarValue<T extends ScalarType> = T extends 'string' ? string : T extends 'integer' ? number : T extends 'boolean' ? boolean : never;

/**
 * The TypeScript type of a JSON schema declared `as const`, for the subset OpenAI strict mode
 * uses: `type` as a name or a list of names (`['string', 'null']`), `enum`, arrays (`items`) and
 * objects (`properties`; strict mode requires every property, so all are present).
 */
export type SchemaType<S> = S extends { enum: readonly (infer E)[] }
  ? E
  : S extends { type: infer T }
    ? TypeNamed<T extends readonly (infer N)[] ? N : T, S>
    : unknown;

// Distributes over a union of type names: ['integer', 'null'] → number | null.
type TypeNamed<T, S> = T extends 'string'
  ? string
  : T extends 'integer' | 'number'
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'null'
        ? null
        : T extends 'array'
          ? S extends { items: infer I }
            ? SchemaType<I>[]
            : unknown[]
          : T extends 'object'
            ? S extends { properties: infer P }
              ? { -readonly [K in keyof P]: SchemaType<P[K]> }
              : Record<string, unknown>
            : never;

// A type alias, not an interface, so it is assignable to Tool's Record<string, unknown>.
export type ObjectSchema = {
  type: 'object';
  properties: Record<string, { type: ScalarType | [ScalarType, 'null']; description: string }>;
  required: string[];
  additionalProperties: false;
};

/** The strict JSON schema for `specs`: every property required, nullable ones typed [T, "null"]. */
export function objectSchema(specs: PropertySpecs): ObjectSchema {
  const properties: ObjectSchema['properties'] = {};
  for (const [name, spec] of Object.entries(specs)) {
    properties[name] = { type: spec.nullable ? [spec.type, 'null'] : spec.type, description: spec.description };
  }
  return { type: 'object', properties, required: Object.keys(specs), additionalProperties: false };
}

const ARTICLE: Record<ScalarType, string> = { string: 'a string', integer: 'an integer', boolean: 'a boolean' };

/** A short, bounded rendering of a value the model sent, for error messages. */
export function shown(value: unknown, max = 60): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function matches(value: unknown, spec: PropertySpec): boolean {
  if (value === null) return spec.nullable === true;
  switch (spec.type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
  }
}

/** An example call that satisfies the schema: what the model should have sent. */
export function exampleArguments(specs: PropertySpecs): string {
  const example: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    example[name] = spec.nullable ? null : spec.type === 'string' ? '…' : spec.type === 'integer' ? 1 : false;
  }
  return JSON.stringify(example);
}

/**
 * Checks `args` against `specs`: the value must be an object with exactly the listed properties,
 * each of the right type. On failure the message lists every problem, and when the shape itself
 * is wrong (missing or unknown properties) shows a valid example.
 */
export function checkArguments<S extends PropertySpecs>(
  toolName: string,
  args: unknown,
  specs: S,
): { ok: true; args: ArgsOf<S> } | { ok: false; message: string } {
  const problems: string[] = [];
  let shapeWrong = false;
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    problems.push(`the arguments must be a JSON object (got ${shown(args)})`);
    shapeWrong = true;
  } else {
    const record = args as Record<string, unknown>;
    for (const [name, spec] of Object.entries(specs)) {
      if (!Object.hasOwn(record, name)) {
        shapeWrong = true;
        problems.push(
          spec.nullable
            ? `"${name}" is missing (every property must be present; send "${name}": null to leave it out)`
            : `"${name}" is missing (it is required: ${ARTICLE[spec.type]})`,
        );
        continue;
      }
      const value = record[name];
      if (!matches(value, spec)) {
        const what = `${ARTICLE[spec.type]}${spec.nullable ? ' or null' : ''}`;
        problems.push(`"${name}" must be ${what} (got ${shown(value)})`);
      }
    }
    const allowed = Object.keys(specs);
    for (const name of Object.keys(record)) {
      if (Object.hasOwn(specs, name)) continue;
      shapeWrong = true;
      problems.push(
        allowed.length === 0 ? `unknown property "${name}" (this tool takes no arguments)` : `unknown property "${name}" (allowed: ${allowed.join(', ')})`,
      );
    }
    // Every property was checked against its spec just above: the record is an ArgsOf<S>.
    if (problems.length === 0) return { ok: true, args: record as ArgsOf<S> };
  }
  const example = shapeWrong ? ` Send exactly these properties, e.g. ${exampleArguments(specs)}.` : '';
  return { ok: false, message: `${invalidArgumentsPrefix(toolName)}${problems.join('; ')}.${example}` };
}

export function invalidArgumentsPrefix(toolName: string): string {
  return `Invalid arguments for ${toolName}: `;
}

/** A failed semantic check, in the same form as the schema messages. */
export function invalid(toolName: string, problem: string): { ok: false; message: string } {
  return { ok: false, message: `${invalidArgumentsPrefix(toolName)}${problem}` };
}
