// --output-schema FILE: the final answer must be JSON conforming to this schema. It is sent as
// `text.format` (json_schema, strict) on every request, and the answer is checked here too: a
// model or server that ignores the format must not pass for one that followed it.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Ajv } from 'ajv';
import { EXIT, UserFacingError } from './exitCodes.js';

export interface OutputSchema {
  file: string;
  textFormat: Record<string, unknown>;
  /** null when `answer` is JSON conforming to the schema, else what is wrong with it. */
  check(answer: string): string | null;
}

export function loadOutputSchema(file: string): OutputSchema {
  let schema: unknown;
  try {
    schema = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UserFacingError(`--output-schema ${file}: cannot read a JSON schema (${reason})`, EXIT.usage);
  }
  if (!schema || typeof schema !== 'object' || Array.isArray(schema))
    throw new UserFacingError(`--output-schema ${file}: the schema must be a JSON object`, EXIT.usage);
  let validate: ReturnType<Ajv['compile']>;
  try {
    validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  } catch (err) {
    throw new UserFacingError(`--output-schema ${file}: not a valid JSON Schema: ${(err as Error).message}`, EXIT.usage);
  }
  // The format's name: letters, digits, _ and - only, at most 64 characters.
  const name =
    basename(file)
      .replace(/\.json$/i, '')
      .replace(/[^A-Za-z0-9_-]/g, '_')
      .slice(0, 64) || 'output';
  return {
    file,
    textFormat: { type: 'json_schema', name, schema, strict: true },
    check(answer) {
      let value: unknown;
      try {
        value = JSON.parse(answer);
      } catch {
        return `not JSON: ${JSON.stringify(answer.length > 80 ? `${answer.slice(0, 79)}…` : answer)}`;
      }
      if (validate(value)) return null;
      return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`).join('; ');
    },
  };
}
