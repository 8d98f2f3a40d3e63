// What /plan and /init do in the TUI, on top of the controller. Plan mode changes between turns
// only (the next request starts one new chain with the read-only tools); /init runs its read-only
// turn, then the controller shows the proposed AGENTS.md as a diff and asks before writing it.
import type { AgentController } from './AgentController.js';
import type { SlashCommand } from './slashCommands.js';
import type { UiInput, UiState } from './uiTypes.js';

/** What these commands need of the slash commands' context. */
export interface PlanCommandContext {
  controller: AgentController;
  dispatch: (event: UiInput) => void;
  getState: () => UiState;
  startTurn?: (prompt: string) => void;
  beginPlanEdit?: (text: string) => void;
}

const BUSY = 'A turn is running: wait for it to finish, or press Esc to cancel it.';

export async function runPlanCommand(command: Extract<SlashCommand, { kind: 'plan' }>, ctx: PlanCommandContext): Promise<void> {
  const { controller, dispatch } = ctx;
  const notice = (level: 'info' | 'warn' | 'dim', text: string) => dispatch({ type: 'ui.notice', level, text });
  if (!controller.setPlanMode) return notice('warn', 'Plan mode is not available here.');
  if (ctx.getState().busy) return notice('warn', BUSY);
  const mode = controller.workMode?.() ?? 'normal';
  switch (command.action) {
    case 'off':
      if (mode !== 'plan') return notice('info', 'Not in plan mode.');
      await controller.setPlanMode(false);
      return;
    case 'edit': {
      const text = controller.planText?.() ?? '';
      if (text === '') return notice('info', 'There is no plan to edit yet: ask for one first (/plan TASK).');
      ctx.beginPlanEdit?.(text);
      return;
    }
    default:
      if (mode === 'plan' && !command.task) return notice('info', 'Already in plan mode: describe the task, or /plan off to leave.');
      if (mode !== 'plan') await controller.setPlanMode(true);
      if (command.task) ctx.startTurn?.(command.task);
      return;
  }
}

export async function runInitCommand(ctx: PlanCommandContext): Promise<void> {
  const { controller, dispatch } = ctx;
  if (!controller.initAgentsFile) return dispatch({ type: 'ui.notice', level: 'warn', text: '/init is not available here.' });
  if (ctx.getState().busy) return dispatch({ type: 'ui.notice', level: 'warn', text: BUSY });
  dispatch({ type: 'ui.submitted' });
  try {
    const said = await controller.initAgentsFile();
    dispatch({ type: 'ui.notice', level: 'info', text: said });
  } finally {
    dispatch({ type: 'ui.idle' });
  }
}
