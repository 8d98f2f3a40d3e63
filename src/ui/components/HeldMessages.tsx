// The steers and queued messages of the running turn, above the prompt, each with its state.
import { memo } from 'react';
import { Box, Text } from 'ink';
import type { HeldEntry } from '../heldMessages.js';
import { paint, useColor } from '../theme.js';

const TONE = { 'steering…': 'cyan', applied: 'green', queued: 'magenta', 'sent with the next request': 'yellow', 'failed — will resend': 'yellow' } as const;

export const HeldMessages = memo(function HeldMessages({ entries, width }: { entries: readonly HeldEntry[]; width: number }) {
  const color = useColor();
  if (entries.length === 0) return null;
  return (
    <Box flexDirection="column">
      {entries.map((entry) => (
        <Text key={entry.id} wrap="truncate-end">
          <Text {...paint(color, { dim: true })}>{entry.kind === 'steer' ? '↳ steer ' : '⋯ next  '}</Text>
          {oneLine(entry.text, Math.max(10, width - 40))}
          <Text {...paint(color, { tone: TONE[entry.label] })}> · {entry.label}</Text>
        </Text>
      ))}
      <Text {...paint(color, { dim: true })}>Enter steers · Tab queues for the next turn · ↑ on an empty prompt edits the last queued</Text>
    </Box>
  );
});

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
