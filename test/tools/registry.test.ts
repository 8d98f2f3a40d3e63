import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { createToolRegistry } from '../../src/tools/registry.js';
import { context, workspace } from './helpers.js';

const registry = createToolRegistry();

/** The argument shapes the scripted model sends (fixtures/scenarios). */
const SHAPES: Record<string, Record<string, string>> = {
  list_files: { path: 'string|null', depth: 'integer|null' },
  read_file: { path: 'string', start_line: 'integer|null', end_line: 'integer|null' },
  search: { pattern: 'string', path: 'string|null', glob: 'string|null' },
  view_image: { path: 'string' },
  edit_file: { path: 'string', old_string: 'string', new_string: 'string' },
  write_file: { path: 'string', content: 'string' },
  run_command: { command: 'string', timeout_ms: 'integer|null' },
  run_tests: {},
  git_status: {},
  git_diff: { path: 'string|null', staged: 'boolean|null' },
};

/** A valid call for each tool. */
const VALID: Record<string, Record<string, unknown>> = {
  list_files: { path: null, depth: 2 },
  read_file: { path: 'README.md', start_line: 1, end_line: 10 },
  search: { pattern: 'foo', path: null, glob: '*.js' },
  view_image: { path: 'docs/shot.png' },
  edit_file: { path: 'a.js', old_string: 'a', new_string: 'b' },
  write_file: { path: 'a.js', content: 'x\n' },
  run_command: { command: 'echo hi', timeout_ms: null },
  run_tests: {},
  git_status: {},
  git_diff: { path: null, staged: null },
};

const WRONG_VALUE: Record<string, unknown> = { string: 42, integer: 'ten', boolean: 'yes' };

function failure(name: string, json: string): string {
  const parsed = registry.parseArguments(name, json);
  if (parsed.ok) throw new Error(`expected ${name} ${json} to be rejected`);
  expect(parsed.message.length).toBeGreaterThan(10);
  return parsed.message;
}

