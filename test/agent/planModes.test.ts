// Plan first and /init, the pure parts: which tools a mode offers, the instructions it adds, the
// user's edit of a plan, the approval message, AGENTS.md out of an answer, the /plan command, the
// status bar and the approval entry.
import { describe, expect, it } from 'vitest';
import { agentsFileFromAnswer } from '../../src/agent/agentsFile.js';
import type { AgentEvent } from '../../src/agent/events.js';
import { PlanModeControl } from '../../src/cli/planModeControl.js';
import { planApprovalMessage, planAsText, planFromText } from '../../src/agent/planApproval.js';
import { instructionsForMode, offeredInMode } from '../../src/agent/workModes.js';
import { defaultTools } from '../../src/tools/index.js';
import type { Key } from 'ink';
import { approvalKey } from '../../src/ui/approvalKeys.js';
import { approvesPlan, planModeHint } from '../../src/ui/planModeView.js';
import { initialUiState, reduce } from '../../src/ui/uiState.js';
import { parseSlashCommand } from '../../src/ui/slashCommands.js';
import { statusText } from '../../src/ui/statusLine.js';
import { busyStatus, testInfo } from '../ui/fakeController.js';

describe('work modes', () => {
  it('plan and init offer only the read-only tools (no spawn_agents); normal offers all', () => {
    const tools = [...defaultTools({ updatePlan: true, applyPatch: 'custom' }), { name: 'spawn_agents', kind: 'read' as const }];
    const names = (mode: 'normal' | 'plan' | 'init') => tools.filter((t) => offeredInMode(t, mode)).map((t) => t.name);
    expect(names('plan')).toEqual(['list_files', 'read_file', 'search', 'view_image', 'git_status', 'git_diff', 'update_plan']);
    expect(names('init')).toEqual(names('plan'));
    expect(names('normal')).toEqual(tools.map((t) => t.name));
    // A read-only MCP tool is a read kind; one that may write is not.
    expect(offeredInMode({ name: 'docs__lookup', kind: 'read' }, 'plan')).toBe(true);
    expect(offeredInMode({ name: 'db__drop', kind: 'edit' }, 'plan')).toBe(false);
  });

  it('adds the mode paragraph to the instructions, and takes it away again', () => {
    expect(instructionsForMode('BASE', 'plan')).toMatch(/^BASE\n\n# Plan mode\n\nYou are in plan mode/);
    expect(instructionsForMode('BASE', 'init')).toMatch(/^BASE\n\n# Writing AGENTS\.md/);
    expect(instructionsForMode('BASE', 'normal')).toBe('BASE');
  });
});

describe('the plan the user approves', () => {
  it("reads the user's edit one step a line, list markers dropped, a ticked box completed", () => {
    expect(planFromText('1. Read calc.js\n\n- [ ] Change divide\n* [x] Agree on the message\n  Run the tests  ')).toEqual([
      { step: 'Read calc.js', status: 'pending' },
      { step: 'Change divide', status: 'pending' },
      { step: 'Agree on the message', status: 'completed' },
      { step: 'Run the tests', status: 'pending' },
    ]);
    expect(
      planAsText([
        { step: 'a', status: 'pending' },
        { step: 'b', status: 'completed' },
      ]),
    ).toBe('a\nb');
  });

  it('sends the plan as it stands with the approval, and what the user added beyond "go"', () => {
    const steps = [
      { step: 'Read calc.js', status: 'pending' as const },
      { step: 'Change divide', status: 'pending' as const },
    ];
    const message = planApprovalMessage(steps, 'go');
    expect(message).toMatch(/^The user approved the plan\./);
    expect(message).toContain('\n1. Read calc.js\n2. Change divide');
    expect(message).not.toContain('The user added');
    expect(planApprovalMessage(steps, 'go, and keep the old error text')).toContain('The user added: go, and keep the old error text');
  });

  it("n answers wsagent's own yes/no question (write AGENTS.md?) at once; a tool call's n still asks for a reason", () => {
    const key = {} as Key;
    expect(approvalKey({ mode: 'choose', reason: '' }, 'n', key, { question: true }).decision).toEqual({ decision: 'deny' });
    expect(approvalKey({ mode: 'choose', reason: '' }, 'n', key).state).toEqual({ mode: 'reason', reason: '' });
  });

  it('"go" approves (a full stop or ! allowed), nothing longer does', () => {
    expect(['go', 'Go', 'GO!', 'go.'].every(approvesPlan)).toBe(true);
    expect(['go on and add a test', 'good', 'ok'].some(approvesPlan)).toBe(false);
  });
});

describe('AGENTS.md out of an answer', () => {
  it('takes the markdown fence, else the only fence, else the whole answer', () => {
    expect(agentsFileFromAnswer('Here it is:\n\n```markdown\n# AGENTS.md\n\n- `npm test`\n```\nDone.')).toBe('# AGENTS.md\n\n- `npm test`\n');
    expect(agentsFileFromAnswer('```sh\nnpm i\n```\n\n```md\n# Guide\n```')).toBe('# Guide\n');
    expect(agentsFileFromAnswer('```\n# Guide\n```')).toBe('# Guide\n');
    expect(agentsFileFromAnswer('# Guide\n\nRun `make`.')).toBe('# Guide\n\nRun `make`.\n');
    expect(agentsFileFromAnswer('  \n')).toBeNull();
  });
});

describe('/plan and the status bar', () => {
  it('parses /plan, /plan TASK, /plan edit, /plan off and /init', () => {
    expect(parseSlashCommand('/plan')).toEqual({ kind: 'plan', action: 'enter', task: null });
    expect(parseSlashCommand('/plan fix the  parser')).toEqual({ kind: 'plan', action: 'enter', task: 'fix the  parser' });
    expect(parseSlashCommand('/plan edit')).toEqual({ kind: 'plan', action: 'edit', task: null });
    expect(parseSlashCommand('/plan OFF')).toEqual({ kind: 'plan', action: 'off', task: null });
    expect(parseSlashCommand('/init')).toEqual({ kind: 'init' });
    expect(parseSlashCommand('/init now')).toEqual({ kind: 'invalid', message: '/init takes no arguments.' });
  });

  it('mode.changed sets the mode and says so in the transcript; a new session is back in the normal mode', () => {
    const tools = ['read_file', 'update_plan'];
    let state = reduce(initialUiState(testInfo), { type: 'mode.changed', mode: 'plan', tools });
    expect(state.status.mode).toBe('plan');
    expect(state.items.at(-1)).toMatchObject({ kind: 'notice', text: expect.stringMatching(/^plan mode: read-only tools only \(read_file, update_plan\)/) });
    state = reduce(state, { type: 'ui.new_session', id: 'next', previous: null });
    expect(state.status.mode).toBe('normal');
  });

  it('the hint under the prompt says what to do in plan mode, and nothing outside it or during a turn', () => {
    expect(planModeHint('plan', false, false, false)).toMatch(/describe the task/);
    expect(planModeHint('plan', false, false, true)).toMatch(/go \(or Ctrl-G\) carries out the plan · \/plan edit/);
    expect(planModeHint('plan', true, false, true)).toBeNull();
    expect(planModeHint('normal', false, false, true)).toBeNull();
  });

  it('shows the mode while it limits the tools, and keeps it when the line narrows', () => {
    const status = { ...busyStatus(), mode: 'plan' as const };
    expect(statusText(status, 723_000, 250)).toMatch(/gpt-5\.2 · suggest · plan mode$/);
    expect(statusText(status, 723_000, 60)).toContain('plan mode');
    expect(statusText({ ...status, mode: 'normal' }, 723_000, 250)).not.toContain('mode');
  });
});

describe('the plan checklist the TUI keeps (PlanModeControl)', () => {
  it("keeps the model's plan, takes the user's edit, tells the model of the edit once, and on approval leaves plan mode with the plan as the live checklist", () => {
    const emitted: AgentEvent[] = [];
    let mode: 'plan' | 'normal' = 'plan';
    const control = new PlanModeControl({ leave: () => (mode = 'normal'), inPlanMode: () => mode === 'plan', emit: (e) => emitted.push(e) });
    control.observe({ type: 'plan.updated', explanation: null, plan: [{ step: 'Read it', status: 'pending' }] });
    expect(control.text()).toBe('Read it');
    expect(control.prompt('shorter, please')).toBe('shorter, please');

    expect(control.edit('Read it\nTest it')).toBe(2);
    expect(emitted.at(-1)).toEqual({
      type: 'plan.updated',
      explanation: 'edited by you',
      plan: [
        { step: 'Read it', status: 'pending' },
        { step: 'Test it', status: 'pending' },
      ],
    });
    expect(() => control.edit('\n  \n')).toThrow(/no steps/);
    expect(control.prompt('and a changelog line')).toBe('I edited the plan to:\n1. Read it\n2. Test it\n\nand a changelog line');
    expect(control.prompt('again')).toBe('again');

    const message = control.approve('go');
    expect(mode).toBe('normal');
    expect(message).toContain('1. Read it\n2. Test it');
    expect(emitted.at(-1)).toEqual({
      type: 'plan.updated',
      explanation: null,
      plan: [
        { step: 'Read it', status: 'pending' },
        { step: 'Test it', status: 'pending' },
      ],
    });
  });
});
