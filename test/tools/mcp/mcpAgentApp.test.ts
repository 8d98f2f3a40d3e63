// The assembled agent app in-process: a streamable-HTTP MCP server on 127.0.0.1 with a required
// header, the `/mcp` status, and "always" answers given per tool or per server.
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent, ApprovalDecision } from '../../../src/agent/events.js';
import type { ApprovalRequest } from '../../../src/agent/ports.js';
import { createAgentApp, type AgentApp } from '../../../src/cli/agentApp.js';
import { resolveSettings } from '../../../src/config/settings.js';
import { createSimulator, type Simulator } from '../../../src/simulator/index.js';
import { startHttpDemoServer, startSseDemoServer } from '../../fixtures/mcp/httpServer.mjs';
import { configWith, emptyRepo, stdioServer } from './mcpHarness.js';
import { sandboxSetting } from '../../helpers/sandboxAvailable.js';

let sim: Simulator | undefined;
let app: AgentApp | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await app?.close();
  app = undefined;
  await sim?.close();
  sim = undefined;
  for (const c of cleanups.splice(0)) await c();
});

async function makeApp(
  configDir: string,
  approval: 'suggest' | 'full-auto',
  approver: ((r: ApprovalRequest) => Promise<ApprovalDecision>) | null,
  events: AgentEvent[],
): Promise<AgentApp> {
  const settings = { ...resolveSettings({}, {}, {}).settings, apiKey: 'sk-mcp-app', baseUrl: sim!.baseUrl, approval, sandbox: sandboxSetting };
  return createAgentApp({ settings, cwd: emptyRepo(), configDir, approver: approver ? (r) => approver(r) : null, onEvent: (e) => events.push(e) });
}

describe('MCP in the agent app', () => {
  it('streamable HTTP: sends the configured headers, lists the server in the status, runs its tool', async () => {
    const web = await startHttpDemoServer({ label: 'web', requireHeader: { name: 'Authorization', value: 'Bearer web-secret' } });
    cleanups.push(() => web.close());
    sim = await createSimulator({
      scenario: {
        name: 'mcp-http',
        description: 'call the HTTP server',
        steps: [
          { calls: [{ name: 'mcp__web__echo', arguments: { text: 'over http' } }] },
          { expect: { contains: 'web echo: over http' }, message: 'HTTP works.' },
        ],
      },
    });
    const events: AgentEvent[] = [];
    app = await makeApp(configWith({ web: { url: web.url, headers: { Authorization: 'Bearer web-secret' } } }), 'full-auto', null, events);
    const result = await app.agent.runTurn('Use the web server.');
    expect(result).toMatchObject({ status: 'completed', finalMessage: 'HTTP works.' });
    expect(events.find((e) => e.type === 'tool.completed')).toMatchObject({ server: 'web', tool: 'echo', ok: true, output: 'web echo: over http' });
    const [status] = app.mcp.status();
    expect(status).toMatchObject({ name: 'web', transport: 'http', state: 'ready', failure: null, version: 'web-server 1.0.0' });
    expect(status!.tools.map((t) => t.name)).toContain('mcp__web__echo');
    expect(status!.tools.find((t) => t.tool === 'add')).toMatchObject({ readOnly: false });
    // The built-in tools come first, then the MCP tools in sorted order.
    const names = app.registry.definitions().map((d) => d.name);
    const mcpNames = names.filter((n) => n.startsWith('mcp__'));
    expect(names.slice(0, names.length - mcpNames.length).some((n) => n.startsWith('mcp__'))).toBe(false);
    expect(mcpNames).toEqual([...mcpNames].sort());
    // A schema outside the strict subset goes with strict: false; the others are strict.
    const defs = app.registry.definitions();
    expect(defs.find((d) => d.name === 'mcp__web__loose')).toMatchObject({ strict: false });
    expect(defs.find((d) => d.name === 'mcp__web__add')).toMatchObject({
      strict: true,
      parameters: { required: ['a', 'b', 'note'], additionalProperties: false, properties: { note: { type: ['string', 'null'] } } },
    });
    expect(web.seenHeaders.every((h) => h.authorization === 'Bearer web-secret')).toBe(true);
  });

  it('falls back to the legacy SSE transport when the server answers the streamable POST with 4xx', async () => {
    const legacy = await startSseDemoServer({ label: 'legacy' });
    cleanups.push(() => legacy.close());
    sim = await createSimulator({
      scenario: {
        name: 'mcp-sse',
        description: 'call the SSE server',
        steps: [
          { calls: [{ name: 'mcp__legacy__echo', arguments: { text: 'over sse' } }] },
          { expect: { contains: 'legacy echo: over sse' }, message: 'SSE works.' },
        ],
      },
    });
    const events: AgentEvent[] = [];
    app = await makeApp(configWith({ legacy: { url: legacy.url } }), 'full-auto', null, events);
    expect(await app.agent.runTurn('Use the legacy server.')).toMatchObject({ status: 'completed', finalMessage: 'SSE works.' });
    // Tried streamable HTTP first (POST /sse, refused), then opened the event stream.
    expect(legacy.requests[0]).toBe('POST /sse');
    expect(legacy.requests).toContain('GET /sse');
    expect(legacy.requests).toContain('POST /messages');
  });

  for (const scope of ['tool', 'server'] as const) {
    it(`"always" for the ${scope}: later calls of ${scope === 'tool' ? 'that tool' : 'any tool of that server'} do not ask again`, async () => {
      sim = await createSimulator({
        scenario: {
          name: 'mcp-always',
          description: 'two command-like tools of one server',
          steps: [
            { calls: [{ name: 'mcp__demo__add', arguments: { a: 1, b: 2, note: null } }] },
            { calls: [{ name: 'mcp__demo__add', arguments: { a: 3, b: 4, note: null } }] },
            { calls: [{ name: 'mcp__demo__note', arguments: { text: 'hi' } }] },
            { expect: { contains: 'noted: hi' }, message: 'done' },
          ],
        },
      });
      const asked: ApprovalRequest[] = [];
      const events: AgentEvent[] = [];
      app = await makeApp(
        configWith({ demo: stdioServer() }),
        'suggest',
        async (r) => {
          asked.push(r);
          return asked.length === 1 ? { decision: 'always', scope } : { decision: 'approve' };
        },
        events,
      );
      const result = await app.agent.runTurn('Add and note.');
      expect(result.status).toBe('completed');
      expect(asked.map((r) => [r.name, r.server])).toEqual(
        scope === 'tool'
          ? [
              ['mcp__demo__add', 'demo'],
              ['mcp__demo__note', 'demo'],
            ]
          : [['mcp__demo__add', 'demo']],
      );
      expect(events.filter((e) => e.type === 'tool.completed').map((e) => (e as { ok: boolean }).ok)).toEqual([true, true, true]);
    });
  }
});
