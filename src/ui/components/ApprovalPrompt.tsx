// The approval prompt for a tool call the approval mode asks about: the call, why it asks, a
// preview of the change for edits, the whole command (wrapped) for a command, and the choices (y
// yes, n no and an optional reason, a always). A command too long for the screen shows its start
// and says that Ctrl-O prints all of it. Presentational: the App routes keys to approvalKey() and
// passes the input state in.
import { Box, Text } from 'ink';
import { CHOOSING, type ApprovalInput } from '../approvalKeys.js';
import { approvalPreview, commandRows } from '../approvalPreview.js';
import { diffLines } from '../diffLines.js';
import { headLines } from '../textLines.js';
import { paint, useColor } from '../theme.js';
import type { PendingApproval } from '../uiTypes.js';
import { DiffView } from './DiffView.js';
import { splitDisplay } from './ToolCard.js';

const PREVIEW_LINES = 24;

export interface ApprovalPromptProps {
  approval: PendingApproval;
  input?: ApprovalInput;
  /** More requests waiting after this one. */
  queued?: number;
  /** Lines the preview may take (the prompt must fit the terminal). */
  previewLines?: number;
  /** Reads the file an edit changes, for the diff's real line numbers. */
  readFile?: (path: string) => string | null;
  /** Terminal columns: a command that does not fit the title line is shown whole, wrapped. */
  width?: number;
}

/** Border, padding and the command's indent. */
const COMMAND_INDENT = 6;

export function ApprovalPrompt({ approval, input = CHOOSING, queued = 0, previewLines = PREVIEW_LINES, readFile, width = 80 }: ApprovalPromptProps) {
  const budget = Math.max(1, Math.min(PREVIEW_LINES, previewLines));
  const color = useColor();
  const display = splitDisplay(approval.name, approval.display);
  const preview = approval.diff ? { kind: 'diff' as const, body: approval.diff } : approvalPreview(approval.args, readFile);
  // The title line is cut at the terminal's width (and the display at 120 characters): a command
  // that would be cut there is shown below it instead, whole.
  const title = `? ${display.name} ${display.rest}${queued > 0 ? ` (+${queued} more waiting)` : ''}`;
  const commandBelow = preview?.kind === 'command' && (!display.rest.includes(preview.body) || [...title].length > width - 4);
  const parts = commandBelow ? { name: display.name, rest: '' } : display;
  const command = commandBelow && preview?.kind === 'command' ? commandRows(preview.body, width - COMMAND_INDENT, budget) : null;
  const dim = paint(color, { dim: true });
  const key = (k: string) => <Text {...paint(color, { bold: true, tone: 'yellow' })}>{k}</Text>;
  return (
    <Box flexDirection="column" borderStyle="round" {...(color && { borderColor: 'yellow' })} paddingX={1}>
      <Text wrap="truncate-end">
        <Text {...paint(color, { tone: 'yellow' })}>? </Text>
        <Text {...paint(color, { bold: true })}>{parts.name}</Text>
        {parts.rest ? <Text> {parts.rest}</Text> : null}
        {queued > 0 ? <Text {...dim}> (+{queued} more waiting)</Text> : null}
      </Text>
      {approval.reason ? <Text {...dim}>{approval.reason}</Text> : null}
      {command ? (
        <Box flexDirection="column">
          {command.lines.map((line, i) => (
            <Box key={i} paddingLeft={2}>
              <Box width={2} flexShrink={0}>
                <Text {...dim}>{i === 0 ? '$' : ''}</Text>
              </Box>
              <Box flexGrow={1}>
                <Text wrap="wrap">{line}</Text>
              </Box>
            </Box>
          ))}
          {command.omitted > 0 || command.cut ? (
            <Text {...dim}>
              {'  … '}
              {command.omitted > 0 ? `${command.omitted} more line${command.omitted === 1 ? '' : 's'} · ` : ''}ctrl-o prints the whole command
            </Text>
          ) : null}
        </Box>
      ) : null}
      {preview?.kind === 'diff' ? <DiffView diff={diffLines(preview.body, budget)} /> : null}
      {preview?.kind === 'text' ? (
        <Box flexDirection="column">
          <Text {...dim}>{preview.title}:</Text>
          {headLines(preview.body, budget).lines.map((line, i) => (
            <Text key={i} wrap="truncate-end">
              {'  '}
              {line}
            </Text>
          ))}
        </Box>
      ) : null}
      {input.mode === 'choose' && approval.question ? (
        <Text>
          {key('y')} yes · {key('n')} no
        </Text>
      ) : input.mode === 'choose' ? (
        <Text>
          Allow? {key('y')} yes · {key('n')} no · {key('a')} always allow {parts.name}
          {approval.server ? (
            <Text>
              {' '}
              · {key('s')} always allow every tool of {approval.server}
            </Text>
          ) : null}
          {approval.allowPrefix ? (
            <Text>
              {' '}
              · {key('p')} always allow commands starting with <Text {...paint(color, { bold: true })}>`{approval.allowPrefix.join(' ')}`</Text>
            </Text>
          ) : null}{' '}
          · <Text {...dim}>Esc denies and cancels the turn</Text>
        </Text>
      ) : (
        <Text>
          Reason for the model (optional, Enter sends): {input.reason}
          {color ? <Text inverse> </Text> : '█'}
        </Text>
      )}
    </Box>
  );
}