describe('tool definitions', () => {
  it('lists the ten tools with strict schemas matching the scenario shapes', () => {
    const definitions = registry.definitions();
    expect(definitions.map((d) => d.name).sort()).toEqual(Object.keys(SHAPES).sort());
    for (const def of definitions) {
      expect(def.type).toBe('function');
      if (def.type !== 'function') continue;
      expect(def.strict).toBe(true);
      expect(def.description?.length ?? 0).toBeGreaterThan(60);
      const params = def.parameters as {
        type: string;
        properties: Record<string, { type: unknown; description: string }>;
        required: string[];
        additionalProperties: boolean;
      };
      expect(params.type).toBe('object');
      expect(params.additionalProperties).toBe(false);
      const shape = SHAPES[def.name] as Record<string, string>;
      expect(Object.keys(params.properties).sort()).toEqual(Object.keys(shape).sort());
      expect([...params.required].sort()).toEqual(Object.keys(shape).sort());
      for (const [prop, kind] of Object.entries(shape)) {
        const schema = params.properties[prop] as { type: unknown; description: string };
        const [type, nullable] = kind.split('|');
        expect(schema.type).toEqual(nullable ? [type, 'null'] : type);
        expect(schema.description.length).toBeGreaterThan(10);
      }
    }
  });

  it('gives each tool a kind and a short display form', () => {
    const kinds = Object.fromEntries(registry.list().map((t) => [t.name, t.kind]));
    expect(kinds).toEqual({
      list_files: 'read',
      read_file: 'read',
      search: 'read',
      view_image: 'read',
      git_status: 'read',
      git_diff: 'read',
      edit_file: 'edit',
      write_file: 'edit',
      run_command: 'command',
      run_tests: 'command',
    });
    const display = (name: string, args: unknown): string => {
      const parsed = registry.parseArguments(name, JSON.stringify(args));
      if (!parsed.ok) throw new Error(parsed.message);
      return parsed.display;
    };
    expect(display('read_file', { path: 'src/a.js', start_line: 10, end_line: 20 })).toBe('read_file src/a.js:10-20');
    expect(display('read_file', { path: 'src/a.js', start_line: null, end_line: null })).toBe('read_file src/a.js');
    expect(display('list_files', { path: null, depth: 2 })).toBe('list_files . (depth 2)');
    expect(display('search', { pattern: 'roundTo', path: 'src', glob: '*.js' })).toBe('search /roundTo/ in src (*.js)');
    expect(display('edit_file', { path: 'a.js', old_string: 'a', new_string: 'b' })).toBe('edit_file a.js');
    expect(display('write_file', { path: 'a.js', content: 'x\ny\n' })).toBe('write_file a.js (2 lines)');
    expect(display('run_command', { command: 'npm test\nsecond line', timeout_ms: null })).toBe('$ npm test …');
    expect(display('run_tests', {})).toBe('run_tests');
    expect(display('git_diff', { path: 'src', staged: true })).toBe('git_diff --staged src');
  });

  it('accepts every call of every shipped scenario exactly as the scripted model sends it', () => {
    const dir = join(process.cwd(), 'fixtures', 'scenarios');
    let calls = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const scenario = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
        steps: { calls?: { name: string; arguments?: unknown; input?: string }[] }[];
      };
      // Every tool the agent may offer, in either editing family (apply_patch's freeform input arrives as {input}).
      const patching = createToolRegistry({ applyPatch: 'custom', updatePlan: true });
      const editing = createToolRegistry({ updatePlan: true });
      const all = { parseArguments: (name: string, json: string) => (patching.get(name) ? patching : editing).parseArguments(name, json) };
      for (const step of scenario.steps) {
        for (const call of step.calls ?? []) {
          if (call.name === 'spawn_agents') continue; // parallel-review: the agent's own tool (sub-agents), not the registry's
          const parsed = all.parseArguments(call.name, JSON.stringify(call.input !== undefined ? { input: call.input } : call.arguments));
          expect(parsed.ok ? 'ok' : parsed.message, `${file} ${call.name}`).toBe('ok');
          calls++;
        }
      }
    }
    expect(calls).toBeGreaterThan(10);
  });
});

