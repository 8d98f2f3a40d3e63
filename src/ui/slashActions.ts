// What each slash command does: calls on the AgentController, and what the transcript shows about
// it. The UI never reaches past the controller.
import { approvalModeListing } from '../config/approvalModes.js';
import type { AgentController } from './AgentController.js';
import { looksLikeDiff } from './diffLines.js';
import type { SlashCommand } from './slashCommands.js';
import { mcpReport } from './mcpReport.js';
import { statusReport } from './statusReport.js';
import type { UiInput, UiState } from './uiTypes.js';

export interface SlashContext {
  controller: AgentController;
  dispatch: (event: UiInput) => void;
  getState: () => UiState;
  /** Ends the session with this exit code. */
  quit: (code: number) => void;
  now?: () => number;
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
        dispatch({ type: 'ui.help' });
        return;
      case 'quit':
        ctx.quit(0);
        return;
      case 'status':
        dispatch({ type: 'ui.block', title: 'Status', body: statusReport(ctx.getState().status, (ctx.now ?? performance.now.bind(performance))()), format: 'text' });
        return;
      case 'mcp':
        dispatch({ type: 'ui.block', title: 'MCP servers', body: mcpReport(controller.mcpServers?.() ?? []), format: 'text' });
        return;
      case 'clear':
        if (busy) return notice('warn', BUSY);
        controller.clear();
        dispatch({ type: 'ui.cleared' });
        return;
      case 'compact': {
        if (busy) return notice('warn', BUSY);
        notice('dim', 'compacting the conversation…');
        const result = await controller.compact();
        notice('info', `✓ ${result || 'compacted'}`);
        return;
      }
      case 'diff': {
        const diff = await controller.diff();
        if (diff.trim() === '') notice('info', 'No changes against HEAD.');
        else if (looksLikeDiff(diff)) dispatch({ type: 'ui.block', title: 'Working tree diff against HEAD', body: diff, format: 'diff' });
        else notice('info', diff.trim());
        return;
      }
      case 'undo': {
        if (busy) return notice('warn', BUSY);
        const summary = await controller.undo();
        if (!summary) return notice('info', 'Nothing to undo: no turn has changed files yet.');
        const lines = [
          ...summary.restored.map((p) => `restored  ${p}`),
          ...summary.removed.map((p) => `removed   ${p}`),
        ];
        dispatch({
          type: 'ui.block',
          title: `Undid the changes of turn ${summary.turn}`,
          body: lines.length > 0 ? lines.join('\n') : '(no files needed restoring)',
          format: 'text',
        });
        return;
      }
      case 'model': {
        if (command.model === null) {
          return notice('info', `Model: ${ctx.getState().status.model} (/model NAME switches, from the next request on)`);
        }
        controller.setModel(command.model);
        dispatch({ type: 'ui.settings', model: command.model });
        return notice('info', `✓ model set to ${command.model}`);
      }
      case 'approval': {
        if (command.mode === null) {
          return notice('info', `Approval mode: ${ctx.getState().status.approval}. /approval MODE sets one of:\n${approvalModeListing()}`);
        }
        controller.setApproval(command.mode);
        dispatch({ type: 'ui.settings', approval: command.mode });
        return notice('info', `✓ approval mode set to ${command.mode}`);
      }
      case 'invalid':
        return notice('warn', command.message);
      default:
        return;
    }
  } catch (err) {
    notice('error', `✗ ${message(err)}`);
  }
}
