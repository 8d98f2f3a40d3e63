// An apply_patch approval shows the diff the tool computed (real file line numbers), not one made
// from the call's arguments.
import { render } from 'ink-testing-library';
import { describe, expect, test } from 'vitest';

import { ApprovalPrompt } from '../../src/ui/components/ApprovalPrompt.js';
import { ColorContext } from '../../src/ui/theme.js';
import type { ControllerInfo } from '../../src/ui/AgentController.js';
import { initialUiState, reduce } from '../../src/ui/uiState.js';

const DIFF =
  '--- a/src/evaluator.js\n+++ b/src/evaluator.js\n@@ -46,3 +46,3 @@\n function lookupVariable(node, scope) {\n-  const value = scope[node.name];\n+  const value = scope[node.name] ?? 0;\n';

describe('apply_patch approval', () => {
  test('the prompt shows the tool-computed diff with its real line numbers', () => {
    const approval = {
      callId: 'p',
      name: 'apply_patch',
      display: 'apply_patch src/evaluator.js',
      reason: 'asks before editing files',
      args: { input: '*** Begin Patch…' },
      diff: DIFF,
    };
    const { lastFrame } = render(
      <ColorContext.Provider value={false}>
        <ApprovalPrompt approval={approval} />
      </ColorContext.Provider>,
    );
    expect(lastFrame()).toContain('@@ -46,3 +46,3 @@');
    expect(lastFrame()).toContain('+  const value = scope[node.name] ?? 0;');
  });

  test('the approval_required event carries the diff into the pending approval', () => {
    const info: ControllerInfo = {
      sessionId: 's',
      model: 'gpt-5.2',
      approval: 'suggest',
      cwd: '/repo',
      connection: { transport: 'ws', state: 'open', openedAt: 1, reconnects: 0 },
    };
    const state = reduce(initialUiState(info), {
      type: 'tool.approval_required',
      callId: 'p',
      name: 'apply_patch',
      args: { input: 'x' },
      display: 'apply_patch a',
      reason: 'r',
      diff: DIFF,
    });
    expect(state.approvals[0]?.diff).toBe(DIFF);
  });
});
