// The pure parts of the ACP front end: how a prompt's content blocks become the user message, how
// wsagent's unified diffs become ACP diff contents, where a call's locations point, and what a
// permission answer means to wsagent.
import { describe, expect, it } from 'vitest';
import { EventUpdates } from '../../src/acp/eventUpdates.js';
import { historyUpdates } from '../../src/acp/history.js';
import { decisionOf } from '../../src/acp/permissions.js';
import { promptInput } from '../../src/acp/promptContent.js';
import { diffContent, toolKind, toolLocations } from '../../src/acp/toolCallShape.js';
import { unifiedDiff } from '../../src/tools/unifiedDiff.js';

describe('ACP shapes', () => {
  it('a prompt: text, an embedded file as context, a linked file by name, an image as a data URL', () => {
    const input = promptInput([
      { type: 'text', text: 'explain this' },
      { type: 'resource', resource: { uri: 'file:///w/a.ts', text: 'const a = 1;' } },
      { type: 'resource_link', uri: 'file:///w/b.ts', name: 'b.ts' },
      { type: 'image', mimeType: 'image/png', data: 'iVBOR' },
    ]);
    expect(input.text).toBe('explain this\n\n<context uri="file:///w/a.ts">\nconst a = 1;\n</context>\n\n[@b.ts](file:///w/b.ts)');
    expect(input.images).toEqual(['data:image/png;base64,iVBOR']);
  });

  it("an edit's unified diff: one diff content per file with absolute paths; a new file has no old text", () => {
    const changed = unifiedDiff('src/a.ts', 'one\ntwo\nthree\n', 'one\nTWO\nthree\n');
    const created = unifiedDiff('b.txt', null, 'new\n');
    expect(diffContent(changed + created, '/w')).toEqual([
      { type: 'diff', path: '/w/src/a.ts', oldText: 'one\ntwo\nthree', newText: 'one\nTWO\nthree' },
      { type: 'diff', path: '/w/b.txt', oldText: null, newText: 'new' },
    ]);
  });

  it('locations: the path (with the first line of a ranged read), every file of a patch', () => {
    expect(toolLocations('read_file', { path: 'a.ts', start_line: 10, end_line: 20 }, '/w')).toEqual([{ path: '/w/a.ts', line: 10 }]);
    const patch = '*** Begin Patch\n*** Update File: a.ts\n*** Move to: c.ts\n@@\n-x\n+y\n*** Add File: d.ts\n+z\n*** End Patch';
    expect(toolLocations('apply_patch', { input: patch }, '/w')).toEqual([{ path: '/w/a.ts' }, { path: '/w/c.ts' }, { path: '/w/d.ts' }]);
    expect(toolKind('run_tests')).toBe('execute');
    expect(toolKind('mcp__files__read')).toBe('other');
  });

  it('a hosted web search, live and in a loaded history, is a finished fetch call saying what it searched', () => {
    const live = new EventUpdates(
      '/w',
      () => undefined,
      () => undefined,
    ).updates({
      type: 'web_search',
      id: 'ws_1',
      status: 'completed',
      action: { type: 'search', query: 'acp spec' },
      display: 'searched: acp spec',
    });
    const replayed = historyUpdates(
      [{ type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'acp spec' } }],
      '/w',
      (n) => n,
    );
    for (const updates of [live, replayed]) {
      expect(updates).toEqual([
        expect.objectContaining({ sessionUpdate: 'tool_call', toolCallId: 'ws_1', kind: 'fetch', status: 'completed', title: 'searched: acp spec' }),
      ]);
    }
  });

  it('permission answers: once, always (a command prefix saves a rule, an MCP tool covers its server), reject, cancelled', () => {
    const command = { callId: 'c', name: 'run_command', args: {}, display: 'npm test', kind: 'command' as const, allowPrefix: ['npm', 'test'] };
    const mcp = { callId: 'm', name: 'mcp__s__t', args: {}, display: 't', kind: 'command' as const, server: 's' };
    const selected = (optionId: string) => ({ outcome: { outcome: 'selected' as const, optionId } });
    expect(decisionOf(selected('allow_once'), command)).toEqual({ decision: 'approve' });
    expect(decisionOf(selected('allow_always'), command)).toEqual({ decision: 'always', scope: 'prefix' });
    expect(decisionOf(selected('allow_always'), mcp)).toEqual({ decision: 'always', scope: 'server' });
    expect(decisionOf(selected('reject_once'), command)).toEqual({ decision: 'deny' });
    expect(decisionOf({ outcome: { outcome: 'cancelled' } }, command)).toMatchObject({ decision: 'deny' });
  });
});
