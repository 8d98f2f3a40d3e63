// ArgsOf / SchemaType: the argument types are derived from the schemas the model sees. The type
// assertions are checked by `npm run typecheck` (tsc covers test/); the runtime ones check that the
// validator hands over exactly what the derived type promises.
import { describe, expect, expectTypeOf, it } from 'vitest';

import type {
  EditFileArgs,
  GitDiffArgs,
  GitStatusArgs,
  ListFilesArgs,
  ReadFileArgs,
  RunCommandArgs,
  SearchArgs,
  WriteFileArgs,
} from '../../src/tools/index.js';
import { type ArgsOf, checkArguments, objectSchema, type PropertySpecs, type SchemaType } from '../../src/tools/schema.js';

describe('ArgsOf', () => {
  it('maps compact specs: string, integer → number, boolean, nullable → | null, every property required', () => {
    const specs = {
      path: { type: 'string', description: 'p' },
      depth: { type: 'integer', nullable: true, description: 'd' },
      staged: { type: 'boolean', description: 's' },
    } as const satisfies PropertySpecs;
    expectTypeOf<ArgsOf<typeof specs>>().toEqualTypeOf<{ path: string; depth: number | null; staged: boolean }>();
    const checked = checkArguments('t', { path: 'a', depth: null, staged: true }, specs);
    expect(checked).toEqual({ ok: true, args: { path: 'a', depth: null, staged: true } });
    if (checked.ok) expectTypeOf(checked.args).toEqualTypeOf<{ path: string; depth: number | null; staged: boolean }>();
    expect(objectSchema(specs).properties.depth).toEqual({ type: ['integer', 'null'], description: 'd' });
  });

  it('maps a JSON schema declared as const: type lists, enums, arrays, nested objects', () => {
    const schema = {
      type: 'object',
      properties: {
        explanation: { type: ['string', 'null'] },
        count: { type: 'integer' },
        plan: {
          type: 'array',
          items: {
            type: 'object',
            properties: { step: { type: 'string' }, status: { type: 'string', enum: ['pending', 'in_progress', 'completed'] } },
            required: ['step', 'status'],
            additionalProperties: false,
          },
        },
      },
      required: ['explanation', 'count', 'plan'],
      additionalProperties: false,
    } as const;
    expectTypeOf<ArgsOf<typeof schema>>().toEqualTypeOf<{
      explanation: string | null;
      count: number;
      plan: Array<{ step: string; status: 'pending' | 'in_progress' | 'completed' }>;
    }>();
    expectTypeOf<SchemaType<{ type: ['boolean', 'null'] }>>().toEqualTypeOf<boolean | null>();
  });

  it('gives the tools the argument types they had when they were written by hand', () => {
    expectTypeOf<ReadFileArgs>().toEqualTypeOf<{ path: string; start_line: number | null; end_line: number | null }>();
    expectTypeOf<EditFileArgs>().toEqualTypeOf<{ path: string; old_string: string; new_string: string }>();
    expectTypeOf<WriteFileArgs>().toEqualTypeOf<{ path: string; content: string }>();
    expectTypeOf<SearchArgs>().toEqualTypeOf<{ pattern: string; path: string | null; glob: string | null }>();
    expectTypeOf<ListFilesArgs>().toEqualTypeOf<{ path: string | null; depth: number | null }>();
    expectTypeOf<GitDiffArgs>().toEqualTypeOf<{ path: string | null; staged: boolean | null }>();
    expectTypeOf<RunCommandArgs>().toEqualTypeOf<{ command: string; timeout_ms: number | null }>();
    expectTypeOf<GitStatusArgs>().toEqualTypeOf<{}>();
    expect(checkArguments('git_status', {}, {})).toEqual({ ok: true, args: {} });
  });
});
