// [lanes] The TUI's view of sub-agents: a sub-agent's events update its line in the live list (never
// the parent's tail or transcript), its answer becomes a card, the status bar counts live lanes.
import { render } from 'ink-testing-library';
import { describe, expect, test } from 'vitest';
import type { AgentEvent } from '../../src/agent/events.js';
import type { ControllerInfo } from '../../src/ui/AgentController.js';
import { SubAgentList } from '../../src/ui/components/SubAgentList.js';
import { statusSegments } from '../../src/ui/statusLine.js';
import { initialUiState, reduce } from '../../src/ui/uiState.js';
import type { UiInput, UiState } from '../../src/ui/uiTypes.js';
import { requestCompleted, turnCompleted } from './fakeController.js';

const info: ControllerInfo = {
  sessionId: 'sess_1',
  model: 'gpt-5.2',
  approval: 'suggest',
  cwd: '/repo',
  connection: { transport: 'ws', state: 'open', openedAt: 0, reconnects: 0 },
};

const run = (events: UiInput[], start: UiState = initialUiState(info)): UiState => events.reduce((s, e) => reduce(s, e, 5000), start);
const tagged = (event: AgentEvent, agent: string): AgentEvent => ({ ...event, agent }) as AgentEvent;

describe('sub-agents in the TUI', () => {
  const started: UiInput[] = [
    { type: 'turn.started', turn: 1, prompt: 'review' },
    { type: 'agent.started', agent: 'review-parser', task: 'Review src/parser.js', lane: 'agent-1' },
    { type: 'agent.started', agent: 'review-tokenizer', task: 'Review src/tokenizer.js', lane: 'agent-2' },
    tagged(requestCompleted(), 'review-parser'),
    tagged({ type: 'tool.requested', callId: 'c1', name: 'read_file', args: { path: 'src/parser.js' }, display: 'read_file src/parser.js' }, 'review-parser'),
    tagged({ type: 'tool.started', callId: 'c1', name: 'read_file', display: 'read_file src/parser.js' }, 'review-parser'),
  ];

  test('lists each sub-agent with its state, requests and last tool, outside the parent tail', () => {
    const s = run(started);
    expect(s.subAgents).toEqual([
      { name: 'review-parser', state: 'running', lane: 'agent-1', requests: 1, lastTool: 'read_file src/parser.js' },
      { name: 'review-tokenizer', state: 'running', lane: 'agent-2', requests: 0, lastTool: null },
    ]);
    expect(s.tail.tools).toEqual([]);
    expect(s.status.requests).toBe(0);
    expect(s.status.lanes).toBe(2);
    expect(statusSegments(s.status, 5000).map((seg) => seg.map((span) => span.text).join(''))).toContain('lanes 2');
    const { lastFrame, unmount } = render(<SubAgentList agents={s.subAgents!} />);
    expect(lastFrame()).toContain('review-parser · running · 1 req · read_file src/parser.js');
    expect(lastFrame()).toContain('review-tokenizer · running · 0 req');
    unmount();
  });

  test("a sub-agent's answer becomes a card; the list goes when the turn ends", () => {
    let s = run([...started, { type: 'agent.completed', agent: 'review-parser', status: 'completed', finalMessage: 'Parser review: fine.', requests: 4 }]);
    expect(s.items.at(-1)).toMatchObject({ kind: 'block', title: 'sub-agent review-parser', body: 'Parser review: fine.' });
    expect(s.subAgents![0]).toMatchObject({ state: 'completed', requests: 4 });
    expect(s.status.lanes).toBe(1);
    s = run([turnCompleted(1)], s);
    expect(s.subAgents).toEqual([]);
    expect(s.status.lanes).toBe(0);
  });
});
