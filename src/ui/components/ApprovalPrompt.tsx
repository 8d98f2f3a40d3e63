// The approval prompt for a tool call the approval mode asks about: y approves, a approves this
// tool for the rest of the session, n denies and then asks for an optional reason (Enter sends it,
// empty is fine) that goes back to the model with the denial.
import { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { ApprovalDecision } from '../../agent/events.js';
import { approvalPreview } from '../approvalPreview.js';
import { diffLines } from '../diffLines.js';
import { headLines } from '../textLines.js';
import { paint, useColor } from '../theme.js';
import type { PendingApproval } from '../uiState.js';
import { DiffView } from './DiffView.js';
import { splitDisplay } from './ToolCard.js';

const PREVIEW_DIFF_LINES = 24;
const PREVIEW_TEXT_LINES = 10;

export interface ApprovalPromptProps {
  approval: PendingApproval;
  onAnswer: (decision: ApprovalDecision) => void;
  /** More requests waiting after this one. */
  queued?: number;
  active?: boolean;
}

export function ApprovalPrompt({ approval, onAnswer, queued = 0, active = true }: ApprovalPromptProps) {
  const color = useColor();
  const [mode, setMode] = useState<'choose' | 'reason'>('choose');
  const [reason, setReason] = useState('');

  useInput(
    (input, key) => {
      if (key.ctrl || key.escape) return;
      if (mode === 'choose') {
        const answer = input.toLowerCase();
        if (answer === 'y') onAnswer({ decision: 'approve' });
        else if (answer === 'a') onAnswer({ decision: 'always' });
        else if (answer === 'n') setMode('reason');
        return;
      }
      if (key.return) {
        const text = reason.trim();
        onAnswer(text ? { decision: 'deny', reason: text } : { decision: 'deny' });
        return;
      }
      if (key.backspace || key.delete) {
        setReason((r) => [...r].slice(0, -1).join(''));
        return;
      }
      if (key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab) return;
      const typed = input.replace(/[\u0000-\u001f\u007f]/g, '');
      if (typed) setReason((r) => r + typed);
    },
    { isActive: active },
  );

  const parts = splitDisplay(approval.name, approval.display);
  const preview = approvalPreview(approval.args);
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
      {preview?.kind === 'diff' ? <DiffView diff={diffLines(preview.body, PREVIEW_DIFF_LINES)} /> : null}
      {preview?.kind === 'text' ? (
        <Box flexDirection="column">
          <Text {...dim}>{preview.title}:</Text>
          {headLines(preview.body, PREVIEW_TEXT_LINES).lines.map((line, i) => (
            <Text key={i} wrap="truncate-end">
              {'  '}
              {line}
            </Text>
          ))}
        </Box>
      ) : null}
      {mode === 'choose' ? (
        <Text>
          Allow? {key('y')} yes · {key('n')} no · {key('a')} always allow {approval.name} · <Text {...dim}>Esc cancels the turn</Text>
        </Text>
      ) : (
        <Text>
          Reason for the model (optional, Enter sends): {reason}
          <Text {...paint(color, { inverse: true })}>{color ? ' ' : '█'}</Text>
        </Text>
      )}
    </Box>
  );
}
