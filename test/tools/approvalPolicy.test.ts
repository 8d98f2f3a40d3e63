// Approval modes × tool kinds, "always" answers, and the texts the model and the user read.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentEvent, ApprovalDecision } from '../../src/agent/events.js';
import type { ToolCatalog } from '../../src/agent/ports.js';
import { ToolRunner } from '../../src/agent/ToolRunner.js';
import {
  APPROVAL_MODES,
  ApprovalPolicy,
  approvalReason,
  denialMessage,
  parseApprovalMode,
  refusalMessage,
  type ApprovalMode,
} from '../../src/tools/approvalPolicy.js';
import { createToolRegistry, WorkspaceGuard } from '../../src/tools/index.js';
import type { ToolKind } from '../../src/tools/types.js';

const TOOL_OF: Record<ToolKind, string> = { read: 'read_file', edit: 'edit_file', command: 'run_command' };

describe('ApprovalPolicy.decide', () => {
  const matrix: [ApprovalMode, ToolKind, 'allow' | 'ask'][] = [
    ['suggest', 'read', 'allow'],
    ['suggest', 'edit', 'ask'],
    ['suggest', 'command', 'ask'],
    ['auto-edit', 'read', 'allow'],
    ['auto-edit', 'edit', 'allow'],
    ['auto-edit', 'command', 'ask'],
    ['full-auto', 'read', 'allow'],
    ['full-auto', 'edit', 'allow'],
    ['full-auto', 'command', 'allow'],
  ];
  it.each(matrix)('%s mode, %s tool → %s', (mode, kind, verdict) => {
    expect(new ApprovalPolicy(mode).decide(TOOL_OF[kind], kind)).toBe(verdict);
  });

  it('covers every mode', () => {
    expect(new Set(matrix.map(([m]) => m))).toEqual(new Set(APPROVAL_MODES));
  });

  it('remember() allows that tool for the rest of the session, and only that tool', () => {
    const policy = new ApprovalPolicy('suggest');
    policy.remember('run_command');
    expect(policy.decide('run_command', 'command')).toBe('allow');
    expect(policy.decide('run_tests', 'command')).toBe('ask');
    expect(policy.decide('edit_file', 'edit')).toBe('ask');
    expect(policy.isRemembered('run_command')).toBe(true);
    expect(policy.remembered).toEqual(['run_command']);
  });

  it('the mode can change mid-session; remembered tools stay allowed', () => {
    const policy = new ApprovalPolicy('full-auto');
    expect(policy.decide('run_command', 'command')).toBe('allow');
    policy.mode = 'auto-edit';
    expect(policy.mode).toBe('auto-edit');
    expect(policy.decide('run_command', 'command')).toBe('ask');
    expect(policy.decide('write_file', 'edit')).toBe('allow');
    policy.remember('run_command');
    policy.mode = 'suggest';
    expect(policy.decide('run_command', 'command')).toBe('allow');
    expect(policy.decide('write_file', 'edit')).toBe('ask');
    expect(policy.decide('read_file', 'read')).toBe('allow');
  });

  it('through the tool runner: approve runs once, deny does not run, always runs and stops asking', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wsagent-approval-'));
    const policy = new ApprovalPolicy('suggest');
    const answers: ApprovalDecision['decision'][] = ['approve', 'deny', 'always'];
    const asked: string[] = [];
    const events: AgentEvent[] = [];
    const runner = new ToolRunner(
      {
        catalog: createToolRegistry() as unknown as ToolCatalog,
        approvals: policy,
        changes: null,
        workspace: new WorkspaceGuard(root),
        approver: async (request) => {
          asked.push(request.callId);
          const decision = answers.shift()!;
          return decision === 'deny' ? { decision, reason: 'not this one' } : { decision };
        },
        emit: (event) => events.push(event),
      },
      1,
      new AbortController().signal,
    );
    const write = (n: number) => ({ call_id: `call_${n}`, name: 'write_file', arguments: JSON.stringify({ path: `f${n}.txt`, content: `${n}\n` }) });
    const outcomes = await runner.outputs([1, 2, 3, 4].map(write));
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true, true]);
    // The fourth call ran without asking: "always" was remembered by the policy.
    expect(asked).toEqual(['call_1', 'call_2', 'call_3']);
    expect(policy.isRemembered('write_file')).toBe(true);
    expect(policy.decide('write_file', 'edit')).toBe('allow');
    expect(outcomes[1]!.output).toBe(denialMessage('write_file', 'not this one'));
    expect(existsSync(join(root, 'f1.txt'))).toBe(true);
    expect(existsSync(join(root, 'f2.txt'))).toBe(false);
    expect(readFileSync(join(root, 'f4.txt'), 'utf8')).toBe('4\n');
    expect(events.filter((e) => e.type === 'tool.approval_required').map((e) => (e as { callId: string }).callId)).toEqual(asked);
  });

  it('rejects an unknown mode set at run time', () => {
    const policy = new ApprovalPolicy('suggest');
    expect(() => {
      policy.mode = 'yolo' as ApprovalMode;
    }).toThrow(/suggest, auto-edit, full-auto/);
    expect(policy.mode).toBe('suggest');
  });
});

describe('parseApprovalMode', () => {
  it('accepts the three modes, ignoring case and spaces', () => {
    expect(parseApprovalMode('suggest')).toBe('suggest');
    expect(parseApprovalMode(' Auto-Edit ')).toBe('auto-edit');
    expect(parseApprovalMode('FULL-AUTO')).toBe('full-auto');
  });

  it('lists the modes when the value is unknown', () => {
    expect(() => parseApprovalMode('auto')).toThrow(/Unknown approval mode: "auto"\. Use one of: suggest, auto-edit, full-auto\./);
    expect(() => parseApprovalMode('')).toThrow(/Use one of: suggest, auto-edit, full-auto/);
  });
});

describe('messages', () => {
  it('a refused command in suggest mode names both flags', () => {
    expect(refusalMessage('run_command', 'command', 'suggest')).toBe(
      'run_command was not run: approval mode "suggest" asks before running commands and no one is here to answer. ' +
        'Re-run with --approval full-auto to allow commands (or --approval auto-edit for edits only).',
    );
  });

  it('a refused command in auto-edit mode names full-auto', () => {
    const msg = refusalMessage('run_tests', 'command', 'auto-edit');
    expect(msg).toContain('run_tests was not run');
    expect(msg).toContain('approval mode "auto-edit"');
    expect(msg).toContain('--approval full-auto');
    expect(msg).not.toContain('--approval auto-edit');
  });

  it('a refused edit in suggest mode names auto-edit', () => {
    const msg = refusalMessage('write_file', 'edit', 'suggest');
    expect(msg).toContain('write_file was not run: approval mode "suggest" asks before editing files');
    expect(msg).toContain('--approval auto-edit to allow edits');
  });

  it('denials carry the reason to the model', () => {
    expect(denialMessage('run_command', 'it deletes my build')).toBe(
      'The user denied this run_command call: it deletes my build. Do not retry it; ask or take another approach.',
    );
    expect(denialMessage('run_command', 'too risky.')).toBe('The user denied this run_command call: too risky. Do not retry it; ask or take another approach.');
    expect(denialMessage('edit_file')).toBe('The user denied this edit_file call. Do not retry it; ask or take another approach.');
    expect(denialMessage('edit_file', '   ')).toBe('The user denied this edit_file call. Do not retry it; ask or take another approach.');
  });

  it('approvalReason says which mode asks and why', () => {
    expect(approvalReason('run_command', 'command', 'auto-edit')).toBe('approval mode "auto-edit" asks before running commands (run_command)');
  });
});
