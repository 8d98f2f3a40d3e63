// How hooks are selected and how their answers are read: the other agents' tool names in
// matchers, and exit codes and JSON answers as Claude Code and Codex document them.
import { describe, expect, it } from 'vitest';
import { matcherMatches } from '../../../src/agent/hooks/hookMatcher.js';
import { combineVerdicts, hookVerdict } from '../../../src/agent/hooks/hookVerdict.js';
import { parseHooks } from '../../../src/config/hooksConfig.js';

const result = (exitCode: number | null, stdout = '', stderr = '', timedOut = false) => ({ exitCode, stdout, stderr, timedOut, spawnError: null });

describe('hook matchers', () => {
  it("match wsagent's names and Claude Code's and Codex's names for the same tools", () => {
    expect(matcherMatches('Bash', 'run_command')).toBe(true);
    expect(matcherMatches('shell', 'run_command')).toBe(true);
    expect(matcherMatches('run_command', 'run_command')).toBe(true);
    expect(matcherMatches('Edit|Write', 'apply_patch')).toBe(true);
    expect(matcherMatches('Edit|Write', 'write_file')).toBe(true);
    expect(matcherMatches('MultiEdit', 'edit_file')).toBe(true);
    expect(matcherMatches('Read', 'read_file')).toBe(true);
    expect(matcherMatches('Read', 'view_image')).toBe(true);
    expect(matcherMatches('Grep', 'search')).toBe(true);
    expect(matcherMatches('Glob', 'list_files')).toBe(true);
    expect(matcherMatches('mcp__github__.*', 'mcp__github__create_issue')).toBe(true);
    expect(matcherMatches('*', 'git_status')).toBe(true);
    expect(matcherMatches('', 'git_status')).toBe(true);
  });

  it('are anchored: a name is not matched by a part of it', () => {
    expect(matcherMatches('Bash', 'read_file')).toBe(false);
    expect(matcherMatches('Edit', 'edit_file_extra')).toBe(false);
    expect(matcherMatches('Read', 'run_command')).toBe(false);
    expect(matcherMatches('Write', 'edit_file')).toBe(false);
  });
});

describe('hook answers', () => {
  it('exit 2 blocks with stderr as the reason; exit 0 with plain stdout is context where the event takes it', () => {
    expect(hookVerdict(result(2, '', 'no pushing\n'), 60, false).block).toBe('no pushing');
    expect(hookVerdict(result(0, 'extra facts\n'), 60, true).context).toEqual(['extra facts']);
    expect(hookVerdict(result(0, 'extra facts\n'), 60, false).context).toEqual([]);
  });

  it('reads decision/reason and hookSpecificOutput.permissionDecision', () => {
    expect(hookVerdict(result(0, JSON.stringify({ decision: 'block', reason: 'not today' })), 60, false).block).toBe('not today');
    expect(hookVerdict(result(0, JSON.stringify({ decision: 'approve' })), 60, false).approve).toBe(true);
    const deny = { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'prod is off limits' } };
    expect(hookVerdict(result(0, JSON.stringify(deny)), 60, false).block).toBe('prod is off limits');
    const ask = { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'ask' } };
    expect(hookVerdict(result(0, JSON.stringify(ask)), 60, false).ask).toBe(true);
    const context = { hookSpecificOutput: { hookEventName: 'UserPromptSubmit', additionalContext: 'sprint 12' } };
    expect(hookVerdict(result(0, JSON.stringify(context)), 60, true).context).toEqual(['sprint 12']);
    expect(hookVerdict(result(0, JSON.stringify({ continue: false, stopReason: 'halt' })), 60, false).block).toBe('halt');
  });

  it('treats other exits, timeouts and broken JSON as failures, never as decisions', () => {
    expect(hookVerdict(result(1, '', 'boom'), 60, false)).toMatchObject({ block: null, failure: 'exited with 1: boom' });
    expect(hookVerdict(result(null, '', '', true), 5, false).failure).toContain('5 s timeout');
    expect(hookVerdict(result(0, '{"decision": "block"'), 60, false)).toMatchObject({ block: null, failure: expect.stringContaining('does not parse') });
  });

  it('combines several hooks: a block wins, ask beats approve', () => {
    const approve = hookVerdict(result(0, '{"decision":"approve"}'), 60, false);
    const ask = hookVerdict(result(0, '{"hookSpecificOutput":{"permissionDecision":"ask"}}'), 60, false);
    const block = hookVerdict(result(2, '', 'no'), 60, false);
    expect(combineVerdicts([approve, ask])).toMatchObject({ approve: false, ask: true, block: null });
    expect(combineVerdicts([approve, block]).block).toBe('no');
  });
});

describe('hooks settings', () => {
  it('accept the Claude Code / Codex shape and set aside events and hook types wsagent does not run', () => {
    const notices: string[] = [];
    const hooks = parseHooks(
      {
        PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'guard.sh', timeout: 5 }] }],
        Stop: [{ hooks: [{ type: 'command', command: 'lint.sh' }] }, { hooks: [{ type: 'prompt', prompt: 'check' }] }],
        Notification: [{ hooks: [{ type: 'command', command: 'notify.sh' }] }],
      },
      'settings.json',
      notices,
    );
    expect(hooks.map((h) => [h.event, h.matcher, h.command, h.timeoutSeconds])).toEqual([
      ['PreToolUse', 'Bash', 'guard.sh', 5],
      ['Stop', '', 'lint.sh', 60],
    ]);
    expect(notices).toHaveLength(2);
    expect(notices.join('\n')).toMatch(/Notification.*not run/);
    expect(notices.join('\n')).toMatch(/"prompt" hook/);
  });

  it('refuse a bad matcher or timeout with the place in the file', () => {
    expect(() => parseHooks({ PreToolUse: [{ matcher: 'Edit(', hooks: [] }] }, 'f.json', [])).toThrow(
      /f\.json: hooks\.PreToolUse\[0\]\.matcher: not a valid regular expression/,
    );
    expect(() => parseHooks({ Stop: [{ hooks: [{ command: 'x', timeout: -1 }] }] }, 'f.json', [])).toThrow(/hooks\.Stop\[0\]\.hooks\[0\]\.timeout/);
  });
});