describe('parseArguments', () => {
  it('accepts a valid call for every tool', () => {
    for (const [name, args] of Object.entries(VALID)) {
      const parsed = registry.parseArguments(name, JSON.stringify(args));
      expect(parsed.ok ? 'ok' : parsed.message, name).toBe('ok');
    }
  });

  it('rejects an unknown tool and lists the real ones', () => {
    const message = failure('delete_everything', '{}');
    expect(message).toContain('Unknown tool "delete_everything"');
    expect(message).toContain('read_file');
  });

  it('rejects invalid JSON, and anything but an object, for every tool', () => {
    for (const name of Object.keys(SHAPES)) {
      expect(failure(name, '{"path": ')).toMatch(new RegExp(`^Invalid arguments for ${name}: not valid JSON`));
      expect(failure(name, '[1, 2]')).toContain('must be a JSON object (got [1,2])');
      expect(failure(name, 'null')).toContain('must be a JSON object');
      expect(failure(name, '"src/a.js"')).toContain('must be a JSON object');
    }
  });

  it('reports the model-facing message for a wrong type', () => {
    expect(failure('read_file', '{"path":"a","start_line":"ten","end_line":null}')).toBe(
      'Invalid arguments for read_file: "start_line" must be an integer or null (got "ten").',
    );
    expect(failure('read_file', '{"path":"a","start_line":1.5,"end_line":null}')).toContain('"start_line" must be an integer or null (got 1.5)');
    expect(failure('git_diff', '{"path":null,"staged":"yes"}')).toContain('"staged" must be a boolean or null (got "yes")');
  });

  it('rejects a missing property, an extra property and a wrong type for every property of every tool', () => {
    for (const [name, shape] of Object.entries(SHAPES)) {
      const valid = VALID[name] as Record<string, unknown>;
      for (const [prop, kind] of Object.entries(shape)) {
        const missing = { ...valid };
        delete missing[prop];
        const message = failure(name, JSON.stringify(missing));
        expect(message).toContain(`"${prop}" is missing`);
        expect(message).toContain('e.g. {'); // shows a valid example
        if (kind.endsWith('|null')) expect(message).toContain(`send "${prop}": null`);

        const type = kind.split('|')[0] as string;
        const wrong = failure(name, JSON.stringify({ ...valid, [prop]: WRONG_VALUE[type] }));
        expect(wrong).toContain(`"${prop}" must be`);
        if (!kind.endsWith('|null')) {
          expect(failure(name, JSON.stringify({ ...valid, [prop]: null }))).toContain(`"${prop}" must be`);
        }
      }
      const extra = failure(name, JSON.stringify({ ...valid, verbose: true }));
      expect(extra).toContain('unknown property "verbose"');
    }
  });

  it('reports every problem of a call at once', () => {
    const message = failure('read_file', '{"file":"a.js","start_line":"1"}');
    expect(message).toContain('"path" is missing');
    expect(message).toContain('"start_line" must be an integer or null (got "1")');
    expect(message).toContain('"end_line" is missing');
    expect(message).toContain('unknown property "file" (allowed: path, start_line, end_line)');
  });

  it('treats an empty arguments string as {} (tools without arguments)', () => {
    expect(registry.parseArguments('git_status', '').ok).toBe(true);
    expect(failure('read_file', '')).toContain('"path" is missing');
  });

  it('applies the semantic checks of each tool', () => {
    expect(failure('read_file', '{"path":"a","start_line":0,"end_line":null}')).toContain('"start_line" must be 1 or more');
    expect(failure('read_file', '{"path":"a","start_line":10,"end_line":5}')).toContain('"end_line" (5) is before "start_line" (10)');
    expect(failure('read_file', '{"path":"","start_line":null,"end_line":null}')).toContain('"path" is empty');
    expect(failure('list_files', '{"path":null,"depth":0}')).toContain('"depth" must be from 1 to 20');
    expect(failure('search', '{"pattern":"","path":null,"glob":null}')).toContain('"pattern" is empty');
    expect(failure('edit_file', '{"path":"a","old_string":"","new_string":"x"}')).toContain('"old_string" is empty');
    expect(failure('edit_file', '{"path":"a","old_string":"x","new_string":"x"}')).toContain('nothing would change');
    expect(failure('write_file', '{"path":"src/","content":""}')).toContain('names a directory');
    expect(failure('run_command', '{"command":"  ","timeout_ms":null}')).toContain('"command" is empty');
    expect(failure('run_command', '{"command":"ls","timeout_ms":3600000}')).toContain('"timeout_ms" must be from 100 to 600000');
  });

  it('turns malformed calls into error outputs through execute, never exceptions', async () => {
    const { guard } = workspace({ 'a.txt': 'a\n' });
    const ctx = context(guard);
    for (const [name, json] of [
      ['read_file', '{'],
      ['read_file', '{"path":5,"start_line":null,"end_line":null}'],
      ['nope', '{}'],
      ['run_tests', '{"x":1}'],
    ] as const) {
      const result = await registry.execute(name, json, ctx);
      expect(result.ok).toBe(false);
      expect(result.output).toMatch(/Invalid arguments|Unknown tool/);
    }
    const ok = await registry.execute('read_file', '{"path":"a.txt","start_line":null,"end_line":null}', ctx);
    expect(ok).toEqual({ ok: true, output: '     1\ta' });
  });

  it('can swap the search engine', () => {
    const js = createToolRegistry({ search: { engine: 'js' } });
    expect(js.get('search')?.name).toBe('search');
  });
});
