// The model's plan as a checklist: ✔ done, ▸ in progress (highlighted), ☐ pending; with colour off
// (NO_COLOR) the marks are plain ASCII, [x] [>] [ ], so the state never depends on colour. Live above
// the prompt while the turn runs (updated in place, a long plan windowed around the current step),
// and once more in the transcript as it stood when the turn ended.
import { memo } from 'react';
import { Box, Text } from 'ink';
import { planProgress, planWindow } from '../planState.js';
import { type Look, paint, useColor } from '../theme.js';
import type { PlanStatus, PlanStep } from '../uiTypes.js';

const MARKS: Record<PlanStatus, { color: string; plain: string; look: Look }> = {
  completed: { color: '✔', plain: '[x]', look: { tone: 'green' } },
  in_progress: { color: '▸', plain: '[>]', look: { tone: 'cyan', bold: true } },
  pending: { color: '☐', plain: '[ ]', look: { dim: true } },
};

export interface PlanChecklistProps {
  steps: PlanStep[];
  /** Steps shown at most (a longer plan is windowed around the step in progress). */
  maxSteps?: number;
}

/** Terminal rows the checklist takes for this plan. */
export function planRows(steps: PlanStep[], maxSteps: number): number {
  const window = planWindow(steps, maxSteps);
  return 1 + window.steps.length + (window.above > 0 ? 1 : 0) + (window.below > 0 ? 1 : 0);
}

export const PlanChecklist = memo(function PlanChecklist({ steps, maxSteps = 12 }: PlanChecklistProps) {
  const color = useColor();
  if (steps.length === 0) return null;
  const window = planWindow(steps, maxSteps);
  const dim = paint(color, { dim: true });
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text {...paint(color, { bold: true })}>Plan</Text>
        <Text {...dim}> · {planProgress(steps)}</Text>
      </Text>
      {window.above > 0 ? <Text {...dim}>{`  … ${window.above} earlier`}</Text> : null}
      {window.steps.map((step, i) => {
        const mark = MARKS[step.status];
        const current = step.status === 'in_progress';
        return (
          <Text key={window.first + i} wrap="truncate-end">
            <Text {...paint(color, mark.look)}>{`  ${color ? mark.color : mark.plain} `}</Text>
            <Text {...paint(color, current ? { bold: true } : step.status === 'completed' ? { dim: true } : {})}>{step.step}</Text>
          </Text>
        );
      })}
      {window.below > 0 ? <Text {...dim}>{`  … ${window.below} more`}</Text> : null}
    </Box>
  );
});
