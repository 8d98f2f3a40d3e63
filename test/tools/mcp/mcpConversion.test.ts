// The pure parts of the MCP client: tool names in the API's alphabet without collisions, input
// schemas converted to the strict subset (or sent with strict: false), nulls for absent optional
// properties dropped before the call, and tools/call results as the model reads them.
import { describe, expect, it } from 'vitest';
import { assignToolNames, mcpToolName, TOOL_NAME } from '../../../src/tools/mcp/toolNames.js';
import { serverArguments, toFunctionParameters } from '../../../src/tools/mcp/strictSchema.js';
import { modelResult } from '../../../src/tools/mcp/toolResult.js';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeServer, loadServers, parseServerConfig, summarizeServer } from '../../../src/tools/mcp/mcpConfig.js';
import { withTrust } from '../../../src/config/projectTrust.js';

describe('MCP tool names', () => {
  it('are mcp__server__tool, sanitised, at most 64 characters, distinct', () => {
    expect(mcpToolName('demo', 'echo')).toBe('mcp__demo__echo');
    expect(mcpToolName('demo', 'get.tiny image')).toBe('mcp__demo__get_tiny_image');
    const long = mcpToolName('server', 'x'.repeat(100));
    expect(long).toMatch(TOOL_NAME);
    expect(long).toHaveLength(64);
    const taken = new Set(['mcp__demo__a_b']);
    const names = assignToolNames('demo', ['a.b', 'a b', 'a_b'], taken);
    expect(new Set(names).size).toBe(3);
    for (const n of names) expect(n).toMatch(TOOL_NAME);
    expect(names).not.toContain('mcp__demo__a_b');
    // Stable: the same input gives the same names.
    expect(assignToolNames('demo', ['a.b', 'a b', 'a_b'], new Set(['mcp__demo__a_b']))).toEqual(names);
  });
});

describe('MCP input schemas', () => {
  it('a clean schema becomes strict: all required, optional ones nullable, defaults in the description', () => {
    const converted = toFunctionParameters({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        path: { type: 'string' },
        count: { type: 'number', minimum: 1, default: 3, description: 'How many' },
        mode: { type: 'string', enum: ['a', 'b'] },
        tags: { type: 'array', items: { type: 'string' }, minItems: 1 },
        nested: { type: 'object', properties: { x: { type: 'integer' } }, required: [] },
      },
      required: ['path'],
    });
    expect(converted.strict).toBe(true);
    expect(converted.parameters).toEqual({
      type: 'object',
      properties: {
        path: { type: 'string' },
        count: { type: ['number', 'null'], minimum: 1, description: 'How many (default: 3)' },
        mode: { type: ['string', 'null'], enum: ['a', 'b', null] },
        tags: { type: ['array', 'null'], items: { type: 'string' }, minItems: 1 },
        nested: { type: ['object', 'null'], properties: { x: { type: ['integer', 'null'] } }, required: ['x'], additionalProperties: false },
      },
      required: ['path', 'count', 'mode', 'tags', 'nested'],
      additionalProperties: false,
    });
  });

  it('anything outside the subset goes as it is with strict: false', () => {
    for (const schema of [
      { type: 'object', properties: { data: { type: 'object', additionalProperties: true } } },
      { type: 'object', properties: { a: { $ref: '#/defs/a' } } },
      { type: 'object', properties: { a: { type: 'string', format: 'uri' } } },
      { type: 'object', patternProperties: { '^x': { type: 'string' } } },
      { type: 'object', properties: { list: { type: 'array' } } },
    ]) {
      const converted = toFunctionParameters(schema);
      expect(converted.strict, JSON.stringify(schema)).toBe(false);
      expect(converted.parameters.type).toBe('object');
    }
    expect(toFunctionParameters(undefined)).toEqual({ strict: false, parameters: { type: 'object', properties: {} } });
  });

  it('drops the nulls the model sends for optional properties (nested too), keeps required ones', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' }, n: { type: 'object', properties: { x: { type: 'string' } } } },
      required: ['a'],
    };
    expect(serverArguments({ a: null, b: null, n: { x: null } }, schema)).toEqual({ a: null, n: {} });
  });
});

describe('MCP results for the model', () => {
  it('joins text, keeps images as input_image parts, marks errors, caps huge text', () => {
    expect(
      modelResult({
        content: [
          { type: 'text', text: 'one' },
          { type: 'text', text: 'two' },
        ],
      }),
    ).toEqual({ ok: true, output: 'one\ntwo' });
    expect(modelResult({ content: [{ type: 'text', text: 'bad' }], isError: true })).toEqual({ ok: false, output: 'MCP tool error: bad' });
    const withImage = modelResult({
      content: [
        { type: 'text', text: 'look' },
        { type: 'image', data: 'AAAA', mimeType: 'image/gif' },
      ],
    });
    expect(withImage.outputParts).toEqual([
      { type: 'input_text', text: 'look' },
      { type: 'input_image', image_url: 'data:image/gif;base64,AAAA', detail: 'auto' },
    ]);
    expect(
      modelResult({
        content: [
          { type: 'resource', resource: { uri: 'file:///a', text: 'body' } },
          { type: 'resource_link', uri: 'file:///b', name: 'b' },
        ],
      }).output,
    ).toBe('body\n[resource b file:///b]');
    expect(modelResult({ content: [], structuredContent: { t: 1 } }).output).toBe('{"t":1}');
    expect(modelResult({ content: [] }).output).toBe('(the tool returned no content)');
    const big = modelResult({ content: [{ type: 'text', text: 'x'.repeat(100_000) }] });
    expect(big.output.length).toBeLessThan(20_000);
    expect(big.output).toMatch(/bytes cut|…/);
  });
});

