// The TUI's MCP pieces: tool cards and approval prompts name the server and the tool, the prompt
// offers "always for this server" (s) only for MCP tools, and /mcp lists servers, state and tools.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { approvalKey, CHOOSING } from '../../../src/ui/approvalKeys.js';
import { ApprovalPrompt } from '../../../src/ui/components/ApprovalPrompt.js';
import { splitDisplay } from '../../../src/ui/components/ToolCard.js';
import { mcpReport } from '../../../src/ui/mcpReport.js';
import { parseSlashCommand } from '../../../src/ui/slashCommands.js';
import { statusSegments } from '../../../src/ui/statusLine.js';
import { initialUiState, reduce } from '../../../src/ui/uiState.js';

const noKey = {} as Parameters<typeof approvalKey>[2];

describe('MCP in the TUI', () => {
  it('s answers "always for this server" only for MCP tools', () => {
    expect(approvalKey(CHOOSING, 's', noKey, { server: 'demo' }).decision).toEqual({ decision: 'always', scope: 'server' });
    expect(approvalKey(CHOOSING, 's', noKey).decision).toBeUndefined();
    expect(approvalKey(CHOOSING, 'a', noKey, { server: 'demo' }).decision).toEqual({ decision: 'always' });
  });

  it('the approval prompt shows server/tool, the arguments and the per-server choice', () => {
    const { lastFrame } = render(
      <ApprovalPrompt
        approval={{
          callId: 'c1',
          name: 'mcp__demo__add',
          display: 'demo/add {"a":1,"b":2}',
          reason: 'approval mode "suggest" asks before running commands (mcp__demo__add)',
          args: { a: 1, b: 2 },
          server: 'demo',
        }}
      />,
    );
    const frame = lastFrame() ?? '';
    expect(frame).toContain('demo/add {"a":1,"b":2}');
    expect(frame).toContain('always allow demo/add');
    expect(frame).toContain('always allow every tool of demo');
    const builtin =
      render(
        <ApprovalPrompt approval={{ callId: 'c2', name: 'run_command', display: 'run_command npm test', reason: 'r', args: { command: 'npm test' } }} />,
      ).lastFrame() ?? '';
    expect(builtin).not.toContain('every tool of');
  });

  it('tool cards label MCP calls server/tool with their arguments', () => {
    expect(splitDisplay('mcp__demo__echo', 'demo/echo {"text":"hi"}')).toEqual({ name: 'demo/echo', rest: '{"text":"hi"}' });
    expect(splitDisplay('mcp__demo__picture', 'demo/picture')).toEqual({ name: 'demo/picture', rest: '' });
    expect(splitDisplay('read_file', 'read_file a.ts')).toEqual({ name: 'read_file', rest: 'a.ts' });
  });

  it('/mcp lists servers, state, failures and tools', () => {
    expect(parseSlashCommand('/mcp')).toEqual({ kind: 'mcp' });
    const text = mcpReport([
      {
        name: 'demo',
        transport: 'stdio',
        state: 'ready',
        failure: null,
        version: 'demo-server 1.0.0',
        tools: [
          { name: 'mcp__demo__add', tool: 'add', readOnly: false },
          { name: 'mcp__demo__echo', tool: 'echo', readOnly: true },
        ],
        logFile: '/c/mcp-logs/demo.log',
      },
      { name: 'web', transport: 'http', state: 'failed', failure: 'could not start: fetch failed', version: null, tools: [], logFile: null },
    ]);
    expect(text).toBe(
      [
        'demo  stdio  ready  (demo-server 1.0.0)',
        '  mcp__demo__add',
        '  mcp__demo__echo  (read-only)',
        '  log: /c/mcp-logs/demo.log',
        'web  http  failed',
        '  could not start: fetch failed',
        '  no tools',
      ].join('\n'),
    );
    expect(mcpReport([])).toContain('No MCP servers configured');
  });

  it('a failed server shows once in the transcript and stays counted in the status line', () => {
    let state = initialUiState({
      sessionId: 's',
      model: 'm',
      approval: 'suggest',
      cwd: '/w',
      connection: { transport: 'ws', state: 'open', openedAt: 0, reconnects: 0 },
    });
    const line = () =>
      statusSegments(state.status, 0)
        .map((seg) => seg.map((s) => s.text).join(''))
        .join(' · ');
    expect(line()).not.toContain('mcp');
    state = reduce(state, { type: 'error', code: 'mcp_server_failed', message: 'MCP server "demo": the server exited', fatal: false }, 0);
    expect(line()).toContain('mcp ✗1 (/mcp)');
    expect(JSON.stringify(state.items)).toContain('MCP server \\"demo\\": the server exited');
  });
});
