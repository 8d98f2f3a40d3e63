// A unified diff, coloured: additions green, removals red, hunk headers cyan, file headers bold.
import { Box, Text } from 'ink';
import type { BoundedDiff, DiffLineKind } from '../diffLines.js';
import { type Look, paint, useColor } from '../theme.js';

const LOOKS: Record<DiffLineKind, Look> = {
  add: { tone: 'green' },
  del: { tone: 'red' },
  hunk: { tone: 'cyan' },
  header: { bold: true },
  meta: { dim: true },
  warning: { bold: true, tone: 'yellow' },
  context: {},
};

export interface DiffViewProps {
  diff: BoundedDiff;
  /** Columns to indent by. */
  indent?: number;
  /** Long lines: cut (cards) or wrapped (the /diff block). */
  wrap?: 'truncate-end' | 'wrap';
  /** Said after the count of omitted lines. */
  moreHint?: string;
}

export function DiffView({ diff, indent = 0, wrap = 'truncate-end', moreHint }: DiffViewProps) {
  const color = useColor();
  return (
    <Box flexDirection="column" paddingLeft={indent}>
      {diff.lines.map((line, i) => (
        <Text key={i} wrap={wrap} {...paint(color, LOOKS[line.kind])}>
          {line.text === '' ? ' ' : line.text}
        </Text>
      ))}
      {diff.omitted > 0 ? (
        <Text {...paint(color, { dim: true })}>
          … {diff.omitted} more line{diff.omitted === 1 ? '' : 's'}
          {moreHint ? ` (${moreHint})` : ''}
        </Text>
      ) : null}
    </Box>
  );
}