describe('MCP server config', () => {
  it('validates entries and never shows env or header values', () => {
    const stdio = parseServerConfig('fs', { command: 'npx', args: ['-y', 'pkg'], env: { TOKEN: 'secret-1' } });
    expect(stdio).toMatchObject({ type: 'stdio', startupTimeoutSeconds: 10, toolTimeoutSeconds: 60 });
    const http = parseServerConfig('web', { url: 'http://127.0.0.1:1/mcp', headers: { Authorization: 'Bearer secret-2' }, toolTimeoutSeconds: 5 });
    const shown = [
      summarizeServer({ name: 'fs', config: stdio, source: 'f', trusted: true }),
      ...describeServer({ name: 'web', config: http, source: 'f', trusted: true }),
    ].join('\n');
    expect(shown).toContain('TOKEN=(set, hidden)');
    expect(shown).toContain('Authorization=(set, hidden)');
    expect(shown).not.toMatch(/secret-1|secret-2/);
    expect(() => parseServerConfig('x', { command: 'a', url: 'http://b' })).toThrow(/both/);
    expect(() => parseServerConfig('x', { url: 'http://b', toolTimeoutSeconds: 0 })).toThrow(/toolTimeoutSeconds/);
    expect(() => parseServerConfig('a__b c', { command: 'a' })).toThrow(/server name/);
  });

  it("reads the user settings and the project's .wsagent/config.json; a project entry replaces the user one of the same name", () => {
    const user = mkdtempSync(join(tmpdir(), 'wsagent-mcp-user-'));
    const project = mkdtempSync(join(tmpdir(), 'wsagent-mcp-project-'));
    writeFileSync(join(user, 'config.json'), JSON.stringify({ model: 'x', mcpServers: { zeta: { command: 'z' }, shared: { command: 'user-cmd' } } }));
    expect(loadServers(user, project).map((s) => s.name)).toEqual(['shared', 'zeta']);
    mkdirSync(join(project, '.wsagent'));
    writeFileSync(
      join(project, '.wsagent', 'config.json'),
      JSON.stringify({ mcpServers: { shared: { url: 'http://127.0.0.1:9/mcp' }, alpha: { command: 'a' } } }),
    );
    // Not trusted yet: listed, marked, not to be started.
    expect(loadServers(user, project).map((s) => [s.name, s.config.type, s.trusted])).toEqual([
      ['alpha', 'stdio', false],
      ['shared', 'http', false],
      ['zeta', 'stdio', true],
    ]);
    writeFileSync(
      join(user, 'config.json'),
      JSON.stringify({
        trustedRepositories: withTrust(null, project, JSON.parse(readFileSync(join(project, '.wsagent', 'config.json'), 'utf8'))),
        mcpServers: { zeta: { command: 'z' }, shared: { command: 'user-cmd' } },
      }),
    );
    const servers = loadServers(user, project);
    expect(servers.map((s) => [s.name, s.config.type, s.trusted])).toEqual([
      ['alpha', 'stdio', true],
      ['shared', 'http', true],
      ['zeta', 'stdio', true],
    ]);
    expect(servers.find((s) => s.name === 'shared')!.source).toBe(join(project, '.wsagent', 'config.json'));
    // Trust covers the servers as they were (issue 19): a changed entry untrusts the project's servers, the user's stay.
    writeFileSync(
      join(project, '.wsagent', 'config.json'),
      JSON.stringify({ mcpServers: { shared: { url: 'http://127.0.0.1:9/mcp' }, alpha: { command: 'evil' } } }),
    );
    const changed = loadServers(user, project);
    expect(changed.map((s) => [s.name, s.trusted])).toEqual([
      ['alpha', false],
      ['shared', false],
      ['zeta', true],
    ]);
    expect(changed[0]!.trust).toEqual({ trusted: false, why: 'changed' });
    expect(summarizeServer(changed[0]!)).toContain('(project changed since trusted: not started)');
    // A bare path from before fingerprints is not trusted any more.
    writeFileSync(join(user, 'config.json'), JSON.stringify({ mcpTrustedProjects: [project] }));
    expect(loadServers(user, project).map((s) => s.trust)).toEqual([
      { trusted: false, why: 'legacy' },
      { trusted: false, why: 'legacy' },
    ]);
    expect(loadServers(mkdtempSync(join(tmpdir(), 'wsagent-mcp-none-')), null)).toEqual([]);
  });
});
