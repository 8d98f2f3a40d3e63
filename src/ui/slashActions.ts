// What each slash command does: calls on the AgentController, and what the transcript shows about
// it. The UI never reaches past the controller.
import { undoReport } from './undoReport.js';
import { forkNotice } from './forkNotice.js';
import { runInitCommand, runPlanCommand } from './planActions.js';
import { approvalModeListing } from '../config/approvalModes.js';
import type { AgentController } from './AgentController.js';
import { looksLikeDiff } from './diffLines.js';
import type { SlashCommand } from './slashCommands.js';
import { hooksReport } from './hooksReport.js';
import { mcpReport } from './mcpReport.js';
import { skillsReport } from './skillsReport.js';
import { statusReport } from './statusReport.js';
import type { UiInput, UiState } from './uiTypes.js';

export interface SlashContext {
  controller: AgentController;
  dispatch: (event: UiInput) => void;
  getState: () => UiState;
  /** Ends the session with this exit code. */
  quit: (code: number) => void;
  now?: () => number;
  /** Puts text in the prompt (the model pick list opens under `/model `). */
  setPrompt?: (text: string) => void;
  /** Opens the rewind menu (/rewind). */
  openRewind?: () => void;
  /** Starts a turn with this prompt, as Enter would (`/plan TASK`). */
  startTurn?: (prompt: string) => void;
  /** Puts the plan in the prompt; the next Enter replaces the checklist with it (`/plan edit`). */
  beginPlanEdit?: (text: string) => void;
}

const BUSY = 'A turn is running: wait for it to finish, or press Esc to cancel it.';

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function runSlashCommand(command: SlashCommand, ctx: SlashContext): Promise<void> {
  const { controller, dispatch } = ctx;
  const notice = (level: 'info' | 'warn' | 'error' | 'dim', text: string) => dispatch({ type: 'ui.notice', level, text });
  const busy = ctx.getState().busy;
  try {
    switch (command.kind) {
      case 'help':
        dispatch({
          type: 'ui.help',
          own: (controller.promptCommands?.() ?? []).map((p) => ({ label: `/${p.name}${p.argumentHint ? ` ${p.argumentHint}` : ''}`, summary: p.description })),
        });
        return;
      case 'quit':
        ctx.quit(0);
        return;
      case 'status':
        dispatch({
          type: 'ui.block',
          title: 'Status',
          body: statusReport(ctx.getState().status, (ctx.now ?? performance.now.bind(performance))(), controller.requestFootprint?.() ?? null),
          format: 'text',
        });
        return;
      case 'skills':
        dispatch({ type: 'ui.block', title: 'Skills', body: skillsReport(controller.skills?.() ?? { skills: [], problems: [] }), format: 'text' });
        return;
      case 'hooks':
        dispatch({ type: 'ui.block', title: 'Hooks', body: hooksReport(controller.hooks?.() ?? { hooks: [], notices: [] }), format: 'text' });
        return;
      case 'mcp':
        dispatch({ type: 'ui.block', title: 'MCP servers', body: mcpReport(controller.mcpServers?.() ?? []), format: 'text' });
        return;
      case 'clear':
        if (busy) return notice('warn', BUSY);
        controller.clear();
        dispatch({ type: 'ui.cleared' });
        return;
      case 'new': {
        if (busy) return notice('warn', BUSY);
        notice('dim', 'starting a new session…');
        const started = await controller.newSession();
        dispatch({ type: 'ui.new_session', ...started });
        return;
      }
      case 'compact': {
        if (busy) return notice('warn', BUSY);
        // The transcript shows the compaction's start and end from its events; a result is a note besides.
        const result = await controller.compact(command.focus ?? undefined);
        if (result) notice('info', result);
        return;
      }
      case 'diff': {
        const diff = await controller.diff();
        if (diff.trim() === '') notice('info', 'No changes against HEAD.');
        else if (looksLikeDiff(diff)) dispatch({ type: 'ui.block', title: 'Working tree diff against HEAD', body: diff, format: 'diff' });
        else notice('info', diff.trim());
        return;
      }
      case 'review': {
        if (busy) return notice('warn', BUSY);
        if (!controller.review) return notice('warn', '/review is not available here.');
        notice('dim', 'reviewing (read-only)…');
        dispatch({ type: 'ui.block', ...(await controller.review(command.target, command.focus)), format: 'text' });
        return;
      }
      case 'undo': {
        if (busy) return notice('warn', BUSY);
        const summary = await controller.undo();
        if (!summary) return notice('info', 'Nothing to undo: no turn has changed files yet.');
        dispatch({ type: 'ui.block', ...undoReport(summary), format: 'text' });
        return;
      }
      case 'rewind':
        if (busy) return notice('warn', BUSY);
        ctx.openRewind?.();
        return;
      case 'fork': {
        if (busy) return notice('warn', BUSY);
        if (!controller.fork) return notice('warn', 'Fork is not available here.');
        const forked = await controller.fork();
        return notice('info', forkNotice(forked));
      }
      case 'model': {
        if (command.model === null) {
          // The server's models as a pick list: `/model ` in the prompt opens it (↑ ↓, Enter).
          const models = await controller.listModels().catch(() => null);
          if (models === null || models.length === 0) {
            return notice('info', `Model: ${ctx.getState().status.model} (/model NAME switches, from the next request on; the server did not list its models)`);
          }
          ctx.setPrompt?.('/model ');
          return notice(
            'info',
            `Model: ${ctx.getState().status.model}. The server offers: ${models.join(', ')}. Choose one below (↑ ↓, Enter), or type /model NAME.`,
          );
        }
        // A name the server does not list is refused (when it lists any).
        const offered = await controller.listModels().catch(() => null);
        if (offered && offered.length > 0 && !offered.includes(command.model)) {
          return notice('warn', `The server does not offer the model ${command.model}. It offers: ${offered.join(', ')}.`);
        }
        controller.setModel(command.model);
        dispatch({ type: 'ui.settings', model: command.model });
        return notice('info', `✓ model set to ${command.model}`);
      }
      case 'effort': {
        if (command.level === null) return notice('info', `${controller.effort()} (/effort LEVEL sets it, from the next request on)`);
        return notice('info', `✓ ${controller.setEffort(command.level)}`);
      }
      case 'approval': {
        if (command.mode === null) {
          return notice('info', `Approval mode: ${ctx.getState().status.approval}. /approval MODE sets one of:\n${approvalModeListing()}`);
        }
        controller.setApproval(command.mode);
        dispatch({ type: 'ui.settings', approval: command.mode });
        return notice('info', `✓ approval mode set to ${command.mode}`);
      }
      case 'plan':
        return await runPlanCommand(command, ctx);
      case 'init':
        return await runInitCommand(ctx);
      case 'invalid':
        return notice('warn', command.message);
      default:
        return;
    }
  } catch (err) {
    notice('error', `✗ ${message(err)}`);
  }
}
