// What a compaction puts back (issue 24.6): the newest user message, the newest plan, and only the
// files of edits that succeeded (a move names both paths); nothing at all before there is any.
import { describe, expect, it } from 'vitest';
import { CompactionCarryOver } from '../../src/agent/compactionCarryOver.js';
import { ConversationLedger, userMessage } from '../../src/session/index.js';

const patch = (...sections: string[]): string => ['*** Begin Patch', ...sections, '*** End Patch'].join('\n');

describe('CompactionCarryOver', () => {
  it('puts back the latest request, the plan as it stands and the files edits changed', () => {
    const carry = new CompactionCarryOver();
    const ledger = new ConversationLedger();
    expect(carry.items(ledger.items)).toEqual([]);
    ledger.append(userMessage('first request'), 'user');
    ledger.append(
      {
        type: 'function_call',
        call_id: 'c1',
        name: 'update_plan',
        arguments: JSON.stringify({ explanation: null, plan: [{ step: 'old', status: 'pending' }] }),
      },
      'model',
    );
    ledger.append(
      {
        type: 'function_call',
        call_id: 'c2',
        name: 'update_plan',
        arguments: JSON.stringify({
          explanation: null,
          plan: [
            { step: 'a', status: 'completed' },
            { step: 'b', status: 'in_progress' },
          ],
        }),
      },
      'model',
    );
    ledger.append(userMessage('the latest request'), 'user');
    const moved = patch('*** Update File: src/old.js', '*** Move to: src/new.js', '@@', '-x', '+y');
    carry.observe({ type: 'tool.requested', callId: 'p1', name: 'apply_patch', args: { input: moved }, display: '' });
    carry.observe({ type: 'tool.completed', callId: 'p1', name: 'apply_patch', ok: true, output: 'done', durationMs: 1 });
    carry.observe({ type: 'tool.requested', callId: 'p2', name: 'apply_patch', args: { input: patch('*** Add File: src/refused.js', '+z') }, display: '' });
    carry.observe({ type: 'tool.completed', callId: 'p2', name: 'apply_patch', ok: false, output: 'refused', durationMs: 1 });
    carry.observe({ type: 'tool.requested', callId: 'w1', name: 'write_file', args: { path: 'README.md', content: 'hi' }, display: '' });
    carry.observe({ type: 'tool.completed', callId: 'w1', name: 'write_file', ok: true, output: 'ok', durationMs: 1 });
    const [item] = carry.items(ledger.items);
    expect(item).toMatchObject({ type: 'message', role: 'developer' });
    const text = (item as { content: Array<{ text: string }> }).content[0]!.text;
    expect(text).toContain("The user's latest request:\nthe latest request\n");
    expect(text).toContain('The plan as it stands:\n[x] a\n[>] b\n');
    expect(text).toMatch(/Files changed so far:\nsrc\/old\.js\nsrc\/new\.js\nREADME\.md$/);
    expect(text).not.toContain('refused.js');
    expect(text).not.toContain('[ ] old'); // the newest plan only
  });
});
