// MCP servers that misbehave (issue 20, points 16-19), each a real stdio child process
// (test/fixtures/mcp/unrulyServer.mjs) driven through McpManager as a session drives it: an endless
// or repeating tools/list cursor, a 10 MB answer, invalid input schemas, too many tools or schema
// bytes for one server, and a server that never answers tools/list.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { McpManager } from '../../../src/tools/mcp/McpManager.js';
import type { ToolBudget } from '../../../src/tools/mcp/toolBudget.js';
import type { Tool } from '../../../src/tools/types.js';
import { WorkspaceGuard } from '../../../src/tools/WorkspaceGuard.js';

const UNRULY = fileURLToPath(new URL('../../fixtures/mcp/unrulyServer.mjs', import.meta.url));

const managers: McpManager[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function unruly(mode: string, options: { startupTimeoutSeconds?: number; budget?: ToolBudget } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'wsagent-unruly-'));
  dirs.push(dir);
  const pagesFile = join(dir, 'pages');
  const failures: string[] = [];
  const warnings: string[] = [];
  const manager = new McpManager({
    servers: [
      {
        name: 'u',
        source: 'test',
        trusted: true,
        config: {
          type: 'stdio',
          command: process.execPath,
          args: [UNRULY],
          env: { UNRULY_MODE: mode, UNRULY_PAGES_FILE: pagesFile },
          cwd: null,
          startupTimeoutSeconds: options.startupTimeoutSeconds ?? 20,
          toolTimeoutSeconds: 30,
        },
      },
    ],
    logDir: join(dir, 'logs'),
    cwd: dir,
    reservedNames: [],
    onFailure: (_server, message) => failures.push(message),
    onWarning: (_server, message) => warnings.push(message),
    ...(options.budget && { budget: options.budget }),
  });
  managers.push(manager);
  const pages = (): number => Number(readFileSync(pagesFile, 'utf8'));
  return { manager, failures, warnings, pages, dir };
}

async function call(tool: Tool, args: Record<string, unknown>, root: string) {
  return tool.execute(args, { workspace: new WorkspaceGuard(root), signal: new AbortController().signal });
}

const names = (tools: Tool[] | null): string[] => (tools ?? []).map((t) => t.mcp!.tool);

describe('MCP servers that misbehave', () => {
  it('a tools/list that always has a next cursor stops at 100 pages, keeps those tools and says so once', async () => {
    const { manager, warnings, failures, pages } = unruly('endless-cursor');
    const tools = await manager.beforeTurn();
    expect(tools).toHaveLength(100);
    expect(pages()).toBe(100);
    expect(failures).toEqual([]);
    expect(warnings).toEqual(['MCP server "u": tools/list stopped after 100 pages (the server still had a next cursor); keeping the 100 tools read so far']);
    expect(await manager.beforeTurn()).toBeNull();
    expect(warnings).toHaveLength(1);
  });

  it('a cursor seen before stops tools/list at once', async () => {
    const { manager, warnings, pages } = unruly('repeat-cursor');
    expect(names(await manager.beforeTurn())).toEqual(['page_1', 'page_2']);
    expect(pages()).toBe(2);
    expect(warnings).toEqual(['MCP server "u": tools/list stopped: page 2 repeated an earlier cursor ("again"); keeping the 2 tools read so far']);
  });

  it('a 10 MB answer is a tool error and the server keeps running (same process answers the next call)', async () => {
    const { manager, failures, dir } = unruly('big');
    const tools = (await manager.beforeTurn())!;
    const big = tools.find((t) => t.mcp!.tool === 'big')!;
    const echo = tools.find((t) => t.mcp!.tool === 'echo')!;
    const before = await call(echo, { text: 'before' }, dir);
    const pid = /pid (\d+)/.exec(before.output)![1];
    const result = await call(big, { mb: 10 }, dir);
    expect(result.ok).toBe(false);
    expect(result.output).toBe(
      'The MCP tool big on server "u" failed: the answer is too large: 10.0 MB, over the 10 MB wsagent accepts in one MCP message; ask it for less.',
    );
    const after = await call(echo, { text: 'after' }, dir);
    expect(after).toMatchObject({ ok: true, output: `echo from pid ${pid}: after` });
    const small = await call(big, { mb: 9 }, dir);
    expect(small.ok).toBe(true);
    expect(small.output).toContain('bytes cut …]');
    expect(failures).toEqual([]);
    expect(manager.status()[0]!.state).toBe('ready');
  });

  it('a tool with an invalid input schema is dropped and reported; the valid tools are kept', async () => {
    const { manager, warnings, failures } = unruly('bad-schema');
    expect(names(await manager.beforeTurn())).toEqual(['good_a', 'good_b']);
    expect(failures).toEqual([]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^MCP server "u": tool "nonsense" dropped: its input schema is not valid JSON Schema \(inputSchema\/properties\/x\/type /);
    expect(warnings[1]).toMatch(/^MCP server "u": tool "not_object" dropped: inputSchema\.type: /);
  });

  it('300 tools are capped at mcpMaxToolsPerServer (100), within 64 KB, and the rest is reported', async () => {
    const capped = unruly('many');
    const tools = (await capped.manager.beforeTurn())!;
    expect(tools).toHaveLength(100);
    const status = capped.manager.status()[0]!;
    expect(status.requestBytes).toBeLessThanOrEqual(64 * 1024);
    expect(capped.warnings).toHaveLength(1);
    expect(capped.warnings[0]).toMatch(
      /^MCP server "u": offering 100 of its 300 tools \([\d.]+ KB per request\); left out 200 over mcpMaxToolsPerServer \(100\): t100, t101, t102, t103, t104 and 195 more$/,
    );

    const uncapped = unruly('many', { budget: { maxTools: 1000, maxSchemaBytes: 10_000_000 } });
    expect(await uncapped.manager.beforeTurn()).toHaveLength(300);
    expect(uncapped.warnings).toEqual([]);
    expect(uncapped.manager.status()[0]!.requestBytes).toBeGreaterThan(3 * status.requestBytes - 1000);
  });

  it('a 5,000-property schema is left out by mcpMaxSchemaBytesPerServer; the small tool stays', async () => {
    const { manager, warnings } = unruly('huge-schema');
    expect(names(await manager.beforeTurn())).toEqual(['small']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/left out 1 over mcpMaxSchemaBytesPerServer \(64\.0 KB\): huge \(\d+\.\d KB\)$/);
  });

  it('a server that never answers tools/list is reported after startupTimeoutSeconds and the turn goes on', async () => {
    const { manager, warnings, failures } = unruly('hang-list', { startupTimeoutSeconds: 1 });
    expect(names(await manager.beforeTurn())).toEqual([]);
    expect(failures).toEqual([]);
    expect(warnings).toEqual([
      'MCP server "u": no tool list after 1s (startupTimeoutSeconds; still waiting for initialize or tools/list); the session goes on without its tools, which join at a later turn if it answers',
    ]);
  });
});
